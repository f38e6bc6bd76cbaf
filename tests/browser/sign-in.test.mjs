// Signing in and out in a real browser, the way a person does it: the demo accounts by email
// and by username, wrong passwords, the lockout after repeated failures (which spares a browser
// that signed in to the account before), the first sign-in of
// a lab admin with a one-time password, and the accessibility of the sign-in and password
// pages (labels, names, one h1, error contrast in light and dark, Arabic right to left).
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  startMolard, runMolard, createDataDir, removeDataDir, repoRoot,
} from './lib/molard.mjs';
import {
  launchBrowser, newPage, screenshot, submitWith, rootAttributes, textColours, bodyColours,
  luminance, contrastRatio, accessibleName,
} from './lib/browser.mjs';

const TEST_TIMEOUT_MS = 60_000;
const FORM_CONTROL_ROLES = [
  'button', 'checkbox', 'combobox', 'listbox', 'radio', 'searchbox', 'slider', 'spinbutton',
  'switch', 'textbox',
];

const TEXT = {
  invalid: 'That email, username or password is not right. Check them and try again.',
  changeTitle: 'Change your password',
  mustChange: 'You signed in with a temporary password. Choose your own to continue.',
  common: 'That password is one of the most common ones; choose another.',
  wrongCurrent: 'That is not your current password.',
};

const DENTIST = { email: 'dentist@pearl.example', username: 'pearldentist', password: 'demo pearl dentist', name: 'Karim Nasser' };
const OWNER = { email: 'owner@pearl.example', username: 'pearlowner', password: 'demo pearl owner', name: 'Layla Haddad' };
const TECHNICIAN = { email: 'tech@lab.example', password: 'demo technician' };
const LAB_ADMIN = { email: 'admin@lab.example', password: 'demo lab admin', name: 'Mariam Al-Kuwari' };

// --- what a person does -------------------------------------------------------------------

const signInLink = (page) => page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true });
const signOutButton = (page) => page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true });
const loginField = (page) => page.getByLabel('Email or username', { exact: true });
const passwordField = (page) => page.getByLabel('Password', { exact: true });
const mainHeading = (page) => page.getByRole('main').getByRole('heading', { level: 1 });
const pathOf = (page) => new URL(page.url()).pathname;

/** Opens / and follows the banner's "Sign in" link. */
async function openSignInFromHome(page, baseUrl) {
  const response = await page.goto(`${baseUrl}/`);
  assert.equal(response.status(), 200, 'GET / answers 200');
  await signInLink(page).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  assert.equal((await mainHeading(page).textContent()).trim(), 'Sign in', 'the sign-in page is open');
}

/**
 * Clicks a form's submit button and waits for the page it leads to. Returns the answer to the
 * POST itself (before any redirect), so its status and headers can be checked.
 */
async function submitAndAnswer(page, button, postPath) {
  const answer = page.waitForResponse((response) =>
    response.request().method() === 'POST' && new URL(response.url()).pathname === postPath);
  const methods = await submitWith(page, button);
  assert.ok(methods.includes('POST'), `the form posts (saw ${methods.join(', ')})`);
  return answer;
}

/** Fills the sign-in form on the open page and presses "Sign in"; returns the POST's answer. */
async function signIn(page, login, password) {
  await loginField(page).fill(login);
  await passwordField(page).fill(password);
  return submitAndAnswer(page, page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }), '/sign-in');
}

async function signOut(page) {
  await submitAndAnswer(page, signOutButton(page), '/sign-out');
  assert.equal(pathOf(page), '/', 'signing out leads home');
  await assertSignedOut(page);
}

async function assertSignedIn(page, name) {
  assert.ok(await page.getByRole('banner').getByText(name, { exact: true }).isVisible(),
    `the banner shows "${name}"`);
  assert.ok(await signOutButton(page).isVisible(), 'a "Sign out" button is in the banner');
  assert.equal(await signInLink(page).count(), 0, 'no "Sign in" link while signed in');
}

