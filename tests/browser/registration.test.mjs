// Registering in a real browser: a dentist joins Pearl Dental with the reference code its
// owner shares on "Users", cannot sign in while blocked, the owner activates them, and the
// dentist signs in. An email that already has an account gets the very answer a new one
// gets, and that account's owner is told by email (notify-email and a real SMTP server).
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMolard } from './lib/molard.mjs';
import { startSmtpSink } from './lib/smtp.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';

const TEST_TIMEOUT_MS = 90_000;
const OWNER = { email: 'owner@pearl.example', password: 'demo pearl owner', name: 'Layla Haddad' };
const NEWCOMER = {
  first: 'Huda', last: 'Rahman', email: 'huda@pearl.example', username: 'huda.rahman',
  password: 'seven amber lanterns glow', phone: '+97455123456',
};
const INACTIVE = "Your account is not active yet. Your organization's owner or the lab activates it.";

const banner = (page) => page.getByRole('banner');
const main = (page) => page.getByRole('main');
const pathOf = (page) => new URL(page.url()).pathname;

async function signIn(page, baseUrl, login, password) {
  await page.goto(`${baseUrl}/`);
  await banner(page).getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByLabel('Email or username', { exact: true }).fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submitWith(page, main(page).getByRole('button', { name: 'Sign in', exact: true }));
}

// Registers a new practice with `who`'s details; returns what the answer's page says.
async function registerPractice(page, baseUrl, who) {
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('First name', { exact: true }).fill(who.first);
  await page.getByLabel('Last name', { exact: true }).fill(who.last);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Username', { exact: true }).fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByLabel('Password again', { exact: true }).fill(who.password);
  await page.getByLabel('Telephone', { exact: true }).fill(who.phone);
  await page.getByLabel('Clinic or business name', { exact: true }).fill('Corniche Smiles');
  await page.getByLabel('Shipping address', { exact: true }).fill('Corniche Road 5, Doha');
  await submitWith(page, main(page).getByRole('button', { name: 'Register', exact: true }));
  return { path: pathOf(page), text: (await main(page).textContent()).trim() };
}

async function signOut(page) {
  await submitWith(page, banner(page).getByRole('button', { name: 'Sign out', exact: true }));
}

