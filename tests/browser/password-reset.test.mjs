// Resetting a forgotten password in a real browser: the request answers the same for
// known and unknown addresses, the link is read from the queued message (the outbox row
// of account.password_reset_requested), works once, and the new password signs in.
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startMolard } from './lib/molard.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';

const OWNER = { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' };
const NEW_PASSWORD = 'a quiet harbour at dawn';
const SENT = 'If an account uses that address, a link to reset its password is on its way.';

/** The reset links queued for `email`, oldest first, as the notification channels would get them. */
function queuedLinks(dataDir, email) {
  const rows = execFileSync('sqlite3', [
    path.join(dataDir, 'molar.db'),
    "SELECT payload FROM molar_jobs WHERE name = 'accounts.log_message' ORDER BY id",
  ]).toString().trim();
  return rows.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((message) => message.email === email).map((message) => message.link);
}

async function requestReset(page, baseUrl, email) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await submitWith(page, page.getByRole('button', { name: 'Send the link' }));
  return (await page.getByRole('status').textContent()).trim();
}

async function signIn(page, baseUrl, login, password) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email or username', { exact: true }).fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submitWith(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

describe('password reset', { timeout: 60_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startMolard({
      args: ['--demo-data', '--set', 'accounts.logMessages=true'],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('answers an unknown address exactly like a known one, and queues nothing for it', async () => {
    const { context, page } = await newPage(browser);
    try {
      const unknown = await requestReset(page, server.url, 'nobody@nowhere.example');
      const known = await requestReset(page, server.url, OWNER.email);
      assert.ok(unknown.startsWith(SENT), unknown);
      assert.equal(unknown, known, 'the same answer for both');
      assert.deepEqual(queuedLinks(server.dataDir, 'nobody@nowhere.example'), []);
      assert.equal(queuedLinks(server.dataDir, OWNER.email).length, 1);
    } finally {
      await context.close();
    }
  });

  it('resets by the queued link once, then signs in with the new password only', async () => {
    const { context, page } = await newPage(browser);
    try {
      await requestReset(page, server.url, OWNER.email);
      const links = queuedLinks(server.dataDir, OWNER.email);
      const link = links[links.length - 1];
      assert.match(link, /\/password\/reset\/[0-9a-f]{64}$/);
      const local = new URL(new URL(link).pathname, server.url).href;

      await page.goto(local);
      assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), 'Choose a new password');
      await page.getByLabel('New password', { exact: true }).fill('password123');
      await page.getByLabel('New password again', { exact: true }).fill('password123');
      await submitWith(page, page.getByRole('button', { name: 'Save the new password' }));
      assert.match(await page.getByText('one of the most common').textContent(), /most common/);

      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('New password again', { exact: true }).fill(NEW_PASSWORD);
      await submitWith(page, page.getByRole('button', { name: 'Save the new password' }));
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.match(await page.getByRole('status').textContent(), /Your password is reset/);
      await screenshot(page, 'password-reset-done');

      const again = await page.goto(local);
      assert.equal(again.status(), 410, 'a used link is gone');
      assert.match(await page.getByRole('alert').textContent(), /expired or was already used/);

      await signIn(page, server.url, OWNER.email, OWNER.password);
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'the old password no longer works');
      await signIn(page, server.url, OWNER.email, NEW_PASSWORD);
      assert.equal(
        (await page.getByRole('banner').getByText(OWNER.name).textContent()).trim(), OWNER.name);
    } finally {
      await context.close();
    }
  });

  it('refuses a link that was never issued', async () => {
    const { context, page } = await newPage(browser);
    try {
      const answer = await page.goto(`${server.url}/password/reset/${'ab'.repeat(32)}`);
      assert.equal(answer.status(), 410);
    } finally {
      await context.close();
    }
  });
});
