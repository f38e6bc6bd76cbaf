// The teeth step's picture of both arches (plugins/cases/static/tooth-chart.js) in a real
// browser: every tooth is a button named by number, position and state; a state is set
// from a menu with the mouse or with the keyboard alone; the numbering switch renames the
// teeth; the draft keeps the teeth chosen on the picture; Arabic pages keep the picture
// anatomical; without JavaScript the selects do the same work. Locators are by role and
// accessible name; the picture's own marks are read from the tooth a locator found.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, screenshot, submitWith, rootAttributes, accessibleName,
} from './lib/browser.mjs';
import {
  PEARL_DENTIST, PEARL_OWNER, startCasesMolard, signIn, open, pathOf, unnamedControls, lowContrastText,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;

const saveAndContinue = (page) =>
  submitWith(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
const chart = (page) => page.getByRole('group', { name: 'Tooth chart', exact: true });
const arch = (page, name) => chart(page).getByRole('group', { name, exact: true });
/** A tooth on the picture by its number, whatever its state. */
const tooth = (page, number) =>
  chart(page).getByRole('button', { name: new RegExp(`^Tooth ${number}, `) });
const toothMenu = (page) => page.getByRole('menu');
const focusedName = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
/** The accessible name of the focused element (a menu item's name leaves its symbol out). */
const focusedItem = (page) => accessibleName(page.locator(':focus'));
/** What the picture shows on a tooth: its state mark, the symbol on it and its number. */
const drawn = (locator) => locator.evaluate((g) => ({
  state: g.getAttribute('data-state'),
  symbol: g.querySelector('.tooth-symbol').textContent,
  badge: getComputedStyle(g.querySelector('.tooth-badge')).visibility,
  fill: getComputedStyle(g.querySelector('.tooth-shape')).fill,
  number: g.querySelector('.tooth-number').textContent,
}));
const draftTeeth = async (page) =>
  (await page.getByRole('region', { name: 'Draft', exact: true }).textContent()).replace(/\s+/g, ' ');

describe('the tooth chart picture', () => {
  let molard;
  let browser;
  let dentist;
  let draftPath = '';

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
    dentist = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    const { page } = dentist;
    await signIn(page, molard.url, PEARL_DENTIST);
    await open(page, `${molard.url}/cases/new`);
    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: 'Pearl Dental West Bay' });
    await page.getByLabel('Patient reference', { exact: true }).fill('P-CHART');
    await saveAndContinue(page);
    await page.getByRole('radio', { name: 'Zirconia crown', exact: true }).check();
    await saveAndContinue(page);
    assert.match(pathOf(page), /^\/cases\/\d+\/edit\/teeth$/, 'the draft reached the teeth step');
    draftPath = pathOf(page).replace(/\/edit\/teeth$/, '');
  });

  after(async () => {
    await dentist?.context.close();
    await browser?.close();
    await molard?.stop();
  });

  it('names all 32 teeth on a picture of both arches and hides the selects', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${draftPath}/edit/teeth`);
    assert.ok(await chart(page).isVisible(), 'the picture is shown');
    assert.equal(await arch(page, 'Upper arch').getByRole('button').count(), 16, '16 teeth on the upper arch');
    assert.equal(await arch(page, 'Lower arch').getByRole('button').count(), 16, '16 teeth on the lower arch');
    for (const name of [
      'Tooth 11, upper right central incisor: None',
      'Tooth 23, upper left canine: None',
      'Tooth 38, lower left third molar: None',
      'Tooth 44, lower right first premolar: None',
    ]) {
      assert.ok(await chart(page).getByRole('button', { name, exact: true }).isVisible(), `a tooth named "${name}"`);
    }
    assert.equal(await page.getByLabel('Tooth 11', { exact: true }).isVisible(), false,
      'the select grid is hidden once the picture is built');
    assert.equal(await page.getByRole('button', { name: 'Show in this numbering', exact: true }).isVisible(), false,
      'the picture renames the teeth itself, so the reload button goes');

    // The accessibility tree, as a screen reader gets it: one named button per tooth.
    const tree = await chart(page).ariaSnapshot();
    const named = tree.split('\n').filter((line) => /button "Tooth \d+, (upper|lower) (right|left) [a-z ]+: None"/.test(line));
    assert.equal(named.length, 32, `32 named teeth in the accessibility tree:\n${tree}`);
    assert.match(tree, /- group "Upper arch"/);
    assert.match(tree, /- group "Lower arch"/);

    // The dentist's view: the patient's right on the viewer's left, upper arch above.
    const box = async (number) => tooth(page, number).boundingBox();
    const [t18, t11, t21, t28, t48, t38] = await Promise.all([18, 11, 21, 28, 48, 38].map(box));
    assert.ok(t18.x < t11.x && t11.x < t21.x && t21.x < t28.x, 'upper right (18…11) left of upper left (21…28)');
    assert.ok(t48.x < t38.x, 'lower right (48) on the left, lower left (38) on the right');
    assert.ok(t11.y < t48.y && t18.y < t38.y, 'the upper arch above the lower one');
    const area = (locator) => locator.evaluate((g) => {
      const shape = g.querySelector('.tooth-shape');
      return shape.width.baseVal.value * shape.height.baseVal.value;
    });
    assert.ok(await area(tooth(page, 16)) > 1.5 * await area(tooth(page, 12)), 'a molar is drawn larger than an incisor');

    const { unnamed, checked } = await unnamedControls(page);
    assert.ok(checked >= 32, `the teeth are among the named controls (${checked})`);
    assert.deepEqual(unnamed, [], 'controls without a name');
    await screenshot(page, 'cases-tooth-chart');
  });

  it('sets a tooth\'s state from the menu with the mouse', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${draftPath}/edit/teeth`);
    const t11 = tooth(page, 11);
    await t11.click();
    const menu = toothMenu(page);
    assert.ok(await menu.isVisible(), 'a click opens the menu of states');
    assert.equal(await menu.getAttribute('aria-label'), 'Tooth 11, upper right central incisor', 'the menu names its tooth');
    assert.equal(await t11.getAttribute('aria-expanded'), 'true');
    const items = await menu.getByRole('menuitemradio').allTextContents();
    assert.equal(items.length, 9, `the select's nine states (${items.join(', ')})`);
    assert.equal(await menu.getByRole('menuitemradio', { name: 'None', exact: true }).getAttribute('aria-checked'), 'true');
    await screenshot(page, 'cases-tooth-chart-menu');

    await menu.getByRole('menuitemradio', { name: 'Crown', exact: true }).click();
    assert.equal(await menu.isVisible(), false, 'choosing closes the menu');
    const crowned = chart(page).getByRole('button', { name: 'Tooth 11, upper right central incisor: Crown', exact: true });
    assert.ok(await crowned.isVisible(), 'the tooth\'s name says its state');
    assert.equal(await focusedName(page), 'Tooth 11, upper right central incisor: Crown', 'focus is back on the tooth');
    const picture = await drawn(crowned);
    assert.equal(picture.state, 'crown');
    assert.equal(picture.symbol, '♛', 'the crown\'s symbol is drawn on the tooth');
    assert.equal(picture.badge, 'visible', 'on its badge');
    const plain = await drawn(tooth(page, 12));
    assert.notEqual(picture.fill, plain.fill, 'and the tooth is filled unlike a tooth without work');
    assert.equal(plain.symbol, '', 'a tooth without work has no symbol');
    assert.ok(await page.getByRole('list', { name: 'Key', exact: true }).getByText('Crown').isVisible(),
      'the key names the symbol');
    assert.equal(await page.locator('select[name="tooth-11"]').inputValue(), 'crown', 'the hidden select follows');

    // A press outside closes a menu without choosing.
    await tooth(page, 12).click();
    assert.ok(await menu.isVisible());
    await page.getByRole('heading', { name: 'Teeth', exact: true }).click();
    assert.equal(await menu.isVisible(), false, 'a press elsewhere closes the menu');
    assert.equal(await page.locator('select[name="tooth-12"]').inputValue(), 'none', 'and chooses nothing');

    // The page stays readable in both themes with a tooth marked and the menu open.
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await t11.click();
      const problems = await lowContrastText(page);
      assert.deepEqual(problems, [], `text contrast in the ${scheme} theme`);
      await screenshot(page, `cases-tooth-chart-${scheme}`);
      await page.keyboard.press('Escape');
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('works with the keyboard alone', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${draftPath}/edit/teeth`);
    // Nothing is saved yet: the picture's tab stop is its first tooth.
    await page.getByLabel('Tooth numbering', { exact: true }).focus();
    await page.keyboard.press('Tab');
    assert.match(await focusedName(page), /^Tooth 18, upper right third molar: /,
      'Tab from the numbering reaches the picture (its first tooth: nothing is marked yet)');
    await page.keyboard.press('End');
    assert.match(await focusedName(page), /^Tooth 28, /, 'End goes to the end of the arch');
    await page.keyboard.press('Home');
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowRight');
    assert.equal(await focusedName(page), 'Tooth 11, upper right central incisor: None', 'arrows move along the arch');
    await page.keyboard.press('Enter');
    const menu = toothMenu(page);
    assert.ok(await menu.isVisible(), 'Enter opens the menu');
    assert.equal(await focusedItem(page), 'None',
      'focus is on the state the tooth has');
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowDown');
    assert.equal(await focusedItem(page), 'Crown');
    await page.keyboard.press('Enter');
    assert.equal(await menu.isVisible(), false);
    assert.equal(await focusedName(page), 'Tooth 11, upper right central incisor: Crown', 'Enter chose Crown');

    // Down to the lower arch, along it, and Space: tooth 32 gets an implant.
    await page.keyboard.press('ArrowRight'); // 21
    await page.keyboard.press('ArrowRight'); // 22
    await page.keyboard.press('ArrowDown'); // the lower tooth below 22: 32
    assert.match(await focusedName(page), /^Tooth 32, lower left lateral incisor: None$/, 'ArrowDown goes to the other arch');
    await page.keyboard.press('Space');
    assert.ok(await menu.isVisible(), 'Space opens the menu');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedItem(page), 'Implant');
    await page.keyboard.press('Space');
    assert.equal(await focusedName(page), 'Tooth 32, lower left lateral incisor: Implant', 'Space chose Implant');
    assert.equal((await drawn(tooth(page, 32))).symbol, '⊥');

    // Escape closes without choosing, and focus returns to the tooth.
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false, 'Escape closes the menu');
    assert.equal(await focusedName(page), 'Tooth 32, lower left lateral incisor: Implant', 'nothing changed, focus is back');

    // One tab stop for the whole picture: Tab leaves it.
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), '', 'Tab leaves the picture');
    assert.equal(await page.evaluate(() => document.activeElement.closest('svg')), null);
    await page.keyboard.press('Shift+Tab');
    assert.match(await focusedName(page), /^Tooth 32, /, 'Shift+Tab comes back to the last tooth');
  });

  it('renames the teeth in Universal numbering and saves what the picture shows', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    // The state set in the previous test is still on the page (not saved yet): take it from there.
    assert.ok(pathOf(page).endsWith('/edit/teeth'));
    await page.getByLabel('Tooth numbering', { exact: true }).selectOption({ label: 'Universal (1-32)' });
    assert.ok(await chart(page).getByRole('button', { name: 'Tooth 8, upper right central incisor: Crown', exact: true }).isVisible(),
      'FDI 11 is Universal 8');
    assert.ok(await chart(page).getByRole('button', { name: 'Tooth 23, lower left lateral incisor: Implant', exact: true }).isVisible(),
      'FDI 32 is Universal 23');
    assert.ok(await chart(page).getByRole('button', { name: 'Tooth 1, upper right third molar: None', exact: true }).isVisible());
    assert.ok(await chart(page).getByRole('button', { name: 'Tooth 32, lower right third molar: None', exact: true }).isVisible());
    assert.equal((await drawn(tooth(page, 8))).number, '8', 'the picture shows the new number');
    assert.equal(await tooth(page, 11).count(), 1, 'Universal 11 is the upper left canine');
    assert.match(await tooth(page, 11).getAttribute('aria-label'), /upper left canine/);
    await screenshot(page, 'cases-tooth-chart-universal');

    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/shade`, 'the step is saved');
    await open(page, `${molard.url}${draftPath}`);
    const teeth = await draftTeeth(page);
    assert.ok(teeth.includes('8: Crown') && teeth.includes('23: Implant'), `the draft has the teeth chosen (${teeth})`);
    assert.ok(teeth.includes('Universal'), 'in Universal numbering');

    await open(page, `${molard.url}${draftPath}/edit/teeth`);
    assert.equal(await page.getByLabel('Tooth numbering', { exact: true }).inputValue(), 'universal');
    assert.ok(await chart(page).getByRole('button', { name: 'Tooth 8, upper right central incisor: Crown', exact: true }).isVisible(),
      'the saved step opens with its teeth on the picture');
    assert.equal(await tooth(page, 8).getAttribute('tabindex'), '0', 'the first marked tooth is the picture\'s tab stop');
  });

  it('keeps the picture anatomical on Arabic pages', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(page, molard.url, PEARL_OWNER);
      await open(page, `${molard.url}/account/profile`);
      await page.getByLabel('Site language', { exact: true }).selectOption('ar');
      await submitWith(page, page.getByRole('button', { name: 'Save profile', exact: true }));
      await open(page, `${molard.url}${draftPath}/edit/teeth`);
      assert.equal((await rootAttributes(page)).dir, 'rtl');
      const picture = page.getByRole('group', { name: 'مخطط الأسنان', exact: true });
      assert.ok(await picture.isVisible(), 'the picture is named in Arabic');
      const named = (name) => picture.getByRole('button', { name, exact: true });
      const crown = named('السن 8، القاطعة المركزية في الربع العلوي الأيمن: تاج');
      assert.ok(await crown.isVisible(), 'a tooth\'s name, position and state in Arabic');
      const right = await crown.boundingBox();
      const left = await picture.getByRole('button', { name: /^السن 9، / }).boundingBox();
      assert.ok(right.x < left.x, 'the patient\'s right stays on the viewer\'s left (not mirrored)');
      const upperMolar = await picture.getByRole('button', { name: /^السن 1، / }).boundingBox();
      const upperLeftMolar = await picture.getByRole('button', { name: /^السن 16، / }).boundingBox();
      assert.ok(upperMolar.x < upperLeftMolar.x, 'tooth 1 (upper right third molar) on the left');
      await crown.click();
      assert.ok(await page.getByRole('menuitemradio', { name: 'جسر', exact: true }).isVisible(), 'the states in Arabic');
      await page.keyboard.press('Escape');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `the picture fits (${overflow}px too wide)`);
      await screenshot(page, 'cases-tooth-chart-arabic');
    } finally {
      await context.close();
    }
  });

  it('keeps every tooth a 24 px target on a phone', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light', viewport: { width: 375, height: 740 } });
    try {
      await signIn(page, molard.url, PEARL_DENTIST);
      await open(page, `${molard.url}${draftPath}/edit/teeth`);
      // The picture scrolls sideways in its own box, which fits the screen.
      const frame = await chart(page).evaluate((svg) => {
        const box = svg.parentElement.getBoundingClientRect();
        return { left: box.left, right: box.right, scrolls: svg.parentElement.scrollWidth > svg.parentElement.clientWidth };
      });
      assert.ok(frame.left >= 0 && frame.right <= 375, `the picture's box fits the screen (${frame.left}-${frame.right})`);
      assert.ok(frame.scrolls, 'and the picture scrolls inside it');
      // WCAG 2.5.8: neighbouring teeth's centres at least 24 px apart.
      for (const name of ['Upper arch', 'Lower arch']) {
        const centres = await arch(page, name).getByRole('button').evaluateAll((teeth) => teeth.map((g) => {
          const box = g.querySelector('.tooth-shape').getBoundingClientRect();
          return [box.x + box.width / 2, box.y + box.height / 2];
        }));
        const closest = Math.min(...centres.slice(1).map(([x, y], i) => Math.hypot(x - centres[i][0], y - centres[i][1])));
        assert.ok(closest >= 24, `${name}: neighbouring teeth ${closest.toFixed(1)}px apart`);
      }
      // The smallest tooth (FDI 41; the draft is in Universal numbering by now).
      await chart(page).getByRole('button', { name: /, lower right central incisor: / }).click();
      const menu = await toothMenu(page).boundingBox();
      assert.ok(menu.x >= 0 && menu.x + menu.width <= 375, `the menu is on the screen (${menu.x}, ${menu.width})`);
      await screenshot(page, 'cases-tooth-chart-phone');
    } finally {
      await context.close();
    }
  });

  it('keeps the selects working without JavaScript', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light', javaScriptEnabled: false });
    try {
      await signIn(page, molard.url, PEARL_DENTIST);
      await open(page, `${molard.url}${draftPath}/edit/teeth`);
      assert.equal(await chart(page).count(), 0, 'no picture without the script');
      const select = page.getByLabel('Tooth 9', { exact: true });
      assert.ok(await select.isVisible(), 'the selects are the controls');
      assert.ok(await page.getByRole('button', { name: 'Show in this numbering', exact: true }).isVisible());
      await page.getByLabel('Tooth numbering', { exact: true }).selectOption({ label: 'FDI (11-48)' });
      await submitWith(page, page.getByRole('button', { name: 'Show in this numbering', exact: true }));
      assert.equal(pathOf(page), `${draftPath}/edit/teeth`, 'renumbering reloads the step');
      assert.equal(await page.getByLabel('Tooth 11', { exact: true }).inputValue(), 'crown', 'in FDI, tooth 11 keeps its crown');
      await page.getByLabel('Tooth 21', { exact: true }).selectOption({ label: 'Bridge' });
      await saveAndContinue(page);
      assert.equal(pathOf(page), `${draftPath}/edit/shade`);
      await open(page, `${molard.url}${draftPath}`);
      const teeth = await draftTeeth(page);
      for (const expected of ['11: Crown', '21: Bridge', '32: Implant']) {
        assert.ok(teeth.includes(expected), `the draft has "${expected}" (${teeth})`);
      }
    } finally {
      await context.close();
    }
  });
});