describe('registration', () => {
  let browser;
  let molard;
  let sink;

  before(async () => {
    sink = await startSmtpSink();
    browser = await launchBrowser();
    molard = await startMolard({
      plugins: ['notify-email'],
      ownPublicUrl: true,
      args: ['--demo-data', '--set', 'notify-email.host=127.0.0.1', '--set', `notify-email.port=${sink.port}`,
        '--set', 'notify-email.security=none', '--set', 'jobs.pollMillis=50'],
    });
  });

  after(async () => {
    await molard?.stop();
    await browser?.close();
    await sink?.stop();
  });

  it('joins Pearl Dental by reference code, waits for the owner, then signs in', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      // The owner finds the organization's reference code on "Users".
      await signIn(page, molard.url, OWNER.email, OWNER.password);
      assert.ok(await banner(page).getByText(OWNER.name, { exact: true }).isVisible(), 'the owner is signed in');
      await banner(page).getByRole('link', { name: 'Users', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/organization/users');
      const intro = main(page).getByText('Reference code to share with new members:');
      const code = (await intro.getByRole('strong').textContent()).trim();
      assert.match(code, /^[A-Z2-9]{8}$/, `the reference code is shown (${code})`);
      await screenshot(page, 'registration-owner-users');
      await signOut(page);

      // The newcomer registers with the code.
      await banner(page).getByRole('link', { name: 'Register', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/register');
      assert.equal((await main(page).getByRole('heading', { level: 1 }).textContent()).trim(), 'Register');
      await page.getByLabel('First name', { exact: true }).fill(NEWCOMER.first);
      await page.getByLabel('Last name', { exact: true }).fill(NEWCOMER.last);
      await page.getByLabel('Email', { exact: true }).fill(NEWCOMER.email);
      await page.getByLabel('Username', { exact: true }).fill(NEWCOMER.username);
      await page.getByLabel('Password', { exact: true }).fill(NEWCOMER.password);
      await page.getByLabel('Password again', { exact: true }).fill('not the same passphrase');
      await page.getByLabel('Telephone', { exact: true }).fill(NEWCOMER.phone);
      await page.getByLabel('Reference code (optional)', { exact: true }).fill(code);
      await submitWith(page, main(page).getByRole('button', { name: 'Register', exact: true }));
      const again = page.getByLabel('Password again', { exact: true });
      assert.equal(await again.getAttribute('aria-invalid'), 'true', 'the mismatch is marked beside its field');
      assert.equal(await again.getAttribute('aria-describedby'), 'confirm-error', 'the error describes the field');
      assert.ok(await main(page).getByText('The two new passwords are not the same.', { exact: true }).isVisible(),
        'the mismatch error is shown');
      await screenshot(page, 'registration-error');

      await page.getByLabel('Password', { exact: true }).fill(NEWCOMER.password);
      await again.fill(NEWCOMER.password);
      await submitWith(page, main(page).getByRole('button', { name: 'Register', exact: true }));
      assert.equal(pathOf(page), '/register/done');
      assert.ok(await main(page).getByText('Your account waits for your organization', { exact: false }).isVisible(),
        'the page says the owner activates the account');
      await screenshot(page, 'registration-done');

      // Not yet active: signing in is refused with the inactive message.
      await signIn(page, molard.url, NEWCOMER.username, NEWCOMER.password);
      assert.equal(pathOf(page), '/sign-in');
      assert.equal((await main(page).getByRole('alert').textContent()).trim(), INACTIVE);
      await screenshot(page, 'registration-inactive');

      // The owner activates the newcomer.
      await signIn(page, molard.url, OWNER.email, OWNER.password);
      await banner(page).getByRole('link', { name: 'Users', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/organization/users');
      await page.getByLabel('Search by name or email', { exact: true }).fill('huda');
      await page.getByLabel('Account status', { exact: true }).selectOption({ label: 'Blocked' });
      await submitWith(page, main(page).getByRole('button', { name: 'Apply', exact: true }));
      const row = main(page).getByRole('row', { name: /Huda Rahman/ });
      assert.equal(await row.count(), 1, 'the newcomer is listed once');
      await screenshot(page, 'registration-owner-search');
      await submitWith(page, row.getByRole('button', { name: 'Activate Huda Rahman', exact: true }));
      assert.ok(await main(page).getByText('The account is active.', { exact: true }).isVisible());
      await screenshot(page, 'registration-owner-activated');
      await signOut(page);

      // Now the newcomer signs in.
      await signIn(page, molard.url, NEWCOMER.email, NEWCOMER.password);
      assert.equal(pathOf(page), '/', 'signing in leads home');
      assert.ok(await banner(page).getByText(`${NEWCOMER.first} ${NEWCOMER.last}`, { exact: true }).isVisible(),
        'the newcomer is signed in');
      await screenshot(page, 'registration-signed-in');
    } finally {
      await context.close();
    }
  });

  it('answers a taken email like a new one and tells that account\'s owner', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      const fresh = await registerPractice(page, molard.url, {
        first: 'Noor', last: 'Saleh', email: 'noor@corniche.example', username: 'noor.saleh',
        password: 'seven amber lanterns glow', phone: '+97455123457',
      });
      assert.equal(fresh.path, '/register/done');
      const taken = await registerPractice(page, molard.url, {
        first: 'Noor', last: 'Saleh', email: OWNER.email, username: 'someone.else',
        password: 'seven amber lanterns glow', phone: '+97455123457',
      });
      assert.equal(taken.path, fresh.path, 'the same page');
      assert.equal(taken.text, fresh.text, 'the same words: nothing says the email has an account');
      await screenshot(page, 'registration-taken-email');

      const notice = await sink.waitFor((mail) => mail.envelope.rcptTos.includes(OWNER.email)
        && /^Someone tried to register/.test(mail.subject), `the notice to ${OWNER.email}`);
      assert.match(notice.text, /No new account was made/);
      assert.match(notice.text, /\/password\/forgot/, 'it offers a new password');
      assert.doesNotMatch(notice.text, /seven amber lanterns glow/, 'nothing the stranger typed');
    } finally {
      await context.close();
    }
  });
});
