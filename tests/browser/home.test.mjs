// The home page in a real browser: landmarks, theme (toggle and system preference), language
// switch to a right-to-left script, accessible names and text contrast.
// Locators are by role and label only, the way a user or a screen reader finds things.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMolard } from './lib/molard.mjs';
import {
  launchBrowser, newPage, screenshot, submitWith, rootAttributes, bodyColours,
  luminance, contrastRatio, accessibleName,
} from './lib/browser.mjs';

const TEST_TIMEOUT_MS = 60_000;
const THEMES = ['system', 'light', 'dark'];
const FORM_CONTROL_ROLES = [
  'button', 'checkbox', 'combobox', 'listbox', 'radio', 'searchbox', 'slider', 'spinbutton',
  'switch', 'textbox',
];

describe('home page', () => {
  let molard;
  let browser;

  before(async () => {
    molard = await startMolard();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  /** Opens / in a fresh context (no cookies) and runs fn; the context is closed afterwards. */
  async function withHome(contextOptions, fn) {
    const { context, page } = await newPage(browser, { locale: 'en-US', ...contextOptions });
    try {
      const response = await page.goto(`${molard.url}/`);
      assert.equal(response.status(), 200, 'GET / answers 200');
      await fn(page, context);
    } finally {
      await context.close();
    }
  }

  const homeUrl = () => `${molard.url}/`;

  const cookieJar = async (context) =>
    new Map((await context.cookies()).map((cookie) => [cookie.name, cookie.value]));

  /** Submits with the named button; asserts a POST that leads back here and sets a cookie. */
  async function submitForm(page, context, buttonName) {
    const before = await cookieJar(context);
    const methods = await submitWith(page, page.getByRole('button', { name: buttonName, exact: true }));
    assert.ok(methods.includes('POST'), `"${buttonName}" submits with POST (saw ${methods.join(', ')})`);
    assert.equal(page.url(), homeUrl(), `"${buttonName}" leads back to the same page`);
    const after = await cookieJar(context);
    const changed = [...after].filter(([name, value]) => before.get(name) !== value);
    assert.ok(changed.length > 0, `"${buttonName}" sets a cookie`);
  }

  const chooseTheme = (page, context, buttonName) => submitForm(page, context, buttonName);

  async function backgroundLuminance(page) {
    return luminance((await bodyColours(page)).background);
  }

  it('shows the landmarks and one main heading in the light scheme', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'light' }, async (page) => {
      const root = await rootAttributes(page);
      assert.equal(root.lang, 'en');
      assert.equal(root.dir, 'ltr');
      assert.ok(THEMES.includes(root.theme), `data-theme is one of ${THEMES} (got ${root.theme})`);

      assert.equal(await page.getByRole('banner').count(), 1, 'one banner (<header>)');
      assert.equal(await page.getByRole('navigation', { name: 'Main', exact: true }).count(), 1,
        'one navigation named "Main"');
      assert.equal(await page.getByRole('main').count(), 1, 'one main');
      assert.equal(await page.getByRole('contentinfo').count(), 1, 'one contentinfo (<footer>)');
      assert.ok(await page.getByRole('banner').isVisible(), 'banner is visible');
      assert.ok(await page.getByRole('main').isVisible(), 'main is visible');

      const h1 = page.getByRole('main').getByRole('heading', { level: 1 });
      assert.equal(await h1.count(), 1, 'exactly one h1 in main');
      assert.ok(await h1.isVisible(), 'the h1 is visible');
      assert.notEqual((await h1.textContent()).trim(), '', 'the h1 has text');

      const lum = await backgroundLuminance(page);
      assert.ok(lum > 0.5, `light scheme has a light background (luminance ${lum.toFixed(3)})`);
      await screenshot(page, 'home-light');
    });
  });

  it('turns dark with the "Dark theme" button, and stays dark', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'light' }, async (page, context) => {
      await chooseTheme(page, context, 'Dark theme');
      assert.equal((await rootAttributes(page)).theme, 'dark');
      let lum = await backgroundLuminance(page);
      assert.ok(lum < 0.2, `dark theme has a dark background (luminance ${lum.toFixed(3)})`);
      assert.ok(await page.getByRole('main').getByRole('heading', { level: 1 }).isVisible());
      await screenshot(page, 'home-dark');

      await page.reload();
      assert.equal((await rootAttributes(page)).theme, 'dark', 'the choice survives a reload');
      lum = await backgroundLuminance(page);
      assert.ok(lum < 0.2, `still dark after a reload (luminance ${lum.toFixed(3)})`);
    });
  });

  it('follows a dark system preference when no theme was chosen', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'dark' }, async (page) => {
      assert.notEqual((await rootAttributes(page)).theme, 'light');
      const lum = await backgroundLuminance(page);
      assert.ok(lum < 0.2, `dark preference gives a dark background (luminance ${lum.toFixed(3)})`);
    });
  });

  it('lets "Light theme" override a dark preference and "System theme" restore it', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'dark' }, async (page, context) => {
      await chooseTheme(page, context, 'Light theme');
      assert.equal((await rootAttributes(page)).theme, 'light');
      let lum = await backgroundLuminance(page);
      assert.ok(lum > 0.5, `light theme has a light background (luminance ${lum.toFixed(3)})`);

      await chooseTheme(page, context, 'System theme');
      assert.equal((await rootAttributes(page)).theme, 'system');
      lum = await backgroundLuminance(page);
      assert.ok(lum < 0.2, `system theme follows the dark preference (luminance ${lum.toFixed(3)})`);
    });
  });

  it('switches to Arabic, right to left', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'light' }, async (page, context) => {
      const language = page.getByLabel('Language', { exact: true });
      assert.ok(await language.isVisible(), 'a "Language" control is visible');
      const options = await language.evaluate((select) =>
        Array.from(select.options, (option) => [option.value, option.text.trim()]));
      assert.deepEqual(
        options,
        [
          ['en', 'English'], ['ar', 'العربية'], ['ur', 'اردو'], ['fa', 'فارسی'], ['hi', 'हिन्दी'],
          ['ml', 'മലയാളം'], ['ta', 'தமிழ்'], ['bn', 'বাংলা'], ['fil', 'Filipino'], ['fr', 'Français'],
          ['es', 'Español'], ['pt-BR', 'Português (Brasil)'], ['de', 'Deutsch'], ['tr', 'Türkçe'],
          ['ru', 'Русский'], ['zh-Hans', '中文（简体）'],
        ],
        'the sixteen languages are offered in their own names, in the order views.languages gives',
      );
      for (const [code] of options) {
        assert.equal(await language.locator(`option[value="${code}"]`).getAttribute('lang'), code,
          `the ${code} option is marked as written in ${code}`);
      }

      await language.selectOption('ar');
      await submitForm(page, context, 'Change language');

      const root = await rootAttributes(page);
      assert.equal(root.lang, 'ar');
      assert.equal(root.dir, 'rtl');
      assert.ok(await page.getByRole('main').getByRole('heading', { level: 1 }).isVisible(), 'the h1 is visible');
      const arabicLanguage = page.getByLabel('اللغة', { exact: true });
      assert.ok(await arabicLanguage.isVisible(), 'the language control is labelled "اللغة"');
      assert.equal(await arabicLanguage.inputValue(), 'ar', 'Arabic is the selected language');
      assert.ok(await page.getByRole('button', { name: 'تغيير اللغة', exact: true }).isVisible(),
        'the button reads "تغيير اللغة"');
      await screenshot(page, 'home-arabic');

      // Urdu is written right to left too; Hindi left to right. Each picker reads in its language.
      let [currentLabel, currentButton] = ['اللغة', 'تغيير اللغة'];
      for (const [code, label, button, dir] of [
        ['ur', 'زبان', 'زبان تبدیل کریں', 'rtl'],
        ['hi', 'भाषा', 'भाषा बदलें', 'ltr'],
      ]) {
        await page.getByLabel(currentLabel, { exact: true }).selectOption(code);
        await submitForm(page, context, currentButton);
        [currentLabel, currentButton] = [label, button];
        const attributes = await rootAttributes(page);
        assert.deepEqual([attributes.lang, attributes.dir], [code, dir], `the page is ${code}, ${dir}`);
        assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), code);
        assert.ok(await page.getByRole('button', { name: button, exact: true }).isVisible(),
          `the button reads "${button}"`);
        await screenshot(page, `home-${code}`);
      }
    });
  });

  it('gives every visible form control an accessible name', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withHome({ colorScheme: 'light' }, async (page) => {
      const unnamed = [];
      let checked = 0;
      for (const role of FORM_CONTROL_ROLES) {
        for (const control of await page.getByRole(role).all()) {
          if (!(await control.isVisible())) continue;
          checked += 1;
          if ((await accessibleName(control)) === '') {
            unnamed.push(`${role}: ${await control.evaluate((el) => el.outerHTML.slice(0, 200))}`);
          }
        }
      }
      assert.ok(checked >= 5, `the footer's language and theme controls were found (${checked} controls)`);
      assert.deepEqual(unnamed, [], 'controls without an accessible name');
    });
  });

  it('keeps body text readable (WCAG contrast ≥ 4.5) in light and dark', { timeout: TEST_TIMEOUT_MS }, async () => {
    const cases = [
      { label: 'light preference', colorScheme: 'light' },
      { label: 'dark preference', colorScheme: 'dark' },
      { label: 'dark theme chosen', colorScheme: 'light', theme: 'Dark theme' },
      { label: 'light theme chosen', colorScheme: 'dark', theme: 'Light theme' },
    ];
    const failures = [];
    for (const { label, colorScheme, theme } of cases) {
      await withHome({ colorScheme }, async (page, context) => {
        if (theme) await chooseTheme(page, context, theme);
        const { text, background } = await bodyColours(page);
        const ratio = contrastRatio(text, background);
        if (!(ratio >= 4.5)) {
          failures.push(`${label}: text rgb(${text}) on rgb(${background}) is ${ratio.toFixed(2)}:1`);
        }
      });
    }
    assert.deepEqual(failures, [], 'body text contrast below 4.5:1');
  });
});
