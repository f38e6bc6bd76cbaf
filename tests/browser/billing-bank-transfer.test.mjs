// A bank transfer in a real browser, on the demo data with the cases, billing and pay-bank
// plugins: the clinic's owner asks for the transfer details of an invoice the lab issued at
// delivery and gets its reference and the lab's IBAN; the lab's billing clerk finds the
// reference by the invoice number, types a wrong amount first (its error beside the field),
// then records the transfer; the clinic sees the invoice paid and the payment on the case's
// timeline. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, startCasesMolard, BILLING_CLERK, PEARL_OWNER, CASE_NUMBER, signIn, open, mainHeading, pathOf, description,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 150_000;
const REFERENCE = /MB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;
const IBAN = 'QA58 DOHB 0000 1234 5678 90AB CDEF G';
const PAYMENTS_CAPTION = 'Payments and refunds on this invoice, oldest first';

/** The clinic's first issued invoice: the lab issues them at delivery, by a job, soon after start. */
async function openIssuedInvoice(page, baseUrl) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await open(page, `${baseUrl}/billing/invoices`);
    const table = page.getByRole('table', { name: 'Invoices, newest first', exact: true });
    // A row of an invoice (the header row has no link) whose state is Issued.
    const row = table.getByRole('row').filter({ has: page.getByRole('link') })
      .filter({ has: page.getByText('Issued', { exact: true }) }).first();
    if (await row.count() > 0) {
      await submitWith(page, row.getByRole('rowheader').getByRole('link'));
      return;
    }
    assert.ok(Date.now() < deadline, 'the demo clinic has an issued invoice');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('billing bank transfer', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard({
    'pay-bank.accountName': 'Molar Demo Lab W.L.L.', 'pay-bank.bankName': 'Doha Bank',
    'pay-bank.iban': IBAN, 'pay-bank.bic': 'DOHBQAQA',
  }, ['cases', 'billing', 'pay-bank']), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('the clerk marks a transfer paid and the clinic sees its invoice paid', { timeout: TEST_TIMEOUT_MS }, async () => {
    // The clinic's owner asks how to pay an invoice by bank transfer.
    // The clinic's page stays open (the owner comes back below); after() closes the browser.
    const clinic = await newPage(browser, { locale: 'en-US' });
    const { page: clinicPage } = clinic;
    let invoicePath = '';
    let invoiceNumber = '';
    let reference = '';
    let caseNumber = '';
    let paid = '';
    {
      await signIn(clinicPage, molard.url, PEARL_OWNER);
      await openIssuedInvoice(clinicPage, molard.url);
      invoicePath = pathOf(clinicPage);
      assert.match(invoicePath, /^\/billing\/invoices\/\d+$/);
      invoiceNumber = (await clinicPage.getByRole('heading', { level: 2 }).first().textContent()).trim();
      assert.match(invoiceNumber, /^INV-\d{4}-\d{6}$/);
      caseNumber = (await clinicPage.getByRole('rowheader').filter({ hasText: CASE_NUMBER }).first().textContent())
        .match(CASE_NUMBER)[0];

      await submitWith(clinicPage, clinicPage.getByRole('button', { name: 'Get the details for Bank transfer' }));
      const details = clinicPage.getByRole('region', { name: 'Bank transfer details', exact: true });
      const detailsText = await details.textContent();
      reference = detailsText.match(REFERENCE)?.[0] ?? '';
      assert.ok(reference, `the details give a transfer reference: ${detailsText}`);
      assert.ok(detailsText.includes(IBAN), 'and the lab\'s IBAN');
      // Asking again gives the same reference, not a second one.
      await open(clinicPage, `${molard.url}${invoicePath}`);
      assert.ok((await details.textContent()).includes(reference), 'the reference stays the same');
    }

    // The billing clerk finds the reference by the invoice number and records the transfer.
    const lab = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = lab;
      await signIn(page, molard.url, BILLING_CLERK);
      await open(page, `${molard.url}/lab/payments/bank`);
      assert.equal(await mainHeading(page).textContent(), 'Bank transfers');
      const awaiting = page.getByRole('table', { name: 'Transfer references not yet paid in full, oldest first' });
      assert.ok(await awaiting.getByRole('link', { name: reference, exact: true }).isVisible(), 'it awaits payment');
      await checkPage(page, 'the bank transfers page');

      await page.getByLabel('Transfer reference or invoice number', { exact: true }).fill(invoiceNumber);
      await submitWith(page, page.getByRole('button', { name: 'Find', exact: true }));
      assert.equal(pathOf(page), `/lab/payments/bank/references/${reference}`);
      assert.equal(await mainHeading(page).textContent(), 'Transfer reference');
      const outstanding = (await page.locator('#bank-outstanding').textContent()).trim();
      assert.match(outstanding, /^QAR\s[\d,]+\.\d{2}$/);
      await checkPage(page, 'the reference page');

      // Three decimals are more than riyals have: refused beside the field, the bank id kept.
      const amount = page.getByLabel('Amount received (QAR)', { exact: true });
      const bankId = page.getByLabel('Bank transaction id', { exact: true });
      await amount.fill('45.001');
      await bankId.fill('FT26132QX7');
      await submitWith(page, page.getByRole('button', { name: 'Record the transfer', exact: true }));
      assert.equal(await amount.getAttribute('aria-invalid'), 'true');
      assert.match(await description(amount), /at most the currency's decimals/);
      assert.equal(await bankId.inputValue(), 'FT26132QX7');

      paid = outstanding;
      await amount.fill(outstanding.replace(/^QAR\s/, ''));
      await submitWith(page, page.getByRole('button', { name: 'Record the transfer', exact: true }));
      assert.ok(await page.getByRole('status').getByText('The transfer is recorded').isVisible());
      assert.ok(await page.getByText('This reference is paid in full.').isVisible());
      const received = page.getByRole('table', { name: 'Transfers received against this reference' });
      assert.ok(await received.getByText('FT26132QX7').isVisible(), 'the transfer is listed');
      await screenshot(page, 'billing-bank-transfer-clerk');
    } finally {
      await lab.context.close();
    }

    // The clinic sees the invoice paid, and the payment on its case's timeline.
    try {
      await open(clinicPage, `${molard.url}${invoicePath}`);
      assert.ok(await clinicPage.getByText('Paid', { exact: true }).first().isVisible(), 'the invoice reads Paid');
      const payments = clinicPage.getByRole('table', { name: PAYMENTS_CAPTION, exact: true });
      assert.equal(await payments.getByRole('row').count(), 2, 'the payment is listed under its heading row');
      await screenshot(clinicPage, 'billing-bank-transfer-invoice');

      await open(clinicPage, `${molard.url}/cases?q=${encodeURIComponent(caseNumber)}`);
      await submitWith(clinicPage, clinicPage.getByRole('link', { name: caseNumber, exact: true }).first());
      const timeline = clinicPage.getByRole('region', { name: 'Activity', exact: true });
      const entry = timeline.getByText(`received for invoice ${invoiceNumber}`).first();
      assert.ok(await entry.isVisible(), 'the timeline has the payment');
      // The timeline keeps the words its event was told in; the page wrote the amount with a no-break space.
      assert.match(await entry.textContent(), new RegExp(`Payment of ${paid.replace(/[.]/g, '\\.').replace(/\s/g, '\\s')}`));
    } finally {
      await clinic.context.close();
    }
  });

  it('the bank transfer pages are the lab billing staff\'s', { timeout: TEST_TIMEOUT_MS }, async () => {
    const clinic = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = clinic;
      await signIn(page, molard.url, PEARL_OWNER);
      await open(page, `${molard.url}/lab/payments/bank`, 403);
      assert.equal(await page.getByRole('link', { name: 'Bank transfers' }).count(), 0, 'no link to them');
    } finally {
      await clinic.context.close();
    }
  });
});
