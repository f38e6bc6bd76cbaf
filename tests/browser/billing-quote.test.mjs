// A quote in a real browser, on the demo data with the cases and billing plugins: the lab's
// billing clerk prices a case the lab moved to invoicing (a wrong price first, its error
// beside the field), the clinic's owner opens the case, follows its notice to the quote and
// accepts it, and the case page shows In design. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, startCasesMolard, BILLING_CLERK, PEARL_OWNER, CASE_NUMBER, signIn, open, mainHeading, pathOf, description,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;

describe('billing quote', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard({}, ['cases', 'billing']), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('the lab prices a quote and the clinic accepts it from its case', { timeout: TEST_TIMEOUT_MS }, async () => {
    // The billing clerk: Pearl Dental Group's demo case in invoicing waits for its price.
    const lab = await newPage(browser, { locale: 'en-US' });
    let casePath = '';
    let number = '';
    try {
      const { page } = lab;
      await signIn(page, molard.url, BILLING_CLERK);
      await open(page, `${molard.url}/lab/billing/quotes`);
      assert.equal(await mainHeading(page).textContent(), 'Quotes');
      const table = page.getByRole('table', { name: 'Open quotes, oldest first', exact: true });
      const row = table.getByRole('row').filter({ hasText: 'Pearl Dental Group' })
        .filter({ hasText: 'Awaiting a price' }).first();
      const caseLink = row.getByRole('rowheader').getByRole('link', { name: CASE_NUMBER });
      number = (await caseLink.textContent()).trim();
      casePath = await caseLink.getAttribute('href');
      assert.match(casePath, /^\/cases\/\d+$/);
      await submitWith(page, row.getByRole('link', { name: `Price case ${number}`, exact: true }));
      assert.equal(await mainHeading(page).textContent(), 'Price a quote');
      await checkPage(page, 'the price form');

      // Three decimals are more than riyals have: refused beside the field, the note kept.
      const price = page.getByLabel('Price (QAR)', { exact: true });
      const note = page.getByLabel('Note to the clinic (optional)', { exact: true });
      await price.fill('1,250.505');
      await note.fill('Layered by hand to match the neighbouring teeth');
      await submitWith(page, page.getByRole('button', { name: 'Send the quote', exact: true }));
      assert.equal(await price.getAttribute('aria-invalid'), 'true');
      assert.match(await description(price), /no more decimals than the currency has/);
      assert.equal(await note.inputValue(), 'Layered by hand to match the neighbouring teeth');
      await price.fill('1,250.50');
      await submitWith(page, page.getByRole('button', { name: 'Send the quote', exact: true }));
      assert.equal(pathOf(page), '/lab/billing/quotes');
      assert.ok(await page.getByRole('status').getByText(number).isVisible(), 'the list says the quote went');
    } finally {
      await lab.context.close();
    }

    // The clinic's owner opens the case and follows the notice to the quote.
    const clinic = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = clinic;
      await signIn(page, molard.url, PEARL_OWNER);
      await open(page, `${molard.url}${casePath}`);
      const notice = page.getByRole('note').filter({ hasText: 'A quote is waiting for your answer.' });
      assert.ok(await notice.isVisible(), 'the case page tells of the quote');
      await submitWith(page, notice.getByRole('link', { name: 'Open the quote', exact: true }));
      assert.match(pathOf(page), /^\/billing\/quotes\/\d+$/);
      assert.equal(await mainHeading(page).textContent(), 'Quote');
      assert.ok(await page.getByRole('definition').getByText('QAR 1,250.50', { exact: true }).isVisible(), 'the price in riyals');
      assert.ok(await page.getByText('Layered by hand to match the neighbouring teeth').isVisible());
      await checkPage(page, 'the quote page');
      await screenshot(page, 'billing-quote');

      const accept = page.getByRole('region', { name: 'Accept the quote', exact: true });
      await accept.getByRole('checkbox', { name: 'I accept the price of QAR 1,250.50', exact: true }).check();
      await submitWith(page, accept.getByRole('button', { name: 'Accept the quote', exact: true }));
      assert.ok(await page.getByRole('status').getByText('You accepted the quote.').isVisible());
      assert.ok(await page.getByText('Accepted', { exact: true }).isVisible(), 'the quote reads Accepted');

      await submitWith(page, page.getByRole('link', { name: `Back to case ${number}`, exact: true }));
      assert.equal(pathOf(page), casePath);
      const summary = page.getByRole('region', { name: `Case ${number}`, exact: true });
      assert.ok(await summary.getByText('In design', { exact: true }).isVisible(), 'the case is In design');
      assert.equal(await page.getByRole('note').filter({ hasText: 'A quote is waiting' }).count(), 0);
      const timeline = page.getByRole('region', { name: 'Activity', exact: true });
      assert.ok(await timeline.getByText('Quote accepted').first().isVisible(), 'the timeline has the answer');
      assert.ok(await timeline.getByText('Accepted → In design').first().isVisible(), 'and the move');
    } finally {
      await clinic.context.close();
    }
  });
});
