// Razorpay in a real browser, on the demo data priced in rupees with cases, billing and
// pay-razorpay pointed at the fake Razorpay (whose checkout.js stands in for Razorpay's): the
// clinic's owner pays an issued INR invoice from its page, goes through the portal's Razorpay
// page to the fake's Checkout, chooses UPI and pays, and is back on the invoice, paid.
// Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import { checkPage, PEARL_OWNER, signIn, open, mainHeading, pathOf } from './lib/cases.mjs';
import { startPaymentsMolard, openIssuedInvoice, reloadUntil, invoiceState } from './lib/payments.mjs';
import { RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET } from './lib/fakes.mjs';

const TEST_TIMEOUT_MS = 180_000;
const PAYMENTS_CAPTION = 'Payments and refunds on this invoice, oldest first';
const RAZORPAY = 'Razorpay (UPI, net banking, wallets, cards)';

describe('billing by Razorpay', () => {
  let env;
  let browser;

  before(async () => {
    [env, browser] = await Promise.all([
      startPaymentsMolard({ razorpay: true, settings: { 'cases.currency': 'INR' } }), launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('the clinic\'s owner pays an INR invoice with UPI', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, env.molard.url, PEARL_OWNER);
      const invoice = await openIssuedInvoice(page, env.molard.url);
      const balance = (await page.getByRole('region', { name: 'Pay invoice', exact: true }).textContent())
        .match(/₹[\d,]+\.\d{2}/)?.[0];
      assert.ok(balance, 'the invoice is in rupees');

      await submitWith(page, page.getByRole('button', { name: `Pay with ${RAZORPAY}` }));
      // The portal's own page, which opens Razorpay's Checkout.
      assert.match(pathOf(page), /^\/payments\/razorpay\/checkout\/[^/]+$/);
      assert.ok((await page.getByRole('main').textContent()).includes(balance), `it shows the amount ${balance}`);
      await checkPage(page, 'the Razorpay checkout page');
      await screenshot(page, 'billing-razorpay-portal');

      // The fake's checkout.js takes the payer to its Checkout page: UPI, then Pay.
      await page.getByRole('button', { name: 'Pay with Razorpay' }).click();
      await page.waitForURL((url) => url.origin === env.razorpay.url, { timeout: 15_000 });
      await page.waitForLoadState('load');
      await checkPage(page, 'the fake Razorpay Checkout page');
      await page.getByLabel('UPI', { exact: true }).check();
      // Paying posts Checkout's signed answer to the portal, which sends the payer back.
      const back = page.waitForURL((url) => url.origin === env.molard.url && url.pathname === invoice.path,
        { timeout: 30_000 });
      await page.getByRole('button', { name: 'Pay', exact: true }).click();
      await back;
      await page.waitForLoadState('load');

      assert.equal(pathOf(page), invoice.path, 'back on the invoice');
      await reloadUntil(page, async () => (await invoiceState(page)) === 'Paid', 'the invoice reads Paid');
      const payments = page.getByRole('table', { name: PAYMENTS_CAPTION, exact: true });
      assert.ok(await payments.getByRole('cell', { name: RAZORPAY }).first().isVisible(), 'paid through Razorpay');
      assert.ok((await payments.textContent()).includes(balance), `the payment of ${balance}`);
      await checkPage(page, 'the invoice paid through Razorpay');
      await screenshot(page, 'billing-razorpay-paid');

      // The fake was asked for one order, in paise, and the payment was captured.
      const calls = await env.razorpay.requests();
      const orders = calls.filter((call) => call.method === 'POST' && call.path === '/v1/orders');
      assert.equal(orders.length, 1, 'one order');
      const paise = balance.replace(/^₹/, '').replace(/[,.]/g, '');
      const body = orders[0].body ?? orders[0].params;
      assert.equal(String(body.amount), String(Number(paise)), 'the order is in paise');
      assert.equal(body.currency, 'INR');
      // Paid by UPI, and captured by the portal (Checkout only authorizes it).
      const auth = Buffer.from(`${RAZORPAY_KEY_ID}:${RAZORPAY_KEY_SECRET}`).toString('base64');
      const api = async (path) => (await fetch(`${env.razorpay.url}${path}`,
        { headers: { authorization: `Basic ${auth}` } })).json();
      const orderId = (await api('/v1/orders?count=1')).items[0].id;
      const paid = await api(`/v1/orders/${orderId}/payments`);
      assert.deepEqual(paid.items.map(({ method, status, amount }) => ({ method, status, amount })),
        [{ method: 'upi', status: 'captured', amount: Number(paise) }]);
    } finally {
      await context.close();
    }
  });

  it('the Razorpay page is only the invoice\'s clinic\'s', { timeout: TEST_TIMEOUT_MS }, async () => {
    const owner = await newPage(browser, { locale: 'en-US' });
    let checkoutPath;
    try {
      const { page } = owner;
      await signIn(page, env.molard.url, PEARL_OWNER);
      await openIssuedInvoice(page, env.molard.url);
      await submitWith(page, page.getByRole('button', { name: `Pay with ${RAZORPAY}` }));
      checkoutPath = pathOf(page);
      assert.match(checkoutPath, /^\/payments\/razorpay\/checkout\//);
      assert.equal(await mainHeading(page).count(), 1);
    } finally {
      await owner.context.close();
    }
    const other = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = other;
      await signIn(page, env.molard.url,
        { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' });
      await open(page, `${env.molard.url}${checkoutPath}`, 404);
    } finally {
      await other.context.close();
    }
  });
});
