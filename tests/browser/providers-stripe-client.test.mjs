// The fake Stripe checked by a client no one here wrote: the official `stripe` npm package,
// pointed at the fake (host, port, protocol), creates and reads customers, Checkout Sessions
// (paid and setup), SetupIntents, PaymentMethods, PaymentIntents (off-session, manual capture,
// capture, cancel, search), refunds, charges and disputes; replays an idempotent retry; and
// turns the fake's error objects into its own error classes. Then pay-stripe in a real molard
// is sent webhooks signed by the package's generateTestHeaderString: it takes them (and a
// second secret during a rotation) and refuses an altered body, another secret and a stale
// or far-future timestamp.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startMolard } from './lib/molard.mjs';
import {
  startStripeFake, payStripeSettings, STRIPE_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_NEXT,
} from './lib/fakes.mjs';

const API_VERSION = '2025-04-30.basil';
const TEST_TIMEOUT_MS = 60_000;
const DAY_SECONDS = 24 * 60 * 60;

/** The official client aimed at the fake, without retries (each call is one request). */
function clientFor(fake, key = STRIPE_KEY) {
  return new Stripe(key, {
    apiVersion: API_VERSION,
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
    timeout: 10_000,
  });
}

/** Resolves to the error a call rejects with (fails when it does not reject). */
async function rejection(promise, what) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail(`${what} was accepted`);
}

