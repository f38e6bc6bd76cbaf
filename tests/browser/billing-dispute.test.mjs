// A dispute (chargeback) in a real browser, on the demo data with cases, billing and
// pay-stripe pointed at the fake Stripe: the clinic pays an invoice by card, its bank disputes
// the payment at the fake (charge.dispute.created, with the date the evidence is due by), and
// the lab's billing clerk finds it on the billing dashboard and the disputes page with its
// amount and "Respond by" deadline; when the fake closes it won, the page says Won.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import { checkPage, BILLING_CLERK, PEARL_OWNER, signIn, open, mainHeading, pathOf } from './lib/cases.mjs';
import { dateTimeMedium, wallClock } from './lib/locale-forms.mjs';
import {
  startPaymentsMolard, openIssuedInvoice, reloadUntil, invoiceState, stripeClient, reachStripeCheckout,
} from './lib/payments.mjs';

const TEST_TIMEOUT_MS = 180_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const CAPTION = /^Disputes/;

/**
 * "Respond by Dec 8, 2026, 9:41 AM": a deadline as the pages write it in a time zone (ICU's
 * English), its spaces plain as the test reads the page's text.
 */
function respondBy(date, zone) {
  return `Respond by ${dateTimeMedium('en', wallClock(date, zone))}`.replace(/\s+/g, ' ');
}

describe('billing disputes', () => {
  let env;
  let browser;

  before(async () => {
    [env, browser] = await Promise.all([startPaymentsMolard({ stripe: true }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('the billing clerk sees a disputed card payment with its deadline, then won', { timeout: TEST_TIMEOUT_MS }, async () => {
    // The clinic pays an invoice by card (the fake's Checkout completed without typing).
    const clinic = await newPage(browser, { locale: 'en-US' });
    let paymentIntent;
    let balance;
    let invoice;
    try {
      const { page } = clinic;
      await signIn(page, env.molard.url, PEARL_OWNER);
      invoice = await openIssuedInvoice(page, env.molard.url);
      balance = (await page.getByRole('region', { name: 'Pay invoice', exact: true }).textContent())
        .match(/QAR\s[\d,]+\.\d{2}/)?.[0].replace(/\s/g, ' '); // as a reader sees it
      assert.ok(balance, 'the invoice has a balance to pay');
      await submitWith(page, page.getByRole('button', { name: 'Pay with Card (Stripe)' }));
      const session = await reachStripeCheckout(page, env.stripe);
      await env.stripe.control('POST', `/_fake/checkout/${session}/complete`, { card: '4242424242424242' });
      paymentIntent = (await stripeClient(env.stripe).checkout.sessions.retrieve(session)).payment_intent;
      await open(page, `${env.molard.url}${invoice.path}`);
      await reloadUntil(page, async () => (await invoiceState(page)) === 'Paid', 'the invoice reads Paid');
    } finally {
      await clinic.context.close();
    }

    // The payer's bank disputes it; the evidence is due in six days.
    const dueBy = new Date(Math.floor((Date.now() + 6 * DAY_MS) / 1000) * 1000);
    const opened = await env.stripe.control('POST', '/_fake/dispute',
      { payment_intent: paymentIntent, due_by: Math.floor(dueBy.getTime() / 1000) });
    const disputeId = opened.id ?? opened.dispute?.id ?? opened.data?.object?.id;
    assert.match(disputeId, /^dp_/, `the fake names the dispute: ${JSON.stringify(opened)}`);

    const lab = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = lab;
      await signIn(page, env.molard.url, BILLING_CLERK);
      await submitWith(page, page.getByRole('navigation').getByRole('link', { name: 'Billing', exact: true }));
      assert.equal(pathOf(page), '/lab/billing');
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Disputes', exact: true }) });
      // The webhook, then the job that asks Stripe for the deadline, are on their way.
      await reloadUntil(page, async () => /Respond by/.test(await card.textContent()), 'the dashboard gives the deadline');
      const dashboardText = (await card.textContent()).replace(/\s+/g, ' ');
      assert.match(dashboardText, /Open disputes: 1/);
      assert.ok(dashboardText.includes(balance), `the amount ${balance} is on the dashboard`);
      await checkPage(page, 'the billing dashboard with a dispute');
      await screenshot(page, 'billing-dispute-dashboard');

      await submitWith(page, card.getByRole('link', { name: 'See the list', exact: true }));
      assert.equal(pathOf(page), '/lab/billing/disputes');
      assert.equal(await mainHeading(page).textContent(), 'Disputes');
      const table = page.getByRole('table', { name: CAPTION });
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: invoice.number, exact: true }) });
      assert.equal(await row.count(), 1, 'the disputed invoice has one row');
      const text = (await row.textContent()).replace(/\s+/g, ' ');
      assert.ok(text.includes(balance), `with the amount disputed ${balance}: ${text}`);
      assert.match(text, /Open/);
      // The deadline to the minute, in the time zone the column names.
      const header = await table.getByRole('columnheader', { name: /^Respond by/ }).textContent();
      const zone = /\(([^)]+)\)/.exec(header)?.[1];
      assert.ok(zone, `the deadline's column names its time zone: ${header}`);
      assert.ok(text.includes(respondBy(dueBy, zone)), `${respondBy(dueBy, zone)}: ${text}`);
      assert.ok(dashboardText.includes(respondBy(dueBy, zone)), `the dashboard too: ${dashboardText}`);
      await checkPage(page, 'the disputes page');
      await screenshot(page, 'billing-dispute-open');

      // The lab won: the fake closes it, its webhook follows.
      await env.stripe.control('POST', `/_fake/disputes/${disputeId}/close`, { status: 'won' });
      await reloadUntil(page, async () => /Won/.test(await row.textContent()), 'the dispute reads Won');
      assert.doesNotMatch(await row.textContent(), /Respond by/, 'no deadline once closed');
      await checkPage(page, 'the disputes page, won');
    } finally {
      await lab.context.close();
    }
  });

  it('the disputes page is the lab billing staff\'s', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(page, env.molard.url, PEARL_OWNER);
      await open(page, `${env.molard.url}/lab/billing/disputes`, 403);
    } finally {
      await context.close();
    }
  });
});
