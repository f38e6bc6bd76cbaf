// The fake Razorpay checked by a client no one here wrote: the official `razorpay` npm
// package, its HTTP client pointed at the fake, creates and reads orders (by id and by
// receipt), reads the payments of an order the payer paid, captures one, refunds it in parts
// and reads the refunds back, checks Checkout's signature with its validatePaymentVerification,
// and gets the fake's error objects as its own rejections. Then pay-razorpay in a real molard
// is sent webhooks whose signatures the package's validateWebhookSignature accepts: it takes
// them (also under a rotation's second secret, and those the fake signed and sent itself) and
// refuses an altered body, another secret, a missing header and an event from long ago.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Razorpay from 'razorpay';
import razorpayUtils from 'razorpay/dist/utils/razorpay-utils.js';
import { startMolard } from './lib/molard.mjs';
import {
  startRazorpayFake, payRazorpaySettings, sendWebhooksTo,
  RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, RAZORPAY_WEBHOOK_SECRET,
} from './lib/fakes.mjs';

const TEST_TIMEOUT_MS = 60_000;
const NEXT_WEBHOOK_SECRET = 'molar_browser_razorpay_webhook_next';
const DAY_SECONDS = 24 * 60 * 60;

/** The official client, its HTTP client (axios) aimed at the fake: the package has no base-URL option. */
function clientFor(fake, keySecret = RAZORPAY_KEY_SECRET) {
  const client = new Razorpay({ key_id: RAZORPAY_KEY_ID, key_secret: keySecret });
  client.api.rq.defaults.baseURL = fake.url;
  client.api.rq.defaults.timeout = 10_000;
  return client;
}

/** Resolves to the value a call rejects with (fails when it does not reject). */
async function rejection(promise, what) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail(`${what} was accepted`);
}

const receipt = () => `rcpt-${crypto.randomUUID().slice(0, 12)}`;

