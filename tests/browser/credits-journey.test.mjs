// Prepaid credits in a real browser, on the demo data with cases, billing, the fake Stripe,
// bank transfers and the credits plugin. Pearl Dental's owner buys the Starter pack by card
// and the balance grows by its credits (not its price); the purchase puts the organization,
// whose billing mode the lab never set, on prepaid credits; the dentist sends clear aligners
// until a case is held awaiting credit; the owner buys another pack by bank transfer, the
// lab's billing clerk records the transfer and the held case goes ahead, the balance right
// to the minor unit; the activity's CSV holds every entry; /pricing shows the packs to anyone.
// The steps share one molard and run in order. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, BILLING_CLERK, PEARL_OWNER, PEARL_DENTIST, signIn, open, mainHeading, pathOf, description,
} from './lib/cases.mjs';
import { reloadUntil } from './lib/payments.mjs';
import { startCreditsMolard, payOnCheckout, sendCase, caseSummary, IBAN } from './lib/credits.mjs';

const TEST_TIMEOUT_MS = 90_000;
const CLINIC = 'Pearl Dental Al Sadd';
const PRODUCT = 'Clear aligners'; // QAR 6,500.00 a case on Pearl's prices (aligners get no discount)
const CASE_PRICE = '6,500.00';
const REFERENCE = /MB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;
const HELD_CAPTION = 'Cases on hold, oldest first';
const ACTIVITY_CAPTION = 'Credit activity, newest first';
const CSV_HEADER = 'Date and time,Kind,Amount (QAR),Balance after (QAR),Case number,Reason,By';

/** The balance the Credits page shows under its heading, as "QAR 1,234.00". */
async function balanceOf(page) {
  const text = (await page.getByRole('region', { name: 'Credit balance', exact: true }).textContent()).replace(/\s+/g, ' ');
  return text.match(/^ ?Credit balance (QAR -?[\d,]+\.\d{2})/)?.[1] ?? text;
}
const pack = (page, name) => page.getByRole('main').getByRole('group', { name: new RegExp(`^${name}\\b`) });