async function assertSignedOut(page) {
  assert.ok(await signInLink(page).isVisible(), 'the "Sign in" link is in the banner');
  assert.equal(await signOutButton(page).count(), 0, 'no "Sign out" button while signed out');
}

/** The texts of the elements an element's aria-describedby points at. */
function descriptions(locator) {
  return locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent.trim() ?? `(missing #${id})`));
}

/** The one alert in main, and its text. */
async function alertText(page) {
  const alert = page.getByRole('main').getByRole('alert');
  assert.equal(await alert.count(), 1, 'one alert in main');
  assert.ok(await alert.isVisible(), 'the alert is visible');
  return (await alert.textContent()).trim();
}

/** Visible form controls with no accessible name, described for a failure message. */
async function unnamedControls(page) {
  const unnamed = [];
  for (const role of FORM_CONTROL_ROLES) {
    for (const control of await page.getByRole(role).all()) {
      if (!(await control.isVisible())) continue;
      if ((await accessibleName(control)) === '') {
        unnamed.push(`${role}: ${await control.evaluate((el) => el.outerHTML.slice(0, 200))}`);
      }
    }
  }
  return unnamed;
}

/** The text contrast of the element a locator points at, as "ratio" and a description. */
async function contrastOf(locator) {
  const { text, background } = await textColours(locator);
  const ratio = contrastRatio(text, background);
  return { ratio, description: `rgb(${text}) on rgb(${background}) is ${ratio.toFixed(2)}:1` };
}

/** A listed common password that the policy refuses for being common, not for being short. */
async function commonPassword() {
  const list = await readFile(path.join(repoRoot, 'config', 'common-passwords.txt'), 'utf8');
  const entries = list.split('\n').map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  if (entries.includes('password123')) return 'password123';
  const fallback = entries.find((entry) => [...entry].length >= 8 && !/boss|lab|admin/i.test(entry));
  assert.ok(fallback, 'config/common-passwords.txt lists a password of 8 characters or more');
  return fallback;
}

// --- the tests ----------------------------------------------------------------------------