describe('the official razorpay package against the fake Razorpay', () => {
  let fake;
  let razorpay;

  before(async () => {
    fake = await startRazorpayFake();
    razorpay = clientFor(fake);
  });

  after(async () => {
    await fake?.stop();
  });

  it('creates an order in paise and reads it back by id and by receipt', { timeout: TEST_TIMEOUT_MS }, async () => {
    const mine = receipt();
    const order = await razorpay.orders.create({
      amount: 49900, currency: 'INR', receipt: mine, notes: { molar_attempt: mine },
    });
    assert.equal(order.entity, 'order');
    assert.match(order.id, /^order_[A-Za-z0-9]{14}$/);
    assert.equal(order.amount, 49900, 'INR 499.00 is 49900 paise');
    assert.equal(order.amount_due, 49900);
    assert.equal(order.status, 'created');
    assert.equal(order.notes.molar_attempt, mine);
    assert.deepEqual(await razorpay.orders.fetch(order.id), order);
    // The package sends count, skip and the receipt as the list's query.
    const found = await razorpay.orders.all({ receipt: mine });
    assert.equal(found.entity, 'collection');
    assert.deepEqual(found.items.map((o) => o.id), [order.id]);
    const call = (await fake.requests()).find((r) => r.method === 'GET' && r.path === '/v1/orders');
    assert.equal(call.query.receipt, mine);
    assert.equal(call.query.count, '10');
  });

  it('reads the payments of a paid order, captures one and refunds it in parts', { timeout: TEST_TIMEOUT_MS }, async () => {
    const order = await razorpay.orders.create({ amount: 125050, currency: 'INR', receipt: receipt() });
    // The payer pays in Checkout (the fake's control API does what its page does).
    const answer = await fake.control('POST', '/_fake/pay', { order_id: order.id, method: 'wallet' });
    const paymentId = answer.razorpay_payment_id;

    const payments = await razorpay.orders.fetchPayments(order.id);
    assert.deepEqual(payments.items.map((p) => [p.id, p.status, p.method]), [[paymentId, 'authorized', 'wallet']]);
    const payment = await razorpay.payments.fetch(paymentId);
    assert.equal(payment.order_id, order.id);
    assert.equal(payment.captured, false);

    const captured = await razorpay.payments.capture(paymentId, 125050, 'INR');
    assert.equal(captured.status, 'captured');
    assert.equal(captured.captured, true);
    assert.equal((await razorpay.orders.fetch(order.id)).status, 'paid');

    const first = await razorpay.payments.refund(paymentId, { amount: 50000, notes: { molar_refund: 'r-1' } });
    assert.equal(first.entity, 'refund');
    assert.match(first.id, /^rfnd_/);
    assert.equal(first.amount, 50000);
    assert.equal(first.payment_id, paymentId);
    assert.equal(first.status, 'processed');
    const beyond = await rejection(razorpay.payments.refund(paymentId, { amount: 75051 }), 'a refund beyond the capture');
    assert.equal(beyond.statusCode, 400);
    assert.equal(beyond.error.code, 'BAD_REQUEST_ERROR');
    assert.equal(beyond.error.field, 'amount');
    const rest = await razorpay.payments.refund(paymentId, { amount: 75050 });
    assert.equal(rest.amount, 75050);

    assert.deepEqual(await razorpay.refunds.fetch(first.id), first);
    const refunds = await razorpay.payments.fetchMultipleRefund(paymentId);
    assert.deepEqual(refunds.items.map((r) => r.id).sort(), [first.id, rest.id].sort());
    const after = await razorpay.payments.fetch(paymentId);
    assert.equal(after.amount_refunded, 125050);
    assert.equal(after.refund_status, 'full');
  });

  it('accepts the Checkout signature the fake made, and not an altered one', { timeout: TEST_TIMEOUT_MS }, async () => {
    const order = await razorpay.orders.create({ amount: 30000, currency: 'INR', receipt: receipt() });
    const answer = await fake.control('POST', '/_fake/pay', { order_id: order.id, method: 'upi' });
    const params = { order_id: order.id, payment_id: answer.razorpay_payment_id };
    assert.equal(razorpayUtils.validatePaymentVerification(params, answer.razorpay_signature, RAZORPAY_KEY_SECRET), true);
    const altered = answer.razorpay_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    assert.equal(razorpayUtils.validatePaymentVerification(params, altered, RAZORPAY_KEY_SECRET), false);
    assert.equal(razorpayUtils.validatePaymentVerification(
      { ...params, order_id: 'order_SomeOtherOrder' }, answer.razorpay_signature, RAZORPAY_KEY_SECRET), false);
  });

  it('gets the fake\'s error objects as its rejections', { timeout: TEST_TIMEOUT_MS }, async () => {
    const wrongKey = await rejection(clientFor(fake, 'not-the-key-secret').orders.all(), 'another key secret');
    assert.equal(wrongKey.statusCode, 401);
    assert.equal(wrongKey.error.code, 'BAD_REQUEST_ERROR');
    assert.equal(wrongKey.error.description, 'Authentication failed');
    const missing = await rejection(razorpay.payments.fetch('pay_DoesNotExist01'), 'an unknown payment');
    assert.equal(missing.statusCode, 400);
    assert.match(missing.error.description, /does not exist/);
    const small = await rejection(razorpay.orders.create({ amount: 50, currency: 'INR' }), 'an order under INR 1.00');
    assert.equal(small.error.field, 'amount');
    // The package adds its own currency default; a field Razorpay does not take is refused by name.
    const extra = await rejection(razorpay.orders.create({ amount: 5000, colour: 'blue' }), 'an unknown field');
    assert.equal(extra.error.field, 'colour');
  });
});