describe('the official stripe package against the fake Stripe', () => {
  let fake;
  let stripe;
  let customer;

  before(async () => {
    fake = await startStripeFake();
    stripe = clientFor(fake);
    customer = await stripe.customers.create({ metadata: { molar_organization: '7' } },
      { idempotencyKey: 'molar-customer-7' });
  });

  after(async () => {
    await fake?.stop();
  });

  it('creates a customer, and a retry with the same key gives the same one', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.equal(customer.object, 'customer');
    assert.match(customer.id, /^cus_/);
    assert.equal(customer.metadata.molar_organization, '7');
    const again = await stripe.customers.create({ metadata: { molar_organization: '7' } },
      { idempotencyKey: 'molar-customer-7' });
    assert.deepEqual(again, customer, 'the first answer is replayed');
    const other = await stripe.customers.create({ metadata: { molar_organization: '8' } },
      { idempotencyKey: 'molar-customer-8' });
    assert.notEqual(other.id, customer.id, 'another key is another customer');

    // The fake saw the client's idempotency keys and the pinned version on every call.
    const calls = (await fake.requests()).filter((call) => call.path === '/v1/customers');
    assert.deepEqual(calls.map((call) => call.idempotencyKey),
      ['molar-customer-7', 'molar-customer-7', 'molar-customer-8']);
    assert.deepEqual([...new Set(calls.map((call) => call.stripeVersion))], [API_VERSION]);
    assert.deepEqual(calls.map((call) => call.status), [200, 200, 200]);
  });

  it('pays a Checkout Session, whose PaymentIntent and charge then read as paid', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{
        price_data: { currency: 'qar', unit_amount: 45000, product_data: { name: 'INV-2026-000001' } },
        quantity: 1,
      }],
      success_url: 'http://127.0.0.1:9/billing/invoices/1?paid={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://127.0.0.1:9/billing/invoices/1',
      client_reference_id: 'attempt-pay-1',
      metadata: { molar_attempt: 'attempt-pay-1' },
      payment_intent_data: { metadata: { molar_attempt: 'attempt-pay-1' } },
    }, { idempotencyKey: 'attempt-pay-1' });
    assert.equal(session.object, 'checkout.session');
    assert.match(session.id, /^cs_/);
    assert.equal(session.mode, 'payment');
    assert.equal(session.status, 'open');
    assert.equal(session.amount_total, 45000);
    assert.equal(session.currency, 'qar');
    assert.ok(session.url.startsWith(`${fake.url}/checkout/${session.id}`), `its page is the fake's: ${session.url}`);

    await fake.control('POST', `/_fake/checkout/${session.id}/complete`, { card: '4242424242424242' });
    const done = await stripe.checkout.sessions.retrieve(session.id);
    assert.equal(done.status, 'complete');
    assert.equal(done.payment_status, 'paid');
    const intentId = typeof done.payment_intent === 'string' ? done.payment_intent : done.payment_intent.id;
    assert.match(intentId, /^pi_/);

    const intent = await stripe.paymentIntents.retrieve(intentId);
    assert.equal(intent.object, 'payment_intent');
    assert.equal(intent.status, 'succeeded');
    assert.equal(intent.amount_received, 45000);
    assert.equal(intent.metadata.molar_attempt, 'attempt-pay-1');
    const charge = await stripe.charges.retrieve(intent.latest_charge);
    assert.equal(charge.object, 'charge');
    assert.equal(charge.amount_captured, 45000);
    assert.equal(charge.payment_intent, intentId);
  });

  it('saves a card through a setup session and reads only its brand, last four and expiry', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      payment_method_types: ['card'],
      success_url: 'http://127.0.0.1:9/billing/payment-methods/saved?setup=setup-1',
      cancel_url: 'http://127.0.0.1:9/billing/payment-methods',
      metadata: { molar_setup: 'setup-1' },
      setup_intent_data: { metadata: { molar_setup: 'setup-1' } },
    }, { idempotencyKey: 'setup-1' });
    assert.equal(session.mode, 'setup');
    await fake.control('POST', `/_fake/checkout/${session.id}/complete`, { card: '5555555555554444' });

    const done = await stripe.checkout.sessions.retrieve(session.id);
    assert.equal(done.status, 'complete');
    const setupIntent = await stripe.setupIntents.retrieve(done.setup_intent);
    assert.equal(setupIntent.object, 'setup_intent');
    assert.equal(setupIntent.status, 'succeeded');
    assert.equal(setupIntent.metadata.molar_setup, 'setup-1');
    const method = await stripe.paymentMethods.retrieve(setupIntent.payment_method);
    assert.equal(method.object, 'payment_method');
    assert.equal(method.card.brand, 'mastercard');
    assert.equal(method.card.last4, '4444');
    assert.ok(Number.isInteger(method.card.exp_month) && Number.isInteger(method.card.exp_year), 'the expiry in numbers');
    assert.equal(method.customer, customer.id);

    const detached = await stripe.paymentMethods.detach(method.id, {}, { idempotencyKey: 'detach-1' });
    assert.equal(detached.id, method.id);
    assert.equal(detached.customer, null, 'no longer the customer\'s');
  });

  it('holds an off-session payment, captures part of it, and cancels another', { timeout: TEST_TIMEOUT_MS }, async () => {
    const params = {
      amount: 30000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa',
      confirm: true, off_session: true, capture_method: 'manual', metadata: { molar_attempt: 'attempt-hold-1' },
    };
    const held = await stripe.paymentIntents.create(params, { idempotencyKey: 'attempt-hold-1' });
    assert.equal(held.status, 'requires_capture');
    assert.equal(held.amount_capturable, 30000);

    // A retry after a lost answer: the same PaymentIntent, not a second hold.
    const retried = await stripe.paymentIntents.create(params, { idempotencyKey: 'attempt-hold-1' });
    assert.deepEqual(retried, held);
    // The same key with other parameters is the client's idempotency error.
    const misuse = await rejection(stripe.paymentIntents.create({ ...params, amount: 31000 },
      { idempotencyKey: 'attempt-hold-1' }), 'the same key with another amount');
    assert.ok(misuse instanceof Stripe.errors.StripeIdempotencyError, `${misuse.name}: ${misuse.message}`);

    const captured = await stripe.paymentIntents.capture(held.id, { amount_to_capture: 25000 },
      { idempotencyKey: 'attempt-hold-1:capture' });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 25000);

    const other = await stripe.paymentIntents.create({ ...params, metadata: { molar_attempt: 'attempt-hold-2' } },
      { idempotencyKey: 'attempt-hold-2' });
    assert.equal(other.status, 'requires_capture');
    const canceled = await stripe.paymentIntents.cancel(other.id, {}, { idempotencyKey: 'attempt-hold-2:cancel' });
    assert.equal(canceled.status, 'canceled');

    // Found again by the attempt id in its metadata, as pay-stripe's re-sync asks.
    const found = await stripe.paymentIntents.search({ query: "metadata['molar_attempt']:'attempt-hold-1'" });
    assert.equal(found.object, 'search_result');
    assert.deepEqual(found.data.map((intent) => intent.id), [held.id]);
    const none = await stripe.paymentIntents.search({ query: "metadata['molar_attempt']:'no-such-attempt'" });
    assert.deepEqual(none.data, []);

    // Refunded in part, twice with the same key: one refund.
    const refund = await stripe.refunds.create({ payment_intent: held.id, amount: 10000, metadata: { molar_refund: 'refund-1' } },
      { idempotencyKey: 'refund-1' });
    assert.equal(refund.object, 'refund');
    assert.match(refund.id, /^re_/);
    assert.equal(refund.amount, 10000);
    assert.equal(refund.status, 'succeeded');
    assert.equal(refund.payment_intent, held.id);
    const again = await stripe.refunds.create({ payment_intent: held.id, amount: 10000, metadata: { molar_refund: 'refund-1' } },
      { idempotencyKey: 'refund-1' });
    assert.equal(again.id, refund.id);
    // More than is left of what was captured is refused.
    const tooMuch = await rejection(stripe.refunds.create({ payment_intent: held.id, amount: 20000 },
      { idempotencyKey: 'refund-2' }), 'a refund above the captured rest');
    assert.ok(tooMuch instanceof Stripe.errors.StripeInvalidRequestError, `${tooMuch.name}: ${tooMuch.message}`);
  });

  it('reads a dispute the fake opens on a payment', { timeout: TEST_TIMEOUT_MS }, async () => {
    const paid = await stripe.paymentIntents.create({
      amount: 12000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa',
      confirm: true, off_session: true, metadata: { molar_attempt: 'attempt-disputed' },
    }, { idempotencyKey: 'attempt-disputed' });
    assert.ok(['succeeded', 'processing'].includes(paid.status), paid.status);
    const dueBy = Math.floor(Date.now() / 1000) + 7 * DAY_SECONDS;
    const opened = await fake.control('POST', '/_fake/dispute', { payment_intent: paid.id, due_by: dueBy });
    const disputeId = opened.id ?? opened.dispute?.id ?? opened.data?.object?.id;
    assert.match(disputeId, /^dp_/, `the fake names the dispute: ${JSON.stringify(opened)}`);

    const dispute = await stripe.disputes.retrieve(disputeId);
    assert.equal(dispute.object, 'dispute');
    assert.equal(dispute.amount, 12000);
    assert.equal(dispute.currency, 'qar');
    assert.equal(dispute.payment_intent, paid.id);
    assert.equal(dispute.status, 'needs_response');
    assert.equal(dispute.evidence_details.due_by, dueBy);

    await fake.control('POST', `/_fake/disputes/${disputeId}/close`, { status: 'won' });
    assert.equal((await stripe.disputes.retrieve(disputeId)).status, 'won');
  });

  it('gives the client Stripe\'s error objects: unknown parameters, declines, authentication, a bad key', { timeout: TEST_TIMEOUT_MS }, async () => {
    const unknown = await rejection(stripe.customers.create({ favourite_colour: 'blue' }), 'an unknown parameter');
    assert.ok(unknown instanceof Stripe.errors.StripeInvalidRequestError, `${unknown.name}: ${unknown.message}`);
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.code, 'parameter_unknown');
    assert.equal(unknown.param, 'favourite_colour');
    const nested = await rejection(stripe.paymentIntents.create({
      amount: 1000, currency: 'qar', customer: customer.id, payment_method_data_typo: 'x',
    }), 'an unknown PaymentIntent parameter');
    assert.equal(nested.code, 'parameter_unknown');

    const declined = await rejection(stripe.paymentIntents.create({
      amount: 5000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_chargeDeclined',
      confirm: true, off_session: true, metadata: { molar_attempt: 'attempt-declined' },
    }, { idempotencyKey: 'attempt-declined' }), 'a declined card');
    assert.ok(declined instanceof Stripe.errors.StripeCardError, `${declined.name}: ${declined.message}`);
    assert.equal(declined.statusCode, 402);
    assert.equal(declined.code, 'card_declined');
    assert.equal(declined.decline_code, 'generic_decline');
    assert.ok(declined.message, 'with words for people');

    const needsAuthentication = await rejection(stripe.paymentIntents.create({
      amount: 5000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_authenticationRequired',
      confirm: true, off_session: true, metadata: { molar_attempt: 'attempt-3ds' },
    }, { idempotencyKey: 'attempt-3ds' }), 'a card that needs authentication off-session');
    assert.ok(needsAuthentication instanceof Stripe.errors.StripeCardError);
    assert.equal(needsAuthentication.code, 'authentication_required');
    // The PaymentIntent is left for the payer to come back to.
    const left = await stripe.paymentIntents.retrieve(needsAuthentication.raw.payment_intent.id);
    assert.equal(left.status, 'requires_payment_method');

    const missing = await rejection(stripe.paymentIntents.retrieve('pi_does_not_exist'), 'an unknown PaymentIntent');
    assert.ok(missing instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.code, 'resource_missing');

    const wrongKey = await rejection(clientFor(fake, 'sk_test_not_this_one').customers.create({}), 'another key');
    assert.ok(wrongKey instanceof Stripe.errors.StripeAuthenticationError, `${wrongKey.name}: ${wrongKey.message}`);
    assert.equal(wrongKey.statusCode, 401);
  });
});

