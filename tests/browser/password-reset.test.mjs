// Resetting a forgotten password in a real browser: the request answers the same for
// known and unknown addresses, the link arrives by email (notify-email and a real SMTP
// server), works once, and the new password signs in.
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMolard } from './lib/molard.mjs';
import { startSmtpSink } from './lib/smtp.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';

const OWNER = { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' };
const NEW_PASSWORD = 'a quiet harbour at dawn';
const SENT = 'If an account uses that address, a link to reset its password is on its way.';

const RESET_SUBJECT = /^Reset your .* password$/;
const isReset = (mail, email) => mail.envelope.rcptTos.includes(email) && RESET_SUBJECT.test(mail.subject);
const resetLink = (mail) => mail.text.match(/https?:\/\/\S+\/password\/reset\/[0-9a-f]{64}/)[0];

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
  let sink;

  before(async () => {
    sink = await startSmtpSink();
    server = await startMolard({
      plugins: ['notify-email'],
      ownPublicUrl: true,
      args: ['--demo-data', '--set', 'notify-email.host=127.0.0.1', '--set', `notify-email.port=${sink.port}`,
        '--set', 'notify-email.security=none', '--set', 'jobs.pollMillis=50'],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  it('answers an unknown address exactly like a known one, and queues nothing for it', async () => {
    const { context, page } = await newPage(browser);
    try {
      const unknown = await requestReset(page, server.url, 'nobody@nowhere.example');
      const known = await requestReset(page, server.url, OWNER.email);
      assert.ok(unknown.startsWith(SENT), unknown);
      assert.equal(unknown, known, 'the same answer for both');
      // The owner's email arrives; none goes to the unknown address, asked for first.
      await sink.waitFor((mail) => isReset(mail, OWNER.email), `resetting ${OWNER.email}`);
      const mails = await sink.messages();
      assert.equal(mails.filter((mail) => mail.envelope.rcptTos.includes('nobody@nowhere.example')).length, 0);
      assert.equal(mails.filter((mail) => isReset(mail, OWNER.email)).length, 1);
    } finally {
      await context.close();
    }
  });

  it('resets by the queued link once, then signs in with the new password only', async () => {
    const { context, page } = await newPage(browser);
    try {
      const earlier = new Set((await sink.messages()).map((m) => m.messageId));
      await requestReset(page, server.url, OWNER.email);
      const mail = await sink.waitFor((m) => isReset(m, OWNER.email) && !earlier.has(m.messageId),
        `a new reset email to ${OWNER.email}`);
      const link = resetLink(mail);
      assert.ok(link.startsWith(`${server.url}/password/reset/`), link);

      await page.goto(link);
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

      const again = await page.goto(link);
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