describe('sign-in', () => {
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  /** Runs fn with a fresh context (no cookies) and page; the context is closed afterwards. */
  async function withPage(contextOptions, fn) {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light', ...contextOptions });
    try {
      await fn(page, context);
    } finally {
      await context.close();
    }
  }

  describe('with the demo accounts', () => {
    let molard;

    before(async () => {
      molard = await startMolard({ args: ['--demo-data'] });
    });

    after(async () => {
      await molard?.stop();
    });

    it('signs the dentist in by email and out again', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page, context) => {
        await openSignInFromHome(page, molard.url);
        await assertSignedOut(page);

        const answer = await signIn(page, DENTIST.email, DENTIST.password);
        assert.equal(answer.status(), 303, 'a right password answers with a redirect');
        assert.equal(pathOf(page), '/', 'signing in leads home');
        await assertSignedIn(page, DENTIST.name);
        const session = (await context.cookies()).filter((cookie) => cookie.httpOnly && cookie.value);
        assert.ok(session.length > 0, 'an HttpOnly session cookie is set');
        await screenshot(page, 'sign-in-done');

        await page.reload();
        await assertSignedIn(page, DENTIST.name);

        await signOut(page);
        assert.equal(await page.getByRole('banner').getByText(DENTIST.name, { exact: true }).count(), 0,
          'the name is gone from the banner');
        await page.reload();
        await assertSignedOut(page);
      });
    });

    it('signs in by username, whatever its case', { timeout: TEST_TIMEOUT_MS }, async () => {
      for (const username of [DENTIST.username, 'PearlDentist']) {
        await withPage({}, async (page) => {
          await openSignInFromHome(page, molard.url);
          const answer = await signIn(page, username, DENTIST.password);
          assert.equal(answer.status(), 303, `"${username}" signs in`);
          assert.equal(pathOf(page), '/', `"${username}" leads home`);
          await assertSignedIn(page, DENTIST.name);
          await signOut(page);
        });
      }
    });

    it('says the same beside the form for a wrong password and an unknown email', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        const answer = await signIn(page, TECHNICIAN.email, 'not the technician password');
        assert.equal(answer.status(), 401, 'a wrong password answers 401');
        assert.equal(pathOf(page), '/sign-in', 'the sign-in page is shown again');
        await assertSignedOut(page);

        const wrongPasswordText = await alertText(page);
        assert.equal(wrongPasswordText, TEXT.invalid);
        assert.ok(await page.getByRole('main').getByRole('alert')
          .evaluate((alert) => alert.closest('form') !== null), 'the error is inside the sign-in form');
        assert.equal(await loginField(page).inputValue(), TECHNICIAN.email, 'the login keeps its value');
        assert.equal(await passwordField(page).inputValue(), '', 'the password is empty');
        for (const [label, field] of [['Email or username', loginField(page)], ['Password', passwordField(page)]]) {
          assert.equal(await field.getAttribute('aria-invalid'), 'true', `"${label}" is aria-invalid`);
          assert.deepEqual(await descriptions(field), [TEXT.invalid], `"${label}" is described by the error`);
        }
        await screenshot(page, 'sign-in-error');

        const unknown = await signIn(page, 'nobody@pearl.example', 'some password or other');
        assert.equal(unknown.status(), 401, 'an unknown email answers 401 too');
        assert.equal(await alertText(page), wrongPasswordText, 'an unknown email gets exactly the same text');
        assert.equal(await loginField(page).inputValue(), 'nobody@pearl.example');
        assert.equal(await passwordField(page).inputValue(), '');
      });
    });

    it('labels, names and one h1 on the sign-in and password pages, readable errors in light and dark', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const failures = [];
      for (const colorScheme of ['light', 'dark']) {
        await withPage({ colorScheme }, async (page) => {
          const response = await page.goto(`${molard.url}/sign-in`);
          assert.equal(response.status(), 200);
          const lum = luminance((await bodyColours(page)).background);
          if (colorScheme === 'dark') assert.ok(lum < 0.2, `dark preference gives a dark page (luminance ${lum.toFixed(3)})`);
          else assert.ok(lum > 0.5, `light preference gives a light page (luminance ${lum.toFixed(3)})`);

          // The sign-in page, first empty, then with its error.
          await signIn(page, `nobody-${colorScheme}@lab.example`, 'wrong password');
          assert.equal(await mainHeading(page).count(), 1, `${colorScheme} /sign-in: one h1 in main`);
          assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${colorScheme} /sign-in: one h1 in all`);
          for (const label of ['Email or username', 'Password']) {
            const field = page.getByLabel(label, { exact: true });
            assert.equal(await field.count(), 1, `${colorScheme} /sign-in: one field labelled "${label}"`);
            assert.ok(await field.isVisible(), `${colorScheme} /sign-in: "${label}" is visible`);
          }
          assert.deepEqual(await unnamedControls(page), [], `${colorScheme} /sign-in: controls without a name`);
          const signInError = await contrastOf(page.getByRole('main').getByRole('alert'));
          t.diagnostic(`${colorScheme} /sign-in error: ${signInError.description}`);
          if (colorScheme === 'dark') await screenshot(page, 'sign-in-error-dark');
          if (!(signInError.ratio >= 4.5)) failures.push(`${colorScheme} /sign-in error: ${signInError.description}`);

          // The password page of a signed-in user, with an error beside "Current password".
          await signIn(page, LAB_ADMIN.email, LAB_ADMIN.password);
          await assertSignedIn(page, LAB_ADMIN.name);
          await page.goto(`${molard.url}/account/password`);
          assert.equal((await mainHeading(page).textContent()).trim(), TEXT.changeTitle);
          assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${colorScheme} /account/password: one h1`);
          await page.getByLabel('Current password', { exact: true }).fill('not my password');
          await page.getByLabel('New password', { exact: true }).fill('quiet copper kettles hum');
          await page.getByLabel('New password again', { exact: true }).fill('quiet copper kettles hum');
          const answer = await submitAndAnswer(page,
            page.getByRole('main').getByRole('button', { name: 'Change password', exact: true }), '/account/password');
          assert.equal(answer.status(), 422, 'a wrong current password answers 422');
          for (const label of ['Current password', 'New password', 'New password again']) {
            const field = page.getByLabel(label, { exact: true });
            assert.equal(await field.count(), 1, `${colorScheme} /account/password: one field labelled "${label}"`);
            assert.ok(await field.isVisible(), `${colorScheme} /account/password: "${label}" is visible`);
          }
          assert.deepEqual(await unnamedControls(page), [], `${colorScheme} /account/password: controls without a name`);
          const current = page.getByLabel('Current password', { exact: true });
          assert.equal(await current.getAttribute('aria-invalid'), 'true');
          assert.deepEqual(await descriptions(current), [TEXT.wrongCurrent]);
          const passwordError = await contrastOf(page.getByRole('main').getByText(TEXT.wrongCurrent, { exact: true }));
          t.diagnostic(`${colorScheme} /account/password error: ${passwordError.description}`);
          if (!(passwordError.ratio >= 4.5)) failures.push(`${colorScheme} /account/password error: ${passwordError.description}`);
          await signOut(page);
        });
      }
      assert.deepEqual(failures, [], 'error text contrast below 4.5:1');
    });

    it('shows the password on request, hides it again, and signs in with it', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        const show = page.getByRole('main').getByRole('button', { name: 'Show password' });
        await loginField(page).fill(DENTIST.email);
        await passwordField(page).fill(DENTIST.password);
        assert.equal(await passwordField(page).getAttribute('type'), 'password', 'hidden at first');
        assert.equal(await show.getAttribute('aria-pressed'), 'false');
        await show.click();
        assert.equal(await passwordField(page).getAttribute('type'), 'text', 'shown after the click');
        assert.equal(await show.getAttribute('aria-pressed'), 'true');
        assert.equal(await passwordField(page).inputValue(), DENTIST.password, 'what was typed stays');
        await show.click();
        assert.equal(await passwordField(page).getAttribute('type'), 'password', 'hidden again');
        await show.click();
        await submitWith(page, page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }));
        assert.ok(await signOutButton(page).isVisible(), 'signed in with the shown password');
        await signOut(page);
      });
      // Without script there is no button that would do nothing.
      await withPage({ javaScriptEnabled: false }, async (page) => {
        await page.goto(`${molard.url}/sign-in`);
        assert.equal(await page.getByRole('button', { name: 'Show password' }).count(), 0);
      });
    });

    it('shows the sign-in page in Arabic, right to left', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        await page.getByLabel('Language', { exact: true }).selectOption('ar');
        await submitWith(page, page.getByRole('button', { name: 'Change language', exact: true }));
        assert.equal(pathOf(page), '/sign-in', 'the language change comes back to the sign-in page');

        const root = await rootAttributes(page);
        assert.equal(root.lang, 'ar');
        assert.equal(root.dir, 'rtl');
        assert.equal((await mainHeading(page).textContent()).trim(), 'تسجيل الدخول');
        const login = page.getByLabel('البريد الإلكتروني أو اسم المستخدم', { exact: true });
        const password = page.getByLabel('كلمة المرور', { exact: true });
        assert.ok(await login.isVisible(), 'the login field is labelled "البريد الإلكتروني أو اسم المستخدم"');
        assert.ok(await password.isVisible(), 'the password field is labelled "كلمة المرور"');
        const submit = page.getByRole('main').getByRole('button', { name: 'تسجيل الدخول', exact: true });
        assert.ok(await submit.isVisible(), 'the button reads "تسجيل الدخول"');
        assert.deepEqual(await unnamedControls(page), [], 'controls without a name');
        await screenshot(page, 'sign-in-arabic');

        await login.fill('nobody@lab.example');
        await password.fill('wrong password');
        const answer = await submitAndAnswer(page, submit, '/sign-in');
        assert.equal(answer.status(), 401);
        assert.equal(await alertText(page),
          'البريد الإلكتروني أو اسم المستخدم أو كلمة المرور غير صحيح. تحقّق منها وحاول مجددًا.',
          'the error is in Arabic');
        assert.equal((await rootAttributes(page)).dir, 'rtl', 'still right to left');
      });
    });
  });

  describe('lockout', () => {
    let molard;

    before(async () => {
      molard = await startMolard({ args: ['--demo-data'] });
    });

    after(async () => {
      await molard?.stop();
    });

    it('locks an account for 20 minutes after three wrong passwords', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        const statuses = [];
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const answer = await signIn(page, OWNER.email, `wrong password ${attempt}`);
          statuses.push(answer.status());
          const text = await alertText(page);
          if (attempt < 3) assert.equal(text, TEXT.invalid, `wrong password ${attempt} is just "not right"`);
          else assert.match(text, /^Too many failed attempts\..* 20 minutes\.$/, 'the third failure locks the account');
        }
        assert.deepEqual(statuses, [401, 401, 429], 'statuses of the three wrong passwords');

        const answer = await signIn(page, OWNER.email, OWNER.password);
        assert.equal(answer.status(), 429, 'the right password answers 429 while locked');
        const retryAfter = Number(answer.headers()['retry-after']);
        assert.ok(retryAfter > 19 * 60 && retryAfter <= 20 * 60, `Retry-After is about 20 minutes (${retryAfter} s)`);
        assert.equal(pathOf(page), '/sign-in', 'the sign-in page is shown again');
        const text = await alertText(page);
        assert.match(text, /Too many failed attempts/);
        assert.match(text, /20 minutes/);
        assert.equal(await loginField(page).inputValue(), OWNER.email, 'the login keeps its value');
        await assertSignedOut(page);
        await screenshot(page, 'sign-in-locked');

        const byUsername = await signIn(page, OWNER.username, OWNER.password);
        assert.equal(byUsername.status(), 429, 'the lock holds for the username as well');
        await assertSignedOut(page);
      });

      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        const answer = await signIn(page, DENTIST.email, DENTIST.password);
        assert.equal(answer.status(), 303, 'another account of the same clinic still signs in');
        await assertSignedIn(page, DENTIST.name);
      });
    });

    it('lets a browser that signed in before in while strangers keep the account locked', { timeout: TEST_TIMEOUT_MS }, async () => {
      await withPage({}, async (page, context) => {
        await openSignInFromHome(page, molard.url);
        assert.equal((await signIn(page, LAB_ADMIN.email, LAB_ADMIN.password)).status(), 303, 'the admin signs in');
        const device = (await context.cookies()).find((cookie) => cookie.name === 'molar_device');
        assert.ok(device, 'the browser keeps a device cookie');
        assert.ok(device.httpOnly, 'scripts cannot read it');
        assert.equal(device.sameSite, 'Strict');
        await signOut(page);

        await withPage({}, async (stranger) => {
          await openSignInFromHome(stranger, molard.url);
          const statuses = [];
          for (let attempt = 1; attempt <= 3; attempt += 1) {
            statuses.push((await signIn(stranger, LAB_ADMIN.email, `wrong password ${attempt}`)).status());
          }
          assert.deepEqual(statuses, [401, 401, 429], 'a stranger locks the account');
          const refused = await signIn(stranger, LAB_ADMIN.email, LAB_ADMIN.password);
          assert.equal(refused.status(), 429, 'the right password from a stranger answers 429');
          assert.match(await alertText(stranger), /Too many failed attempts/);
        });

        await openSignInFromHome(page, molard.url);
        const again = await signIn(page, LAB_ADMIN.email, LAB_ADMIN.password);
        assert.equal(again.status(), 303, 'the browser that signed in before still gets in');
        await assertSignedIn(page, LAB_ADMIN.name);
      });
    });
  });

  describe('first sign-in with a one-time password', () => {
    const ADMIN_EMAIL = 'boss@lab.example';
    const PASSPHRASE = 'quiet copper kettles hum at dawn';
    let dataDir;
    let molard;
    let oneTimePassword;

    before(async () => {
      dataDir = await createDataDir();
      const created = await runMolard(['--create-admin', ADMIN_EMAIL], { dataDir });
      assert.equal(created.code, 0, `molard --create-admin exits 0; its output:\n${created.stdout}${created.stderr}`);
      const match = /One-time password: (\S+)/.exec(created.stdout);
      assert.ok(match, `molard --create-admin prints the one-time password; its output:\n${created.stdout}`);
      oneTimePassword = match[1];
      molard = await startMolard({ dataDir });
    });

    after(async () => {
      await molard?.stop();
      if (dataDir) await removeDataDir(dataDir);
    });

    it('makes the new admin choose a password, then signs in only with it', { timeout: TEST_TIMEOUT_MS }, async () => {
      const common = await commonPassword();
      await withPage({}, async (page) => {
        await openSignInFromHome(page, molard.url);
        const answer = await signIn(page, ADMIN_EMAIL, oneTimePassword);
        assert.equal(answer.status(), 303);
        assert.equal(pathOf(page), '/account/password', 'the one-time password leads to /account/password');
        assert.equal((await mainHeading(page).textContent()).trim(), TEXT.changeTitle);
        assert.ok(await page.getByText(TEXT.mustChange, { exact: true }).isVisible(),
          'the page says the password was temporary');

        await page.goto(`${molard.url}/`);
        assert.equal(pathOf(page), '/account/password', 'home leads back to the password form until it is changed');

        const current = page.getByLabel('Current password', { exact: true });
        const next = page.getByLabel('New password', { exact: true });
        const again = page.getByLabel('New password again', { exact: true });
        const change = page.getByRole('main').getByRole('button', { name: 'Change password', exact: true });

        await current.fill(oneTimePassword);
        await next.fill(common);
        await again.fill(common);
        const refused = await submitAndAnswer(page, change, '/account/password');
        assert.equal(refused.status(), 422, `"${common}" is refused`);
        assert.equal(pathOf(page), '/account/password');
        assert.equal(await next.getAttribute('aria-invalid'), 'true', '"New password" is aria-invalid');
        assert.ok((await descriptions(next)).includes(TEXT.common),
          `"New password" is described by "${TEXT.common}" (got ${JSON.stringify(await descriptions(next))})`);
        assert.ok(await page.getByText(TEXT.common, { exact: true }).isVisible(), 'the error is visible');
        assert.notEqual(await current.getAttribute('aria-invalid'), 'true', 'the current password was right');
        assert.ok(await page.getByText(TEXT.mustChange, { exact: true }).isVisible(),
          'the temporary-password text stays');

        await current.fill(oneTimePassword);
        await next.fill(PASSPHRASE);
        await again.fill(PASSPHRASE);
        const accepted = await submitAndAnswer(page, change, '/account/password');
        assert.equal(accepted.status(), 303);
        assert.equal(pathOf(page), '/', 'a good passphrase leads home');
        await assertSignedIn(page, 'Lab Administrator');

        await page.goto(`${molard.url}/account/password`);
        assert.equal(pathOf(page), '/account/password');
        assert.equal((await mainHeading(page).textContent()).trim(), TEXT.changeTitle);
        assert.ok(await current.isVisible(), 'the form is shown');
        assert.equal(await page.getByText(TEXT.mustChange).count(), 0, 'no temporary-password text any more');
        await screenshot(page, 'password-changed');

        await signOut(page);
        await signInLink(page).click();
        await page.waitForURL((url) => url.pathname === '/sign-in');
        const old = await signIn(page, ADMIN_EMAIL, oneTimePassword);
        assert.equal(old.status(), 401, 'the one-time password no longer works');
        assert.equal(await alertText(page), TEXT.invalid);

        const fresh = await signIn(page, ADMIN_EMAIL, PASSPHRASE);
        assert.equal(fresh.status(), 303, 'the new passphrase works');
        assert.equal(pathOf(page), '/', 'and leads home, not to the password form');
        await assertSignedIn(page, 'Lab Administrator');
      });
    });
  });
});
