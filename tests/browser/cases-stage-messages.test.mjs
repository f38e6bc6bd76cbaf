// One message per change of the clinic's stage, end to end with the notify-email plugin and
// a real SMTP server: the lab moves a case from design through production, finishing and
// quality check (one stage, Manufacturing, for the clinic), then ships it; the case's owner
// gets one "Manufacturing" email and one "Out for delivery" email, not one per lab status.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchBrowser, newPage, submitWith } from './lib/browser.mjs';
import { createDataDir, removeDataDir, startMolard } from './lib/molard.mjs';
import { LAB_ADMIN, CASE_NUMBER, signIn, open } from './lib/cases.mjs';
import { startSmtpSink } from './lib/smtp.mjs';

const TEST_TIMEOUT_MS = 120_000;

function sql(dataDir, query) {
  return execFileSync('sqlite3', [path.join(dataDir, 'molar.db'), query]).toString().trim();
}

/** Waits until the outbox has nothing pending or running. */
async function outboxIdle(dataDir) {
  for (let i = 0; i < 300; i += 1) {
    if (sql(dataDir, "SELECT COUNT(*) FROM molar_jobs WHERE state IN ('pending', 'running')") === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the outbox is still busy after 30 s');
}

describe('stage messages', () => {
  let dataDir;
  let sink;
  let molard;
  let browser;

  before(async () => {
    dataDir = await createDataDir();
    [sink, browser] = await Promise.all([startSmtpSink(), launchBrowser()]);
    molard = await startMolard({
      dataDir,
      plugins: ['cases', 'notify-email'],
      ownPublicUrl: true,
      args: [
        '--demo-data',
        '--set', `files.root=${path.join(dataDir, 'files')}`,
        '--set', 'notify-email.host=127.0.0.1',
        '--set', `notify-email.port=${sink.port}`,
        '--set', 'notify-email.security=none',
        '--set', 'notify-email.from=Molar Dental Lab <lab@lab.example>',
        '--set', 'jobs.pollMillis=50',
        '--set', 'jobs.workers=8',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
    await sink?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('tells the clinic once per stage, not once per lab status', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = await newPage(browser, { locale: 'en-US' });
    await signIn(page, molard.url, LAB_ADMIN);
    const [number, ownerEmail] = sql(dataDir,
      `SELECT c.number || '|' || u.email FROM cases_cases c JOIN molar_users u ON u.id = c.owner_user_id
       WHERE c.status = 'design' AND u.email LIKE '%@pearl.example' ORDER BY c.id LIMIT 1`).split('|');
    assert.match(number, CASE_NUMBER);
    await outboxIdle(dataDir); // the demo data's own messages first
    const before = (await sink.messages()).length;

    await open(page, `${molard.url}/lab/cases?status=design`);
    await page.getByRole('main').getByRole('link', { name: number }).click();
    for (const action of ['Move to production', 'Move to finishing', 'Move to quality check']) {
      await submitWith(page, page.getByRole('button', { name: action, exact: true }));
    }
    await outboxIdle(dataDir);
    await sink.waitFor((m) => m.subject === `Case ${number}: Manufacturing`, 'the Manufacturing email');
    await submitWith(page, page.getByRole('button', { name: 'Ship', exact: true }));
    await outboxIdle(dataDir);
    await sink.waitFor((m) => m.subject === `Case ${number}: Out for delivery`, 'the Out for delivery email');

    const about = (await sink.messages()).slice(before).filter((m) => m.subject.startsWith(`Case ${number}:`));
    assert.deepEqual(about.map((m) => m.subject).sort(),
      [`Case ${number}: Manufacturing`, `Case ${number}: Out for delivery`],
      `one email per stage (${about.map((m) => m.subject).join(', ')})`);
    assert.ok(about.every((m) => m.envelope.rcptTos.join() === ownerEmail), 'each to the case\'s owner');
  });
});
