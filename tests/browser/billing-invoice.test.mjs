// The invoice pages in a real browser, on the demo data with the cases and billing plugins:
// the clinic's owner finds an invoice the lab issued at delivery in "Invoices", reads its
// lines and totals, downloads its PDF (poppler's pdftotext finds the number and the total,
// pdftoppm renders its first page); the lab's billing clerk opens the dashboard from
// "Billing" and the list of every organization's invoices. Locators are by role and label.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser, newPage, rootAttributes, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, startCasesMolard, BILLING_CLERK, PEARL_OWNER, PEARL_DENTIST, CASE_NUMBER, signIn, open, mainHeading, pathOf,
} from './lib/cases.mjs';

const run = promisify(execFile);
const TEST_TIMEOUT_MS = 150_000;
const LIST_CAPTION = 'Invoices, newest first';
const LINES_CAPTION = 'What this invoice charges, with its adjustments and totals';

describe('billing invoice pages', () => {
  let molard;
  let browser;
  let tmp;

  before(async () => {
    [molard, browser, tmp] = await Promise.all([
      startCasesMolard({ 'billing.lab.name': 'Molar Demo Lab W.L.L.', 'billing.lab.taxNumber': '300-123-456' }, ['cases', 'billing']), launchBrowser(), mkdtemp(path.join(os.tmpdir(), 'molar-invoice-')),
    ]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the clinic opens its invoice and downloads the PDF', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', acceptDownloads: true });
    try {
      await signIn(page, molard.url, PEARL_OWNER);
      // The lab issues the demo's invoices at delivery, by a job, soon after start.
      const deadline = Date.now() + 30_000;
      let row;
      for (;;) {
        await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Invoices', exact: true }));
        assert.equal(pathOf(page), '/billing/invoices');
        assert.equal(await mainHeading(page).textContent(), 'Invoices');
        const table = page.getByRole('table', { name: LIST_CAPTION, exact: true });
        row = table.getByRole('row').filter({ has: page.getByRole('link') }).first();
        if (await row.count() > 0) break;
        assert.ok(Date.now() < deadline, 'the demo clinic has an invoice');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await checkPage(page, 'the invoice list');
      // The state filter is a labelled select, kept in the address.
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Issued' });
      await submitWith(page, page.getByRole('button', { name: 'Apply', exact: true }));
      assert.equal(new URL(page.url()).searchParams.get('state'), 'issued');

      const link = page.getByRole('table', { name: LIST_CAPTION, exact: true }).getByRole('rowheader')
        .getByRole('link').first();
      const number = (await link.textContent()).trim();
      assert.match(number, /^INV-\d{4}-\d{6}$/);
      await submitWith(page, link);
      assert.match(pathOf(page), /^\/billing\/invoices\/\d+$/);
      assert.equal(await page.getByRole('heading', { level: 2, name: number }).count(), 1);

      const lines = page.getByRole('table', { name: LINES_CAPTION, exact: true });
      assert.ok(await lines.isVisible(), 'the lines are a captioned table');
      assert.match(await lines.getByRole('rowheader').first().textContent(), CASE_NUMBER);
      const totalRow = lines.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total', exact: true }) });
      const total = (await totalRow.getByRole('cell').last().textContent()).trim();
      assert.match(total, /^QAR\s[\d,]+\.\d{2}$/, 'the total with the riyal\'s two digits');
      assert.ok(await page.getByRole('heading', { name: 'Pay invoice', exact: true }).isVisible());
      assert.ok(await page.getByText('Molar Demo Lab W.L.L.').isVisible(), 'the lab\'s name heads the invoice');
      await checkPage(page, 'the invoice page');
      await screenshot(page, 'billing-invoice');

      // The PDF: an attachment named by the number, with the number and the total inside.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download PDF', exact: true }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `${number}.pdf`);
      const pdf = path.join(tmp, `${number}.pdf`);
      await download.saveAs(pdf);
      assert.equal((await readFile(pdf)).subarray(0, 5).toString(), '%PDF-');
      const { stdout: text } = await run('pdftotext', ['-q', '-enc', 'UTF-8', pdf, '-']);
      assert.ok(text.includes(number), `the PDF names ${number}: ${text}`);
      assert.ok(text.replace(/\s/g, ' ').includes(total.replace(/\s/g, ' ')), `the PDF gives the total ${total}`);
      assert.ok(text.includes('Molar Demo Lab W.L.L.'), 'and the lab');
      await run('pdftoppm', ['-q', '-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(tmp, 'page')]);
      const png = await readFile(path.join(tmp, 'page-1.png'));
      assert.equal(png.subarray(1, 4).toString(), 'PNG', 'the first page renders');
      assert.ok((await stat(path.join(tmp, 'page-1.png'))).size > 2000, 'and is not blank');
    } finally {
      await context.close();
    }
  });

  it('a dentist reads the invoice and its PDF in Arabic', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', acceptDownloads: true });
    try {
      // Signed in through the English form (the helper reads English labels), then Arabic.
      await signIn(page, molard.url, PEARL_DENTIST);
      await context.addCookies([{ name: 'molar_lang', value: 'ar', url: molard.url }]);
      await open(page, `${molard.url}/billing/invoices`);
      assert.deepEqual(await rootAttributes(page).then(({ lang, dir }) => ({ lang, dir })), { lang: 'ar', dir: 'rtl' });
      assert.equal(await mainHeading(page).textContent(), 'الفواتير');
      const link = page.getByRole('table', { name: 'الفواتير، الأحدث أولًا', exact: true }).getByRole('rowheader')
        .getByRole('link').first();
      const number = (await link.textContent()).trim();
      await submitWith(page, link);
      assert.equal(await mainHeading(page).textContent(), 'الفاتورة');
      const lines = page.getByRole('table', { name: 'ما تطالب به هذه الفاتورة مع التسويات والمجاميع', exact: true });
      assert.ok(await lines.getByRole('rowheader', { name: 'الإجمالي', exact: true }).isVisible());
      // The lab's tax number keeps its own order on the right-to-left page: 300 before 456.
      const [first, last] = await page.getByText('300-123-456', { exact: true }).evaluate((element) => {
        const text = element.firstChild;
        const at = (from, to) => {
          const range = document.createRange();
          range.setStart(text, from);
          range.setEnd(text, to);
          return range.getBoundingClientRect().left;
        };
        return [at(0, 3), at(8, 11)];
      });
      assert.ok(first < last, `the tax number reads 300-123-456 from the left (${first} < ${last})`);
      await checkPage(page, 'the invoice page in Arabic');
      await screenshot(page, 'billing-invoice-arabic');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'تنزيل ملف PDF', exact: true }).click(),
      ]);
      const pdf = path.join(tmp, 'arabic.pdf');
      await download.saveAs(pdf);
      const { stdout: text } = await run('pdftotext', ['-q', '-enc', 'UTF-8', pdf, '-']);
      assert.ok(text.includes(number), `the Arabic PDF names ${number}`);
      // Its labels are Arabic, drawn shaped (presentation forms), with no English left.
      for (const english of ['Invoice', 'Total', 'Billed to', 'Page']) {
        assert.ok(!text.includes(english), `no "${english}" in the Arabic PDF: ${text}`);
      }
      assert.match(text, /[\uFE70-\uFEFC]/, 'Arabic letters in their joined forms');
      await run('pdftoppm', ['-q', '-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(tmp, 'arabic')]);
      assert.equal((await readFile(path.join(tmp, 'arabic-1.png'))).subarray(1, 4).toString(), 'PNG');
    } finally {
      await context.close();
    }
  });

  it('the billing clerk reads the dashboard and every organization\'s invoices', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, molard.url, BILLING_CLERK);
      await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Billing', exact: true }));
      assert.equal(pathOf(page), '/lab/billing');
      assert.equal(await mainHeading(page).textContent(), 'Billing');
      for (const card of ['Open invoices', 'Overdue invoices', 'Disputes']) {
        assert.ok(await page.getByRole('heading', { level: 3, name: card, exact: true }).isVisible(), card);
      }
      await checkPage(page, 'the billing dashboard');
      await submitWith(page, page.getByRole('link', { name: 'All invoices', exact: true }));
      assert.equal(pathOf(page), '/lab/billing/invoices');
      const table = page.getByRole('table', { name: LIST_CAPTION, exact: true });
      assert.ok(await table.getByRole('columnheader', { name: 'Organization', exact: true }).isVisible());
      await page.getByLabel('Organization', { exact: true }).selectOption({ label: 'Pearl Dental Group' });
      await submitWith(page, page.getByRole('button', { name: 'Apply', exact: true }));
      assert.equal(await page.getByRole('alert').count(), 0);
      await checkPage(page, 'the lab\'s invoice list');
    } finally {
      await context.close();
    }
  });
});
