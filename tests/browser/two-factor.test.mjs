// Two-factor sign-in in a real browser: a demo clinic owner sets up an authenticator (the
// code is computed here from the key the page shows, per RFC 6238), signs out, signs in
// and is asked for the code before the session starts; a recovery code works once.
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startMolard } from './lib/molard.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';

const TEST_TIMEOUT_MS = 90_000;
const OWNER = { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' };

// --- RFC 6238 -----------------------------------------------------------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    assert.ok(index >= 0, `"${c}" is a base32 character`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code of `secret` for the 30-second step `stepOffset` steps from now. */
function totp(secret, stepOffset = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + stepOffset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

// --- what a person does -------------------------------------------------------------------

const pathOf = (page) => new URL(page.url()).pathname;
const main = (page) => page.getByRole('main');
const mainHeading = (page) => main(page).getByRole('heading', { level: 1 });
const banner = (page) => page.getByRole('banner');

async function submit(page, name) {
  const methods = await submitWith(page, main(page).getByRole('button', { name, exact: true }));
  assert.ok(methods.includes('POST'), `"${name}" posts the form`);
}

async function signIn(page, baseUrl) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email or username', { exact: true }).fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await submit(page, 'Sign in');
}

async function signOut(page) {
  await submitWith(page, banner(page).getByRole('button', { name: 'Sign out', exact: true }));
  assert.ok(await banner(page).getByRole('link', { name: 'Sign in', exact: true }).isVisible());
}

async function assertSignedIn(page) {
  assert.ok(await banner(page).getByText(OWNER.name, { exact: true }).isVisible(), 'the banner shows the name');
}

async function enterCode(page, code) {
  assert.equal(pathOf(page), '/sign-in/verify', 'the code page is open');
  assert.equal((await mainHeading(page).textContent()).trim(), 'Enter your authentication code');
  assert.equal(await banner(page).getByText(OWNER.name, { exact: true }).count(), 0, 'not signed in yet');
  await page.getByLabel('Authentication code', { exact: true }).fill(code);
  await submit(page, 'Verify');
}

// --- the test -----------------------------------------------------------------------------

describe('two-factor sign-in', () => {
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

  it('sets up an authenticator, asks for its code at sign-in, and takes a recovery code once', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(page, molard.url);
      await assertSignedIn(page);

      // Set up from the user menu.
      await banner(page).getByRole('link', { name: 'Two-factor sign-in', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/account/two-factor');
      assert.equal((await mainHeading(page).textContent()).trim(), 'Two-factor sign-in');
      await submit(page, 'Set up two-factor sign-in');
      const secret = (await page.getByLabel('Setup key', { exact: true }).inputValue()).trim();
      assert.match(secret, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'the key is shown in groups for typing');
      const uri = await main(page).getByRole('link', { name: 'open the key in an authenticator app' }).getAttribute('href');
      assert.ok(uri.startsWith('otpauth://totp/'), 'the otpauth:// link is offered');
      await screenshot(page, 'two-factor-setup');

      // A wrong code is refused beside the field.
      const code = page.getByLabel('Authentication code', { exact: true });
      await code.fill(totp(secret) === '000000' ? '111111' : '000000');
      await submit(page, 'Turn on two-factor sign-in');
      assert.equal(await code.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'two-factor-setup-error');

      await code.fill(totp(secret));
      await submit(page, 'Turn on two-factor sign-in');
      const codes = (await main(page).getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem')
        .allTextContents()).map((text) => text.trim());
      assert.equal(codes.length, 10, 'ten recovery codes are shown');
      assert.ok(await main(page).getByText('Two-factor sign-in is on.', { exact: false }).first().isVisible());
      await screenshot(page, 'two-factor-recovery-codes');

      // Signing in now asks for the code before any session. The next step's code: the
      // one used to confirm is never accepted again.
      await signOut(page);
      await signIn(page, molard.url);
      await screenshot(page, 'two-factor-verify');
      await enterCode(page, totp(secret, 1));
      assert.equal(pathOf(page), '/', 'the right code leads home');
      await assertSignedIn(page);
      await screenshot(page, 'two-factor-signed-in');

      // A recovery code stands in for the app, once.
      await signOut(page);
      await signIn(page, molard.url);
      await enterCode(page, codes[0]);
      await assertSignedIn(page);
      await signOut(page);
      await signIn(page, molard.url);
      await enterCode(page, codes[0]);
      assert.equal(pathOf(page), '/sign-in/verify', 'a used recovery code is refused');
      const field = page.getByLabel('Authentication code', { exact: true });
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.ok(await main(page).getByRole('alert').isVisible(), 'the error is announced');
      await screenshot(page, 'two-factor-verify-error');
      await enterCode(page, codes[1]);
      await assertSignedIn(page);
    } finally {
      await context.close();
    }
  });
});
