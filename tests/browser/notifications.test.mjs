// Notifications end to end, with the notify-email plugin and a real SMTP server: the lab
// moves a case along, the case's owner gets the email (recipients, subject, both parts,
// links, language), and its track link opens that case's public tracker. Then a message
// the mail server refused shows on the lab admins' Notifications page with the server's
// reason, and "Send again" delivers it once the server takes it. A dentist who turns status
// emails off on the settings page (which offers only the channels enabled) gets none.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchBrowser, newPage, submitWith, screenshot } from './lib/browser.mjs';
import { createDataDir, removeDataDir, startMolard } from './lib/molard.mjs';
import {
  LAB_ADMIN, PEARL_DENTIST, CASE_NUMBER, signIn, open, pathOf, unnamedControls, headingOutline, outlineProblems,
  lowContrastText,
} from './lib/cases.mjs';
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

/** Moves a case along as the lab admin does, from the case page. */
async function labAction(page, baseUrl, number, status, action) {
  await open(page, `${baseUrl}/lab/cases?status=${status}`);
  await page.getByRole('main').getByRole('link', { name: number }).click();
  await submitWith(page, page.getByRole('button', { name: action, exact: true }));
}

describe('notifications by email', () => {
  let dataDir;
  let sink;
  let molard;
  let browser;

  before(async () => {
    dataDir = await createDataDir();
    // The demo's second practice uses smile.example: the mail server refuses it for now.
    [sink, browser] = await Promise.all([startSmtpSink({ refuse: ['smile.example'] }), launchBrowser()]);
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
        // The demo data queues a few hundred messages at start; more workers clear them sooner.
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

  it('a status change by the lab emails the case owner a track link that opens the tracker', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = await newPage(browser, { locale: 'en-US' });
    await signIn(page, molard.url, LAB_ADMIN);
    await open(page, `${molard.url}/lab/cases?status=design`);
    // A case of the practice whose mail the server takes (smile.example's is refused for now).
    const [number, ownerEmail, ownerName] = sql(dataDir,
      `SELECT c.number || '|' || u.email || '|' || u.first_name || ' ' || u.last_name FROM cases_cases c
       JOIN molar_users u ON u.id = c.owner_user_id
       WHERE c.status = 'design' AND u.email LIKE '%@pearl.example' ORDER BY c.id LIMIT 1`).split('|');
    assert.match(number, CASE_NUMBER);
    await page.getByRole('main').getByRole('link', { name: number }).click();

    await submitWith(page, page.getByRole('button', { name: 'Move to production', exact: true }));
    assert.match(await page.getByRole('main').textContent(), /Production/);

    const subject = `Case ${number}: Manufacturing`;
    const mail = await sink.waitFor((m) => m.subject === subject, `"${subject}"`, 60_000);
    assert.deepEqual(mail.envelope.rcptTos, [ownerEmail], 'only the case owner gets it');
    assert.equal(mail.to.value[0].address, ownerEmail);
    assert.equal(mail.to.value[0].name, ownerName);
    assert.equal(mail.from.value[0].address, 'lab@lab.example');
    assert.match(mail.headers.get('content-type').value, /multipart\/alternative/);
    assert.match(mail.messageId, /^<molar\.\d+@lab\.example>$/);
    assert.equal(mail.headers.get('content-language'), 'en');
    assert.ok(mail.raw.includes(`\r\nList-Unsubscribe: <${molard.url}/account/notifications>\r\n`),
      'List-Unsubscribe leads to the notification settings');

    const trackUrl = `${molard.url}/track/${number}`;
    assert.match(mail.text, new RegExp(`^Hello ${ownerName},`));
    assert.ok(mail.text.includes(`Your case ${number}`), mail.text);
    assert.ok(mail.text.includes(`Track the case: ${trackUrl}`), mail.text);
    assert.match(mail.html, /<html lang="en" dir="ltr">/);
    assert.ok(mail.html.includes(`href="${trackUrl}"`), mail.html);

    // The lab admin finds it among the messages sent, with what was sent and the provider's id.
    await open(page, `${molard.url}/admin/notifications?status=sent`);
    await page.getByRole('link', { name: subject, exact: true }).click();
    const facts = await page.getByRole('region', { name: /^Message #\d+$/ }).textContent();
    assert.match(facts, /Sent/);
    assert.ok(facts.includes(mail.messageId.replace(/^<|>$/g, '')), facts);
    assert.ok((await page.getByRole('region', { name: 'What was sent' }).textContent()).includes(trackUrl));

    // The link, opened by someone who is not signed in, shows that case's stage.
    const { page: visitor } = await newPage(browser, { locale: 'en-US' });
    const link = mail.html.match(/href="([^"]+\/track\/[^"]+)"/)[1];
    await open(visitor, link);
    assert.equal(pathOf(visitor), `/track/${number}`);
    await visitor.getByRole('heading', { name: number, exact: true }).waitFor();
    assert.match(await visitor.getByRole('main').textContent(), /Manufacturing/);
  });

  it('a refused message is listed with the reason and sent again on request', { timeout: TEST_TIMEOUT_MS }, async () => {
    const failed = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const id = sql(dataDir, `SELECT id FROM molar_notifications WHERE status = 'failed'
                                 AND address LIKE '%@smile.example' ORDER BY id DESC LIMIT 1`);
        if (id) return Number(id);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no message to smile.example failed');
    })();
    const address = sql(dataDir, `SELECT address FROM molar_notifications WHERE id = ${failed}`);
    const subject = sql(dataDir, `SELECT summary FROM molar_notifications WHERE id = ${failed}`);

    const { page } = await newPage(browser, { locale: 'en-US' });
    await signIn(page, molard.url, LAB_ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages sent', exact: true }).click();
    await page.getByRole('navigation', { name: 'Show messages' }).getByRole('link', { name: 'Failed', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: `#${failed}` });
    assert.match(await row.textContent(), /550 5\.1\.1 mailbox unavailable/);
    assert.ok((await row.textContent()).includes(address));

    // The mail server takes smile.example from now on: the same port, the same mailbox.
    await sink.stop({ keepMaildir: true });
    sink = await startSmtpSink({ port: sink.port, maildir: sink.maildir });

    await submitWith(page, row.getByRole('button', { name: `Send again #${failed}`, exact: true }));
    await page.getByRole('status').filter({ hasText: 'The message is queued again.' }).waitFor();
    const mail = await sink.waitFor((m) => m.envelope.rcptTos.includes(address) && m.subject === subject,
      `to ${address}: "${subject}"`);
    assert.match(mail.messageId, new RegExp(`^<molar\\.${failed}@lab\\.example>$`));
    assert.equal(sql(dataDir, `SELECT status FROM molar_notifications WHERE id = ${failed}`), 'sent');
  });

  it('the Notifications page is accessible in light and dark, and in Arabic', { timeout: TEST_TIMEOUT_MS }, async () => {
    const problems = [];
    for (const [colorScheme, locale] of [['light', 'en'], ['dark', 'en'], ['light', 'ar']]) {
      // Signed in in English, then switched to the page's language as the menu would.
      const { page, context } = await newPage(browser, { locale: 'en-US', colorScheme });
      await signIn(page, molard.url, LAB_ADMIN);
      // The language a person picks from the menu is kept in this cookie.
      if (locale === 'ar') await context.addCookies([{ name: 'molar_lang', value: 'ar', url: molard.url }]);
      await open(page, `${molard.url}/admin/notifications`);
      const where = `/admin/notifications (${colorScheme}, ${locale})`;
      // One message's own page too, the first one listed.
      const first = await page.getByRole('table').getByRole('link').first().getAttribute('href');
      const { page: detail, context: detailContext } = await newPage(browser, { locale: 'en-US', colorScheme });
      await signIn(detail, molard.url, LAB_ADMIN);
      if (locale === 'ar') await detailContext.addCookies([{ name: 'molar_lang', value: 'ar', url: molard.url }]);
      await open(detail, `${molard.url}${first}`);
      problems.push(...(await unnamedControls(detail)).unnamed.map((u) => `${first}: unnamed ${u}`));
      problems.push(...outlineProblems(await headingOutline(detail)).map((p) => `${first} (${colorScheme}, ${locale}): ${p}`));
      problems.push(...(await lowContrastText(detail)).map((p) => `${first} (${colorScheme}, ${locale}): ${p}`));
      await screenshot(detail, `admin-notification-${colorScheme}-${locale}`);
      await detailContext.close();
      if (locale === 'ar') {
        assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
        await page.getByRole('table', { name: 'الرسائل، الأحدث أولاً' }).waitFor();
      } else {
        await page.getByRole('table', { name: 'Messages, newest first' }).waitFor();
      }
      const { unnamed } = await unnamedControls(page);
      problems.push(...unnamed.map((u) => `${where}: unnamed ${u}`));
      problems.push(...outlineProblems(await headingOutline(page)).map((p) => `${where}: ${p}`));
      problems.push(...(await lowContrastText(page)).map((p) => `${where}: ${p}`));
      await screenshot(page, `admin-notifications-${colorScheme}-${locale}`);
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  it('a dentist who turns status emails off gets none, and sees only the channels enabled', { timeout: TEST_TIMEOUT_MS }, async () => {
    const number = sql(dataDir, `SELECT c.number FROM cases_cases c JOIN molar_users u ON u.id = c.owner_user_id
                                 WHERE c.status = 'qc' AND u.email = '${PEARL_DENTIST.email}' ORDER BY c.id LIMIT 1`);
    assert.match(number, CASE_NUMBER);

    const { page } = await newPage(browser, { locale: 'en-US' });
    await signIn(page, molard.url, PEARL_DENTIST);
    await open(page, `${molard.url}/account/notifications`);
    const table = page.getByRole('table', { name: 'Events and channels' });
    assert.ok(await table.getByRole('columnheader', { name: 'Email', exact: true }).isVisible());
    assert.equal(await table.getByRole('columnheader', { name: 'WhatsApp', exact: true }).count(), 0,
      'WhatsApp is not offered while its plugin is off');
    for (const nothingSendsIt of ['Invoice issued', 'Warranty issued', 'Credit balance low']) {
      assert.equal(await page.getByLabel(`Email: ${nothingSendsIt}`, { exact: true }).count(), 0,
        `${nothingSendsIt} is not offered while no enabled plugin sends it`);
    }
    const statusByEmail = page.getByLabel('Email: Case status changed', { exact: true });
    assert.ok(await statusByEmail.isChecked(), 'on until the dentist says otherwise');
    await statusByEmail.uncheck();
    await submitWith(page, page.getByRole('button', { name: 'Save settings', exact: true }));
    await page.getByRole('status').filter({ hasText: 'Your notification settings are saved.' }).waitFor();
    assert.equal(await page.getByLabel('Email: Case status changed', { exact: true }).isChecked(), false);

    await outboxIdle(dataDir);
    const before = Number(sql(dataDir, 'SELECT COALESCE(MAX(id), 0) FROM molar_notifications'));
    const { page: lab } = await newPage(browser, { locale: 'en-US' });
    await signIn(lab, molard.url, LAB_ADMIN);
    await labAction(lab, molard.url, number, 'qc', 'Ship');
    await outboxIdle(dataDir);
    const made = sql(dataDir, `SELECT COUNT(*) FROM molar_notifications WHERE id > ${before}
                               AND event = 'case.status_changed' AND address = '${PEARL_DENTIST.email}'`);
    assert.equal(made, '0', 'no status email for a dentist who turned them off');
    const mails = (await sink.messages()).filter((m) => m.subject === `Case ${number}: Out for delivery`);
    assert.equal(mails.length, 0);
    assert.equal(sql(dataDir, `SELECT status FROM cases_cases WHERE number = '${number}'`), 'shipped');
  });
});