describe('pay-razorpay takes webhooks signed as the official razorpay package verifies them', () => {
  let fake;
  let molard;
  let eventNumber = 0;

  before(async () => {
    fake = await startRazorpayFake();
    const settings = {
      ...payRazorpaySettings(fake),
      'pay-razorpay.webhookSecrets': `${RAZORPAY_WEBHOOK_SECRET},${NEXT_WEBHOOK_SECRET}`,
    };
    molard = await startMolard({
      plugins: ['pay-razorpay'],
      args: Object.entries(settings).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    });
  });

  after(async () => {
    await molard?.stop();
    await fake?.stop();
  });

  /** A payment.captured event as Razorpay sends it, of an order this portal does not have. */
  function eventBody(createdAt = Math.floor(Date.now() / 1000)) {
    eventNumber += 1;
    const order = `order_MolarBrowser${String(eventNumber).padStart(2, '0')}`;
    return JSON.stringify({
      entity: 'event',
      account_id: 'acc_MolarBrowser01',
      event: 'payment.captured',
      contains: ['payment'],
      payload: {
        payment: {
          entity: {
            id: `pay_MolarBrowser${String(eventNumber).padStart(2, '0')}`,
            entity: 'payment',
            amount: 49900,
            currency: 'INR',
            status: 'captured',
            order_id: order,
            method: 'upi',
            captured: true,
            amount_refunded: 0,
            created_at: createdAt,
          },
        },
      },
      created_at: createdAt,
    });
  }

  /** Signs a body as Razorpay does, and checks it with the package before using it. */
  function sign(body, secret) {
    const signature = crypto.createHmac('sha256', secret).update(body).digest('hex');
    assert.equal(Razorpay.validateWebhookSignature(body, signature, secret), true,
      'the official package accepts the signature the test made');
    return signature;
  }

  async function deliver(body, { signature, eventId = `evt_${crypto.randomUUID().replace(/-/g, '').slice(0, 14)}` }) {
    const headers = { 'content-type': 'application/json' };
    if (signature !== undefined) headers['x-razorpay-signature'] = signature;
    if (eventId !== undefined) headers['x-razorpay-event-id'] = eventId;
    const response = await fetch(`${molard.url}/payments/webhooks/razorpay`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }

  it('takes a signed event once, and refuses altered, foreign, unsigned and old ones', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = eventBody();
    const signature = sign(body, RAZORPAY_WEBHOOK_SECRET);
    const eventId = 'evt_MolarBrowserA1';
    const first = await deliver(body, { signature, eventId });
    assert.equal(first.status, 200, first.text);
    assert.match(first.text, /recorded 1 of 1/);
    // Razorpay delivers it again: taken, and nothing more recorded.
    const again = await deliver(body, { signature, eventId });
    assert.equal(again.status, 200, again.text);
    assert.match(again.text, /recorded 0 of 1/);

    // One byte changed after signing: the package refuses it, and so does the plugin.
    const altered = body.replace('"amount":49900', '"amount":49901');
    assert.notEqual(altered, body);
    assert.equal(Razorpay.validateWebhookSignature(altered, signature, RAZORPAY_WEBHOOK_SECRET), false);
    assert.equal((await deliver(altered, { signature })).status, 400, 'an altered body');

    const foreign = eventBody();
    const foreignSignature = sign(foreign, 'someone_elses_webhook_secret');
    assert.equal(Razorpay.validateWebhookSignature(foreign, foreignSignature, RAZORPAY_WEBHOOK_SECRET), false);
    assert.equal((await deliver(foreign, { signature: foreignSignature })).status, 400, 'another secret');
    // The key secret signs Checkout's answers, never webhooks.
    assert.equal((await deliver(foreign, { signature: sign(foreign, RAZORPAY_KEY_SECRET) })).status, 400,
      'the key secret');

    const plain = eventBody();
    assert.equal((await deliver(plain, {})).status, 400, 'no signature');
    const noId = eventBody();
    const noIdResponse = await fetch(`${molard.url}/payments/webhooks/razorpay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-razorpay-signature': sign(noId, RAZORPAY_WEBHOOK_SECRET) },
      body: noId,
    });
    assert.equal(noIdResponse.status, 400, 'no x-razorpay-event-id');

    // Signed, but made nine days ago: beyond anything Razorpay still retries or replays.
    const old = eventBody(Math.floor(Date.now() / 1000) - 9 * DAY_SECONDS);
    assert.equal((await deliver(old, { signature: sign(old, RAZORPAY_WEBHOOK_SECRET) })).status, 400, 'an old event');
  });

  it('takes the second secret while the webhook secret is being changed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const body = eventBody();
    const answer = await deliver(body, { signature: sign(body, NEXT_WEBHOOK_SECRET) });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.text, /recorded 1 of 1/);
  });

  it('takes the events the fake signed and sent itself', { timeout: TEST_TIMEOUT_MS }, async () => {
    // Started before molard, the fake learns now where to send its events and what signs them.
    await sendWebhooksTo(fake, `${molard.url}/payments/webhooks/razorpay`);
    await fake.control('POST', '/_fake/config', { webhookSecret: RAZORPAY_WEBHOOK_SECRET });
    const razorpay = clientFor(fake);
    const order = await razorpay.orders.create({ amount: 20000, currency: 'INR', receipt: receipt() });
    await fake.control('POST', '/_fake/pay', { order_id: order.id, method: 'netbanking', capture: true });
    const events = (await fake.events()).filter((e) => e.payload.payment?.entity.order_id === order.id);
    assert.deepEqual(events.map((e) => e.event), ['payment.authorized', 'payment.captured', 'order.paid']);
    for (const event of events) {
      assert.equal(Razorpay.validateWebhookSignature(event.body, event.signature, RAZORPAY_WEBHOOK_SECRET), true);
      assert.deepEqual(event.deliveries.map((d) => d.status), [200], `${event.event}: ${JSON.stringify(event.deliveries)}`);
    }
  });
});
