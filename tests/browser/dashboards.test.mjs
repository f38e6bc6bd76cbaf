// The home page and where people land, in a real browser, on the demo data: a visitor reads
// the lab's contact details and tracks a case from the home page; a clinic signing in lands
// on its dashboard, whose counts by stage match the cases behind them; the lab lands on its
// board. Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startMolard, createDataDir, removeDataDir } from './lib/molard.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  LAB_ADMIN, PEARL_OWNER, CASE_NUMBER, signIn, open, mainHeading, pathOf, unnamedControls,
  headingOutline, outlineProblems, lowContrastText,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;
const CONTACT = {
  name: 'Gulf Crown Lab',
  email: 'lab@gulf-crown.example',
  phone: '+974 4000 1234',
};

const mainNav = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const casesTable = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });

describe('home page and dashboards', () => {
  let molard;
  let dataDir;
  let browser;

  before(async () => {
    dataDir = await createDataDir();
    [molard, browser] = await Promise.all([
      startMolard({
        dataDir,
        plugins: ['cases'],
        args: ['--demo-data', '--set', `files.root=${path.join(dataDir, 'files')}`,
          '--set', `portal.contact.name=${CONTACT.name}`,
          '--set', `portal.contact.email=${CONTACT.email}`,
          '--set', `portal.contact.phone=${CONTACT.phone}`,
          '--set', 'portal.contact.address=Building 12, Street 340\nDoha'],
      }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  /** Runs fn with a fresh page (no cookies); the context is closed afterwards. */
  async function withPage(fn) {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await fn(page);
    } finally {
      await context.close();
    }
  }

  /** A submitted demo case's number, read from the clinic's dashboard. */
  async function someCaseNumber() {
    let number = '';
    await withPage(async (page) => {
      await signIn(page, molard.url, PEARL_OWNER);
      const recent = page.getByRole('list', { name: 'Recent activity', exact: true });
      number = (await recent.getByRole('link', { name: CASE_NUMBER }).first().textContent()).trim();
    });
    return number;
  }

  it('shows a visitor what the lab offers, how to reach it, and no modules', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await open(page, `${molard.url}/`);
      const main = page.getByRole('main');
      assert.ok(await main.getByRole('link', { name: 'Sign in', exact: true }).isVisible());
      assert.ok(await main.getByRole('link', { name: 'Register your clinic', exact: true }).isVisible());
      const contact = page.getByRole('region', { name: 'Contact the lab', exact: true });
      assert.ok(await contact.isVisible(), 'a "Contact the lab" section');
      const address = await contact.locator('address').innerText();
      for (const line of [CONTACT.name, 'Building 12, Street 340', 'Doha', CONTACT.phone, CONTACT.email]) {
        assert.ok(address.includes(line), `the address shows ${line} (${address})`);
      }
      assert.equal(await contact.getByRole('link', { name: CONTACT.email, exact: true }).getAttribute('href'),
        `mailto:${CONTACT.email}`);
      assert.equal(await contact.getByRole('link', { name: CONTACT.phone, exact: true }).getAttribute('href'),
        'tel:+97440001234');
      const text = await main.innerText();
      assert.ok(!/modules on this portal/i.test(text), 'no module list');
      assert.ok(!text.includes('hello'), 'nothing of the example plugin');
      assert.deepEqual((await unnamedControls(page)).unnamed, [], 'controls without an accessible name');
      assert.deepEqual(outlineProblems(await headingOutline(page)), [], 'heading outline');
      await screenshot(page, 'home-public');
    });
  });

  it('tracks a case from the home page by its number', { timeout: TEST_TIMEOUT_MS }, async () => {
    const number = await someCaseNumber();
    assert.match(number, CASE_NUMBER);
    await withPage(async (page) => {
      await open(page, `${molard.url}/`);
      const track = page.getByRole('region', { name: 'Track a case', exact: true });
      await track.getByLabel('Case number', { exact: true }).fill(` ${number.toLowerCase()} `);
      await submitWith(page, track.getByRole('button', { name: 'Track', exact: true }));
      assert.equal(pathOf(page), `/track/${number}`);
      assert.ok(await page.getByRole('heading', { name: number, exact: true }).isVisible(), 'the case is shown');
      assert.ok(await page.getByRole('list', { name: 'Stages of the case', exact: true }).isVisible());

      // Something that cannot be a case number gets a message, not a page for it.
      await open(page, `${molard.url}/`);
      await track.getByLabel('Case number', { exact: true }).fill('TR/12?');
      await submitWith(page, track.getByRole('button', { name: 'Track', exact: true }));
      assert.equal(pathOf(page), '/track');
      const alert = page.getByRole('alert');
      assert.match(await alert.innerText(), /letters, digits and dashes only/);
      assert.equal(await page.getByLabel('Case number', { exact: true }).getAttribute('aria-invalid'), 'true');
    });
  });

  it('lands a clinic on its dashboard, whose counts match its cases', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await signIn(page, molard.url, PEARL_OWNER);
      assert.equal(pathOf(page), '/cases/dashboard', 'signing in lands on the dashboard');
      assert.equal((await mainHeading(page).textContent()).trim(), 'Dashboard');
      const current = mainNav(page).getByRole('link', { name: 'Dashboard', exact: true });
      assert.equal(await current.getAttribute('aria-current'), 'page');
      assert.ok(await page.getByRole('main').getByRole('link', { name: 'Send a case', exact: true }).isVisible());
      assert.ok(await page.getByRole('region', { name: 'Waiting for you', exact: true }).isVisible());
      assert.deepEqual(outlineProblems(await headingOutline(page)), [], 'heading outline');
      assert.deepEqual(await lowContrastText(page), [], 'text below the contrast minimum');
      await screenshot(page, 'dashboard-clinic');

      // Each stage's count is the number of cases its link lists (the demo has fewer than a page).
      const stages = page.getByRole('region', { name: 'Your cases by stage', exact: true });
      const links = [];
      for (const link of await stages.getByRole('listitem').getByRole('link').all()) {
        const [, label, count] = (await link.innerText()).trim().match(/^(.*\S)\s+(\d+)$/);
        links.push({ label, count: Number(count), href: await link.getAttribute('href') });
      }
      for (const stage of ['Received', 'In design', 'Manufacturing', 'Out for delivery', 'Delivered', 'On hold',
        'Cancelled']) {
        assert.ok(links.some((l) => l.label === stage), `a count for ${stage}`);
      }
      const counted = links.filter((l) => l.count > 0);
      assert.ok(counted.length >= 3, `the demo's cases are in several stages (${JSON.stringify(links)})`);
      for (const { label, count, href } of counted) {
        await open(page, `${molard.url}${href}`);
        const rows = (await casesTable(page).getByRole('row').count()) - 1; // less the header row
        assert.equal(rows, count, `${label}: the dashboard says ${count}, the list shows ${rows}`);
      }
    });
  });

  it('lands the lab on its board', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await signIn(page, molard.url, LAB_ADMIN);
      assert.equal(pathOf(page), '/lab/cases', 'signing in lands on the lab board');
      assert.equal((await mainHeading(page).textContent()).trim(), 'Lab board');
      assert.equal(await mainNav(page).getByRole('link', { name: 'Dashboard', exact: true }).count(), 0,
        'the clinics\' dashboard is not in the lab\'s menu');
      // Home, in the menu, leads back to the board.
      await submitWith(page, mainNav(page).getByRole('link', { name: 'Home', exact: true }));
      assert.equal(pathOf(page), '/lab/cases');
    });
  });
});
