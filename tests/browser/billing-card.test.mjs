// Cards in a real browser, on the demo data with cases, billing and pay-stripe pointed at the
// fake Stripe (its hosted Checkout page stands in for Stripe's): the clinic's owner saves a
// card from Payment methods and finds it there as the default; pays an issued invoice by card
// and sees it paid; a declined card leaves the invoice unpaid with words that say what to do;
// the lab's billing clerk refunds part of a card payment from the lab's invoice page and the
// clinic sees the refund. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  checkPage, BILLING_CLERK, PEARL_OWNER, signIn, open, mainHeading, pathOf, description,
} from './lib/cases.mjs';
import {
  startPaymentsMolard, openIssuedInvoice, reloadUntil, invoiceState, stripeClient, reachStripeCheckout,
} from './lib/payments.mjs';

const TEST_TIMEOUT_MS = 180_000;
const CARD_BUTTON = 'Pay with Card (Stripe)';
const PAYMENTS_CAPTION = 'Payments and refunds on this invoice, oldest first';

/** Fills the fake Stripe Checkout page's card fields by their labels and presses its button. */
async function payOnCheckout(page, fake, { card, expiry = '12 / 34', cvc = '123', button }) {
  await reachStripeCheckout(page, fake);
  await page.getByLabel('Card number', { exact: true }).fill(card);
  await page.getByLabel(/^Expiry/).fill(expiry);
  await page.getByLabel('CVC', { exact: true }).fill(cvc);
  await submitWith(page, page.getByRole('button', { name: button, exact: true }));
}