describe('pay-stripe takes webhooks signed by the official stripe package', () => {
  let fake;
  let molard;
  let eventNumber = 0;

  before(async () => {
    fake = await startStripeFake();
    const settings = payStripeSettings(fake, [STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_NEXT]);
    molard = await startMolard({
      plugins: ['cases', 'billing', 'pay-stripe'],
      args: Object.entries(settings).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    });
  });

  after(async () => {
    await molard?.stop();
    await fake?.stop();
  });

  /** A payment_intent.succeeded event as Stripe sends it, for an attempt this portal does not have. */
  function eventBody() {
    eventNumber += 1;
    return JSON.stringify({
      id: `evt_molar_browser_${eventNumber}`,
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type: 'payment_intent.succeeded',
      livemode: false,
      data: {
        object: {
          id: `pi_molar_browser_${eventNumber}`,
          object: 'payment_intent',
          amount: 45000,
          amount_received: 45000,
          currency: 'qar',
          status: 'succeeded',
          metadata: { molar_attempt: `no-such-attempt-${eventNumber}` },
        },
      },
    });
  }

  async function deliver(body, signature) {
    const response = await fetch(`${molard.url}/payments/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  const sign = (payload, secret, timestamp) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });

  it('takes a signed event once, and refuses altered, foreign and stale ones', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = eventBody();
    const signature = sign(body, STRIPE_WEBHOOK_SECRET);
    const first = await deliver(body, signature);
    assert.equal(first.status, 200, first.text);
    assert.match(first.text, /recorded 1 of 1/);
    // Stripe delivers again: taken (200) and counted nothing.
    const second = await deliver(body, signature);
    assert.equal(second.status, 200, second.text);
    assert.match(second.text, /recorded 0 of 1/);

    // One byte changed after signing.
    const altered = body.replace('"amount":45000', '"amount":45001');
    assert.notEqual(altered, body);
    assert.equal((await deliver(altered, signature)).status, 400, 'an altered body');

    const fresh = eventBody();
    assert.equal((await deliver(fresh, sign(fresh, 'whsec_someone_else'))).status, 400, 'another secret');
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await deliver(fresh, sign(fresh, STRIPE_WEBHOOK_SECRET, now - 301 - 60))).status, 400,
      'a timestamp beyond the tolerance');
    assert.equal((await deliver(fresh, sign(fresh, STRIPE_WEBHOOK_SECRET, now + 3600))).status, 400,
      'a timestamp an hour ahead');
    assert.equal((await deliver(fresh, '')).status, 400, 'no signature');
    assert.equal((await deliver(fresh, `t=${now}`)).status, 400, 'a timestamp without a v1');
    // Still fine within the tolerance.
    const recent = await deliver(fresh, sign(fresh, STRIPE_WEBHOOK_SECRET, now - 60));
    assert.equal(recent.status, 200, recent.text);
  });

  it('takes events signed with the second secret of a rotation, and both signatures at once', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = eventBody();
    const rotated = await deliver(body, sign(body, STRIPE_WEBHOOK_SECRET_NEXT));
    assert.equal(rotated.status, 200, rotated.text);
    assert.match(rotated.text, /recorded 1 of 1/);

    // During a rotation Stripe sends one v1 per secret; one of them is enough.
    const both = eventBody();
    const t = Math.floor(Date.now() / 1000);
    const v1 = (secret) => sign(both, secret, t).split(',').find((part) => part.startsWith('v1='));
    const header = `t=${t},${v1('whsec_retired_secret')},${v1(STRIPE_WEBHOOK_SECRET_NEXT)}`;
    const answer = await deliver(both, header);
    assert.equal(answer.status, 200, answer.text);
    // Neither v1 right: refused, though the event is one it took.
    const wrong = `t=${t},${v1('whsec_retired_secret')},${v1('whsec_other_retired')}`;
    assert.equal((await deliver(both, wrong)).status, 400);
  });
});
