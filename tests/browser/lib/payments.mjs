// What the card and Razorpay journeys share: molard on the demo data with billing and the
// payment plugins pointed at the fake gateways (which send their webhooks back to it), the
// official stripe client aimed at the fake, and finding an issued invoice as its clinic does.
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startCasesMolard, open, pathOf } from './cases.mjs';
import { submitWith } from './browser.mjs';
import {
  startStripeFake, startRazorpayFake, payStripeSettings, payRazorpaySettings, sendWebhooksTo, STRIPE_KEY, RAZORPAY_WEBHOOK_SECRET,
} from './fakes.mjs';

/**
 * The fakes asked for (`stripe`, `razorpay`), then molard with cases, billing and their
 * plugins (and `plugins`, more of them after those), its links leading back to itself, then
 * the fakes' webhooks aimed at it.
 * Returns { molard, stripe, razorpay, stop() }; `stripe` / `razorpay` are the fakes (or null).
 */
export async function startPaymentsMolard({ stripe = false, razorpay = false, settings = {}, plugins: more = [] } = {}) {
  const fakes = { stripe: null, razorpay: null };
  let molard = null;
  const stop = async () => {
    await molard?.stop();
    await fakes.stripe?.stop();
    await fakes.razorpay?.stop();
  };
  try {
    const plugins = ['cases', 'billing'];
    const all = { ...settings };
    if (stripe) {
      fakes.stripe = await startStripeFake();
      plugins.push('pay-stripe');
      Object.assign(all, payStripeSettings(fakes.stripe));
    }
    if (razorpay) {
      fakes.razorpay = await startRazorpayFake();
      plugins.push('pay-razorpay');
      Object.assign(all, payRazorpaySettings(fakes.razorpay));
    }
    plugins.push(...more);
    molard = await startCasesMolard(all, plugins, { ownPublicUrl: true });
    if (fakes.stripe) await sendWebhooksTo(fakes.stripe, `${molard.url}/payments/webhooks/stripe`);
    if (fakes.razorpay) {
      await fakes.razorpay.control('POST', '/_fake/config',
        { webhookUrl: `${molard.url}/payments/webhooks/razorpay`, webhookSecret: RAZORPAY_WEBHOOK_SECRET });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { molard, stripe: fakes.stripe, razorpay: fakes.razorpay, stop };
}

/** The official stripe client aimed at a fake Stripe. */
export function stripeClient(fake) {
  return new Stripe(STRIPE_KEY, {
    apiVersion: '2025-04-30.basil', host: '127.0.0.1', port: fake.port, protocol: 'http',
    maxNetworkRetries: 0, telemetry: false,
  });
}

/**
 * Opens the clinic's first issued invoice (the lab issues the demo's at delivery, by a job,
 * soon after start), skipping the paths in `except`. Returns its path and number.
 */
export async function openIssuedInvoice(page, baseUrl, except = []) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await open(page, `${baseUrl}/billing/invoices?state=issued`);
    const table = page.getByRole('table', { name: 'Invoices, newest first', exact: true });
    const rows = table.getByRole('row').filter({ has: page.getByRole('link') })
      .filter({ has: page.getByText('Issued', { exact: true }) });
    for (const row of await rows.all()) {
      const link = row.getByRole('rowheader').getByRole('link');
      const href = await link.getAttribute('href');
      if (except.includes(new URL(href, baseUrl).pathname)) continue;
      const number = (await link.textContent()).trim();
      await submitWith(page, link);
      return { path: pathOf(page), number };
    }
    assert.ok(Date.now() < deadline, 'the demo clinic has an issued invoice');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Waits until the payer is on the fake Stripe's Checkout page (the portal's hand-off page
 * continues there by itself); returns the Checkout Session's id.
 */
export async function reachStripeCheckout(page, fake) {
  await page.waitForURL((url) => url.href.startsWith(`${fake.url}/checkout/cs_`), { timeout: 15_000 });
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname.split('/').pop();
}

/** Reloads a page until `check()` is true (a webhook or a job is on its way), at most `ms`. */
export async function reloadUntil(page, check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    assert.ok(Date.now() < deadline, `${what} within ${ms / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.reload();
  }
}

/** The invoice's state as its page shows it beside "Status" (Issued, Paid, ...). */
export function invoiceState(page) {
  return page.getByRole('main').getByRole('term').filter({ hasText: /^Status$/ }).first()
    .evaluate((term) => term.nextElementSibling.textContent.trim().replace(/\s+/g, ' '));
}