describe('billing by card', () => {
  let env;
  let browser;
  const used = [];

  before(async () => {
    [env, browser] = await Promise.all([startPaymentsMolard({ stripe: true }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('the clinic\'s owner saves a card, which becomes the default', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, env.molard.url, PEARL_OWNER);
      await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Payment methods', exact: true }));
      assert.equal(pathOf(page), '/billing/payment-methods');
      assert.equal(await mainHeading(page).textContent(), 'Payment methods');
      await checkPage(page, 'the payment methods, none saved');

      await submitWith(page, page.getByRole('button', { name: 'Add a card', exact: true }));
      // A page of the fake's own, with labelled fields, as Stripe's hosted page has.
      await reachStripeCheckout(page, env.stripe);
      await checkPage(page, 'the fake Stripe Checkout page');
      await payOnCheckout(page, env.stripe, { card: '4242 4242 4242 4242', button: 'Save card' });

      // Back on the portal, the card is listed as the default.
      assert.equal(new URL(page.url()).origin, env.molard.url, `back on the portal: ${page.url()}`);
      const card = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Visa •••• 4242' });
      await reloadUntil(page, async () => (await card.count()) > 0, 'the saved card is listed');
      assert.equal(await card.count(), 1, 'one saved card');
      assert.ok(await page.getByRole('status').getByText('Card saved: Visa •••• 4242').isVisible(), 'the page says so');
      assert.match(await card.textContent(), /Default/, 'and it is the default');
      assert.match(await card.textContent(), /12\s*\/\s*(20)?34/, 'with its expiry');
      // Only brand, last four and expiry: never the whole number.
      assert.ok(!(await page.content()).includes('4242424242424242'), 'no card number on the page');
      await checkPage(page, 'the payment methods with a card');
      await screenshot(page, 'billing-card-saved');

      // A second card is saved beside it, then made the default; the first one is removed.
      await submitWith(page, page.getByRole('button', { name: 'Add a card', exact: true }));
      await payOnCheckout(page, env.stripe, { card: '5555 5555 5555 4444', expiry: '03 / 31', button: 'Save card' });
      const cards = page.getByRole('main').getByRole('listitem');
      const mastercard = cards.filter({ hasText: 'Mastercard •••• 4444' });
      const visa = cards.filter({ hasText: 'Visa •••• 4242' });
      await reloadUntil(page, async () => (await mastercard.count()) === 1, 'the second card is listed');
      assert.doesNotMatch(await mastercard.textContent(), /Default/, 'the first card stays the default');
      assert.match(await visa.textContent(), /Default/);
      await submitWith(page, mastercard.getByRole('button', { name: 'Make default', exact: true }));
      assert.match(await mastercard.textContent(), /Default/, 'the second card is the default now');
      assert.doesNotMatch(await visa.textContent(), /Default/);
      await submitWith(page, visa.getByRole('button', { name: 'Remove', exact: true }));
      assert.equal(await visa.count(), 0, 'the first card is removed');
      assert.equal(await mastercard.count(), 1);
      // And detached at Stripe: it can no longer be charged.
      const detaches = (await env.stripe.requests()).filter((call) => /^\/v1\/payment_methods\/[^/]+\/detach$/.test(call.path));
      assert.equal(detaches.length, 1, 'one detach call');
    } finally {
      await context.close();
    }
  });

  it('the owner pays an issued invoice by card', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, env.molard.url, PEARL_OWNER);
      const invoice = await openIssuedInvoice(page, env.molard.url, used);
      used.push(invoice.path);
      await submitWith(page, page.getByRole('button', { name: CARD_BUTTON }));
      await reachStripeCheckout(page, env.stripe);
      await checkPage(page, 'the fake Stripe Checkout page for an invoice');
      assert.ok(await page.getByText(invoice.number).first().isVisible(), 'the Checkout page names the invoice');
      await payOnCheckout(page, env.stripe, { card: '4242 4242 4242 4242', button: 'Pay' });

      assert.equal(pathOf(page), invoice.path, 'back on the invoice');
      await reloadUntil(page, async () => (await invoiceState(page)) === 'Paid', 'the invoice reads Paid');
      const payments = page.getByRole('table', { name: PAYMENTS_CAPTION, exact: true });
      assert.ok(await payments.getByRole('cell', { name: 'Card (Stripe)' }).first().isVisible(), 'paid by card');
      assert.equal(await page.getByRole('heading', { name: 'Pay invoice', exact: true }).count(), 0,
        'nothing left to pay');
      await checkPage(page, 'the invoice paid by card');
      await screenshot(page, 'billing-card-paid');
    } finally {
      await context.close();
    }
  });

  it('a declined card leaves the invoice unpaid and says why', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, env.molard.url, PEARL_OWNER);
      // Not kept from the tests below: after the decline the invoice is still to pay, and the
      // refund below pays it (the demo has no more issued invoices to spare).
      const invoice = await openIssuedInvoice(page, env.molard.url, used);
      await submitWith(page, page.getByRole('button', { name: CARD_BUTTON }));
      await payOnCheckout(page, env.stripe, { card: '4000 0000 0000 0002', button: 'Pay' });
      // Stripe's page keeps the payer and says so in its own words...
      assert.ok(page.url().startsWith(`${env.stripe.url}/checkout/`), 'still on the Checkout page');
      assert.match(await page.getByRole('alert').textContent(), /declined/);
      // ...and back on the invoice, the portal says what to do, in the clinic's words.
      await submitWith(page, page.getByRole('link', { name: 'Back to the merchant' }));
      assert.equal(pathOf(page), invoice.path, 'back on the invoice');
      // pay-stripe's words for Stripe's card_declined (its generic_decline says no more).
      const banner = page.getByRole('main').getByRole('alert');
      await reloadUntil(page, async () => (await banner.count()) > 0, 'the failure is told');
      assert.equal((await banner.textContent()).trim().replace(/\s+/g, ' '),
        'The last payment did not go through: Your card was declined. Use another card or ask your bank.');
      assert.equal(await invoiceState(page), 'Issued', 'the invoice is still to pay');
      assert.ok(await page.getByRole('button', { name: CARD_BUTTON }).isVisible(), 'and can be paid again');
      await checkPage(page, 'the invoice after a decline');
      await screenshot(page, 'billing-card-declined');
    } finally {
      await context.close();
    }
  });

  it('the billing clerk refunds part of a card payment and the clinic sees it', { timeout: TEST_TIMEOUT_MS }, async () => {
    // An invoice paid by card, paid here without typing (what the Checkout page does).
    const clinic = await newPage(browser, { locale: 'en-US' });
    const { page: clinicPage } = clinic;
    let invoice;
    try {
      await signIn(clinicPage, env.molard.url, PEARL_OWNER);
      invoice = await openIssuedInvoice(clinicPage, env.molard.url, used);
      used.push(invoice.path);
      await submitWith(clinicPage, clinicPage.getByRole('button', { name: CARD_BUTTON }));
      const session = await reachStripeCheckout(clinicPage, env.stripe);
      await env.stripe.control('POST', `/_fake/checkout/${session}/complete`, { card: '4242424242424242' });
      const paid = await stripeClient(env.stripe).checkout.sessions.retrieve(session);
      assert.equal(paid.payment_status, 'paid');
      await open(clinicPage, `${env.molard.url}${invoice.path}`);
      await reloadUntil(clinicPage, async () => (await invoiceState(clinicPage)) === 'Paid', 'the invoice reads Paid');
    } catch (error) {
      await clinic.context.close();
      throw error;
    }

    const lab = await newPage(browser, { locale: 'en-US' });
    const labPath = invoice.path.replace('/billing/', '/lab/billing/');
    try {
      const { page } = lab;
      await signIn(page, env.molard.url, BILLING_CLERK);
      await open(page, `${env.molard.url}${labPath}`);
      const form = page.getByRole('group', { name: /^Payment by Card \(Stripe\)/ });
      const amount = form.getByLabel('Amount to refund (QAR)', { exact: true });
      const whole = await amount.inputValue();
      assert.match(whole, /^[\d,]+\.\d{2}$/, 'the refundable rest is offered');
      await checkPage(page, 'the lab\'s invoice with a card payment');

      // More than was captured is refused beside the field, the amount kept.
      const tooMuch = (Number(whole.replace(/,/g, '')) + 1).toFixed(2);
      await amount.fill(tooMuch);
      await submitWith(page, form.getByRole('button', { name: 'Refund', exact: true }));
      const again = form.getByLabel('Amount to refund (QAR)', { exact: true });
      assert.equal(await again.getAttribute('aria-invalid'), 'true', 'refused above the captured amount');
      assert.equal(await again.inputValue(), tooMuch);

      await again.fill('10.00');
      assert.match(await description(again), /At most/, 'the error says how much can be refunded');
      await submitWith(page, form.getByRole('button', { name: 'Refund', exact: true }));
      assert.ok(await page.getByRole('status').getByText(/^The refund is (made|asked for)/).isVisible(), 'the refund is told');
      const payments = page.getByRole('table', { name: PAYMENTS_CAPTION, exact: true });
      await reloadUntil(page, async () => (await payments.getByRole('row').filter({ hasText: 'Refund' }).count()) > 0,
        'the refund is listed');
      const refundRow = payments.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Refund', exact: true }) });
      assert.equal(await refundRow.getByRole('cell', { name: 'QAR 10.00', exact: true }).count(), 1, 'a refund of QAR 10.00');
      assert.match((await form.textContent()).replace(/\s+/g, ' '), /Refunded: QAR 10\.00/);
      await checkPage(page, 'the lab\'s invoice after a refund');
      await screenshot(page, 'billing-card-refund');

      // The fake was asked once for that refund, of 10.00 (1000 minor units).
      const refunds = (await env.stripe.requests()).filter((call) => call.method === 'POST' && call.path === '/v1/refunds');
      assert.equal(refunds.length, 1, 'one refund call');
      assert.equal(String(refunds[0].params.amount), '1000');
    } finally {
      await lab.context.close();
    }

    try {
      await open(clinicPage, `${env.molard.url}${invoice.path}`);
      const payments = clinicPage.getByRole('table', { name: PAYMENTS_CAPTION, exact: true });
      const refund = payments.getByRole('row').filter({ has: clinicPage.getByRole('cell', { name: 'Refund', exact: true }) });
      assert.equal(await refund.count(), 1, 'the clinic sees the refund');
      assert.equal(await refund.getByRole('cell', { name: 'QAR 10.00', exact: true }).count(), 1, 'of QAR 10.00');
      assert.equal(await clinicPage.getByRole('button', { name: 'Refund' }).count(), 0, 'and cannot refund');
    } finally {
      await clinic.context.close();
    }
  });
});
