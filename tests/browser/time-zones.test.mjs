// Time zones in a real browser, on the demo data with the demo's lab in Qatar
// (portal.timeZone): a demo dentist, who chose no zone, reads the case page in the lab's
// zone; the profile's zone is a drop-down list found by its label, whose first choice is
// the lab's; a zone chosen there is the one the case page then uses.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, submitWith } from './lib/browser.mjs';
import { PEARL_DENTIST, startCasesMolard, signIn, open } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;

describe('time zones', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([
      startCasesMolard({ 'portal.timeZone': 'Asia/Qatar' }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('shows a user without a zone the lab\'s, and keeps the one they choose', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(page, molard.url, PEARL_DENTIST);
      await open(page, `${molard.url}/cases?q=P-002`);
      const casePath = new URL(await page.getByRole('main').getByRole('table').getByRole('link').first()
        .getAttribute('href'), molard.url).pathname;
      await open(page, `${molard.url}${casePath}`);
      assert.ok(await page.getByText('Times are shown in Asia/Qatar', { exact: true }).isVisible(),
        'the case page names the lab\'s zone');

      await open(page, `${molard.url}/account/profile`);
      const zone = page.getByRole('combobox', { name: 'Time zone', exact: true });
      assert.ok(await zone.isVisible(), 'the time zone is a drop-down list labelled "Time zone"');
      assert.equal(await zone.evaluate((select) => select.selectedOptions[0].text),
        'The lab\'s time zone (Asia/Qatar)');
      assert.equal(await zone.getAttribute('aria-describedby'), 'timeZone-hint');
      assert.equal(await zone.evaluate((select) => select.querySelector('option[value="Asia/Kolkata"]')
        .parentElement.label), 'Asia', 'zones are grouped by region');
      await zone.selectOption('Asia/Kolkata');
      await submitWith(page, page.getByRole('button', { name: 'Save profile', exact: true }));
      assert.ok(await page.getByText('Your profile is saved.', { exact: true }).isVisible());
      assert.equal(await page.getByRole('combobox', { name: 'Time zone', exact: true })
        .evaluate((select) => select.value), 'Asia/Kolkata');

      await open(page, `${molard.url}${casePath}`);
      assert.ok(await page.getByText('Times are shown in Asia/Kolkata', { exact: true }).isVisible(),
        'the case page follows the chosen zone');
    } finally {
      await context.close();
    }
  });
});
