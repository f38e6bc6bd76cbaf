// Billing modes in a real browser, on the demo data with the cases and billing plugins: the
// lab's billing clerk opens Billing accounts from the menu and puts Smile Studio on a monthly
// invoice (a wrong number of days first, its error beside the field), and Smile Studio's owner
// reads the new mode from the menu's Billing mode. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, startCasesMolard, BILLING_CLERK, signIn, open, mainHeading, pathOf, description,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;
const SMILE_OWNER = { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' };

describe('billing modes', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard({}, ['cases', 'billing']), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('the clerk puts an organization on a monthly invoice and its owner reads it', { timeout: TEST_TIMEOUT_MS },
    async () => {
      const lab = await newPage(browser, { locale: 'en-US' });
      try {
        const { page } = lab;
        await signIn(page, molard.url, BILLING_CLERK);
        await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Billing accounts', exact: true }));
        assert.equal(pathOf(page), '/lab/billing/accounts');
        assert.equal(await mainHeading(page).textContent(), 'Billing accounts');
        await checkPage(page, 'the billing accounts');

        const form = page.getByRole('form', { name: 'Billing mode of Smile Studio', exact: true });
        const mode = form.getByLabel('Billing mode', { exact: true });
        const days = form.getByLabel('Payment terms (days)', { exact: true });
        assert.equal(await mode.inputValue(), 'credits', 'the demo pays Smile Studio\'s cases from prepaid credits');
        await mode.selectOption({ label: 'Monthly invoice' });
        await days.fill('0');
        await submitWith(page, form.getByRole('button', { name: 'Save', exact: true }));
        // Refused beside the field, what was chosen kept.
        const again = page.getByRole('form', { name: 'Billing mode of Smile Studio', exact: true });
        const daysAgain = again.getByLabel('Payment terms (days)', { exact: true });
        assert.equal(await daysAgain.getAttribute('aria-invalid'), 'true');
        assert.match(await description(daysAgain), /whole number of days from 1 to 365/);
        assert.equal(await again.getByLabel('Billing mode', { exact: true }).inputValue(), 'monthly');
        await daysAgain.fill('45');
        await submitWith(page, again.getByRole('button', { name: 'Save', exact: true }));
        assert.equal(pathOf(page), '/lab/billing/accounts');
        const row = page.getByRole('row').filter({ hasText: 'Smile Studio' });
        assert.ok(await row.getByRole('status').getByText('Saved.').isVisible(), 'the row says it was saved');
        assert.ok(await row.getByRole('cell', { name: /^Monthly invoice/ }).isVisible());
        assert.ok(await row.getByRole('cell', { name: '45', exact: true }).isVisible());
        await screenshot(page, 'billing-accounts');
      } finally {
        await lab.context.close();
      }

      const clinic = await newPage(browser, { locale: 'en-US' });
      try {
        const { page } = clinic;
        await signIn(page, molard.url, SMILE_OWNER);
        await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Billing mode', exact: true }));
        assert.equal(pathOf(page), '/billing/account');
        assert.equal(await mainHeading(page).textContent(), 'Your billing mode');
        assert.ok(await page.getByText('Monthly invoice', { exact: true }).isVisible());
        assert.ok(await page.getByText(/One invoice on the 1st of each month/).isVisible());
        assert.ok(await page.getByText('45', { exact: true }).isVisible());
        await checkPage(page, 'the billing mode');
        await open(page, `${molard.url}/lab/billing/accounts`, 403);
      } finally {
        await clinic.context.close();
      }
    });
});