describe('prepaid credits from the first pack to a held case going ahead', () => {
  let env;
  let browser;
  let owner; // { context, page }
  let dentist;
  const cases = []; // { path, number }, in the order sent
  let held = null;

  before(async () => {
    // One after the other: a molard that fails to start leaves no browser behind to keep node alive.
    browser = await launchBrowser();
    env = await startCreditsMolard();
    owner = await newPage(browser, { locale: 'en-US' });
    dentist = await newPage(browser, { locale: 'en-US' });
    await signIn(owner.page, env.molard.url, PEARL_OWNER);
    await signIn(dentist.page, env.molard.url, PEARL_DENTIST);
  });

  after(async () => {
    await owner?.context.close();
    await dentist?.context.close();
    await browser?.close();
    await env?.stop();
  });

  it('the owner buys the Starter pack by card and the balance grows by its credits', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = owner;
    await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Credits', exact: true }));
    assert.equal(pathOf(page), '/credits');
    assert.equal((await mainHeading(page).textContent()).trim(), 'Credits');
    assert.equal(await balanceOf(page), 'QAR 0.00', 'no credit yet');
    await checkPage(page, 'the credits page before any top-up');

    const starter = pack(page, 'Starter');
    assert.match((await starter.textContent()).replace(/\s+/g, ' '), /Credits\s*QAR 10,000\.00\s*Price\s*QAR 9,500\.00/);
    await starter.getByRole('radio', { name: 'Card (Stripe)', exact: true }).check();
    await submitWith(page, starter.getByRole('button', { name: 'Buy Starter', exact: true }));
    await payOnCheckout(page, env.stripe, { card: '4242 4242 4242 4242', button: 'Pay' });

    assert.equal(new URL(page.url()).origin, env.molard.url, `back on the portal: ${page.url()}`);
    assert.match(pathOf(page), /^\/credits\/topups\/\d+$/, 'on the top-up\'s page');
    const credited = page.getByRole('status').getByText('The credits are in your balance.');
    await reloadUntil(page, async () => (await credited.count()) > 0, 'the top-up is credited');
    assert.match((await page.getByRole('main').textContent()).replace(/\s+/g, ' '), /Credited/);
    await checkPage(page, 'the top-up paid by card');

    await submitWith(page, page.getByRole('link', { name: 'Back to credits', exact: true }).first());
    assert.equal(await balanceOf(page), 'QAR 10,000.00', 'the pack\'s credits, not its price');
    const topups = page.getByRole('table', { name: 'Your latest top-ups, newest first', exact: true });
    assert.equal(await topups.getByRole('row').filter({ hasText: 'Starter' }).filter({ hasText: 'Credited' }).count(), 1);
    await screenshot(page, 'credits-after-card');

    await submitWith(page, page.getByRole('link', { name: /^Activity: every top-up/ }));
    assert.equal(pathOf(page), '/credits/activity');
    const activity = page.getByRole('table', { name: ACTIVITY_CAPTION, exact: true });
    const rows = activity.getByRole('row').filter({ has: page.getByRole('cell') });
    assert.equal(await rows.count(), 1, 'one entry');
    const row = (await rows.first().textContent()).replace(/\s+/g, ' ');
    assert.match(row, /Top-up/);
    assert.match(row, /QAR 10,000\.00/);
    await checkPage(page, 'the credit activity');

    // Billing put the organization on prepaid credits: the lab had never set its mode.
    await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Billing mode', exact: true }));
    assert.ok(await page.getByText('Prepaid credits', { exact: true }).isVisible(), 'the billing mode is prepaid credits');
  });

  it('the dentist sends cases until one waits for credit', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    // 10,000.00 pays one case of 6,500.00; the second waits.
    for (const patientRef of ['CR-1001', 'CR-1002']) {
      cases.push(await sendCase(page, env.molard.url, { clinic: CLINIC, patientRef, product: PRODUCT }));
    }
    const [paid, waiting] = cases;
    await open(page, `${env.molard.url}${paid.path}`);
    assert.match(await caseSummary(page, paid.number), new RegExp(`^Case ${paid.number} In planning`), 'the first case goes ahead');
    await open(page, `${env.molard.url}${waiting.path}`);
    assert.match(await caseSummary(page, waiting.number), new RegExp(`^Case ${waiting.number} Awaiting credit`),
      'the second waits for credit');
    await checkPage(page, 'a case awaiting credit');
    await screenshot(page, 'credits-case-held');
    held = waiting;

    const { page: ownerPage } = owner;
    await open(ownerPage, `${env.molard.url}/credits`);
    assert.equal(await balanceOf(ownerPage), 'QAR 3,500.00', 'one case paid from the balance');
    const table = ownerPage.getByRole('table', { name: HELD_CAPTION, exact: true });
    const rows = table.getByRole('row').filter({ has: ownerPage.getByRole('cell') });
    assert.equal(await rows.count(), 1, 'one case on hold');
    assert.equal(await rows.getByRole('link', { name: held.number, exact: true }).getAttribute('href'), held.path);
    assert.match(await rows.textContent(), new RegExp(`QAR\\s${CASE_PRICE.replace(/[.,]/g, '\\$&')}`));
    await checkPage(ownerPage, 'the credits page with a case on hold');
    await screenshot(ownerPage, 'credits-held-listed');
  });

  it('a bank transfer the clerk records lets the held case go ahead', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(held, 'the previous step left a case on hold');
    const { page } = owner;
    await open(page, `${env.molard.url}/credits`);
    const starter = pack(page, 'Starter');
    await starter.getByRole('radio', { name: 'Bank transfer', exact: true }).check();
    await submitWith(page, starter.getByRole('button', { name: 'Buy Starter', exact: true }));
    assert.match(pathOf(page), /^\/credits\/topups\/\d+$/, 'on the top-up\'s page');
    const topupPath = pathOf(page);
    const details = page.getByRole('region', { name: 'Pay by bank transfer', exact: true });
    const detailsText = (await details.textContent()).replace(/\s+/g, ' ');
    const reference = detailsText.match(REFERENCE)?.[0];
    assert.ok(reference, `the page gives a transfer reference: ${detailsText}`);
    assert.ok(detailsText.includes(IBAN), 'and the lab\'s IBAN');
    assert.match((await page.getByRole('main').textContent()).replace(/\s+/g, ' '), /Awaiting payment/);
    await checkPage(page, 'the top-up awaiting a bank transfer');
    await screenshot(page, 'credits-topup-transfer');

    const lab = await newPage(browser, { locale: 'en-US' });
    try {
      const { page: clerk } = lab;
      await signIn(clerk, env.molard.url, BILLING_CLERK);
      // The lab sees the case waiting for credit.
      await open(clerk, `${env.molard.url}/lab/credits`);
      const waiting = clerk.getByRole('table', { name: 'Cases waiting for credit, oldest first', exact: true });
      assert.equal(await waiting.getByRole('link', { name: held.number, exact: true }).count(), 1, 'the lab sees it waiting');
      await checkPage(clerk, 'the lab\'s credit balances with a case waiting');

      await open(clerk, `${env.molard.url}/lab/payments/bank`);
      await clerk.getByLabel('Transfer reference or invoice number', { exact: true }).fill(reference);
      await submitWith(clerk, clerk.getByRole('button', { name: 'Find', exact: true }));
      assert.equal(pathOf(clerk), `/lab/payments/bank/references/${reference}`);
      await checkPage(clerk, 'the top-up\'s transfer reference');
      const amount = clerk.getByLabel('Amount received (QAR)', { exact: true });
      await amount.fill('9500.00');
      await clerk.getByLabel('Bank transaction id', { exact: true }).fill('FT26336CR42');
      await submitWith(clerk, clerk.getByRole('button', { name: 'Record the transfer', exact: true }));
      assert.ok(await clerk.getByRole('status').getByText('The transfer is recorded').isVisible(),
        `the transfer is recorded (${await description(amount).catch(() => '')})`);
      assert.ok(await clerk.getByText('This reference is paid in full.').isVisible());
      await screenshot(clerk, 'credits-clerk-transfer');

      // The lab's credits page no longer lists the case as waiting.
      await open(clerk, `${env.molard.url}/lab/credits`);
      assert.equal(await clerk.getByRole('link', { name: held.number, exact: true }).count(), 0, 'no case waits');
      assert.ok(await clerk.getByText('No case is waiting for credit.', { exact: true }).isVisible());
      const balances = clerk.getByRole('table', { name: 'Credit balances by organization', exact: true });
      const pearl = balances.getByRole('row').filter({ has: clerk.getByRole('link', { name: 'Pearl Dental Group', exact: true }) });
      assert.match((await pearl.textContent()).replace(/\s+/g, ' '), /QAR 7,000\.00/, 'the lab reads the same balance');
      await checkPage(clerk, 'the lab\'s credit balances');
    } finally {
      await lab.context.close();
    }

    await open(page, `${env.molard.url}${topupPath}`);
    assert.ok(await page.getByRole('status').getByText('The credits are in your balance.').isVisible(), 'credited');
    await open(page, `${env.molard.url}/credits`);
    // 10,000.00 − 6,500.00 + 10,000.00 − 6,500.00.
    assert.equal(await balanceOf(page), 'QAR 7,000.00', 'the held case was paid from the new credits');
    assert.equal(await page.getByRole('table', { name: HELD_CAPTION, exact: true }).count(), 0, 'no case on hold');
    await checkPage(page, 'the credits page after the transfer');

    await open(page, `${env.molard.url}${held.path}`);
    assert.match(await caseSummary(page, held.number), new RegExp(`^Case ${held.number} In planning`),
      'the held case goes ahead');
    await screenshot(page, 'credits-case-resumed');

    // The clinic's dashboard tells the balance.
    await open(page, `${env.molard.url}/cases/dashboard`);
    const panel = page.getByRole('region', { name: 'Credits', exact: true });
    assert.ok(await panel.getByText('Credit balance: QAR 7,000.00', { exact: true }).isVisible(), 'the dashboard panel');
    assert.equal(await panel.getByRole('link', { name: 'Open credits', exact: true }).getAttribute('href'), '/credits');
    await checkPage(page, 'the clinic dashboard with the credits panel');
  });

  it('the activity downloads as a CSV with every entry', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.equal(cases.length, 2, 'the cases were sent');
    const { page } = owner;
    await open(page, `${env.molard.url}/credits/activity`);
    const rows = page.getByRole('table', { name: ACTIVITY_CAPTION, exact: true }).getByRole('row')
      .filter({ has: page.getByRole('cell') });
    assert.equal(await rows.count(), 4, 'two top-ups and two debits');
    await checkPage(page, 'the credit activity with four entries');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as CSV', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^credits-activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines.pop(), '', 'each row ends with CRLF');
    assert.equal(lines[0], CSV_HEADER);
    // Newest first: amounts signed, balances after each, the case numbers of the debits.
    const body = lines.slice(1).map((line) => line.split(','));
    assert.equal(body.length, 4, `one row per entry: ${lines.join(' | ')}`);
    const [secondDebit, secondTopUp, firstDebit, firstTopUp] = body;
    assert.deepEqual(firstTopUp.slice(1, 5), ['Top-up', '10000.00', '10000.00', '']);
    assert.deepEqual(firstDebit.slice(1, 5), ['Case debit', '-6500.00', '3500.00', cases[0].number]);
    assert.deepEqual(secondTopUp.slice(1, 5), ['Top-up', '10000.00', '13500.00', '']);
    assert.deepEqual(secondDebit.slice(1, 5), ['Case debit', '-6500.00', '7000.00', cases[1].number]);
    for (const row of body) assert.match(row[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, `a date and time: ${row[0]}`);
  });

  it('the public pricing page shows the four packs and their prices', { timeout: TEST_TIMEOUT_MS }, async () => {
    const visitor = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = visitor;
      await open(page, `${env.molard.url}/pricing`);
      assert.equal((await mainHeading(page).textContent()).trim(), 'Pricing');
      const table = page.getByRole('table', { name: 'Credit packs: what you pay and what you get', exact: true });
      const expected = [
        ['Starter', 'QAR 10,000.00', 'QAR 9,500.00'],
        ['Growth', 'QAR 20,000.00', 'QAR 18,000.00'],
        ['Practice · Most popular', 'QAR 30,000.00', 'QAR 26,400.00'],
        ['Group', 'QAR 50,000.00', 'QAR 42,500.00'],
      ];
      const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
      assert.equal(await rows.count(), expected.length, 'four packs');
      for (const [index, [name, credits, price]] of expected.entries()) {
        const row = rows.nth(index);
        assert.equal((await row.getByRole('rowheader').textContent()).trim().replace(/\s+/g, ' '), name);
        const cells = (await row.getByRole('cell').allTextContents()).map((text) => text.trim().replace(/\s+/g, ' '));
        assert.equal(cells[0], credits, `${name}: its credits`);
        assert.ok(cells[1].startsWith(price), `${name}: its price ${price} (${cells[1]})`);
      }
      assert.equal(await page.getByText('Most popular', { exact: true }).count(), 1, 'one pack is the most popular');
      await checkPage(page, 'the public pricing page');
      await screenshot(page, 'credits-pricing');
    } finally {
      await visitor.context.close();
    }
  });
});
