// Registering in a real browser: a dentist joins Pearl Dental with the reference code its
// owner shares on "Users", cannot sign in while blocked, the owner activates them, and the
// dentist signs in. Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMolard } from './lib/molard.mjs';
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

async function signOut(page) {
  await submitWith(page, banner(page).getByRole('button', { name: 'Sign out', exact: true }));
}

describe('registration', () => {
  let browser;
  let molard;

  before(async () => {
    browser = await launchBrowser();
    molard = await startMolard({ args: ['--demo-data'] });
  });

  after(async () => {
    await molard?.stop();
    await browser?.close();
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
});
