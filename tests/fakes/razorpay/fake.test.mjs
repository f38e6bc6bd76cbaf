// The fake Razorpay's own behaviour, through its command line and HTTP only (node:test,
// builtins): the listening line, Basic auth and Razorpay's error objects, orders and their
// payments, capture once and of the authorized amount, refunds never beyond the capture and
// replayed per X-Refund-Idempotency, Checkout's script, page and signed answer, signed
// webhooks with their event ids, and the control API.
//
//   node --test tests/fakes/razorpay/fake.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY_ID = 'rzp_test_molar';
const KEY_SECRET = 'fake_test_key_secret';
const WEBHOOK_SECRET = 'fake_test_webhook_secret';

const hmac = (secret, text) => crypto.createHmac('sha256', secret).update(text).digest('hex');

function startFake(args) {
  const child = spawn(process.execPath, [path.join(here, 'server.mjs'), '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 5000);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const first = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        const match = /^razorpay-fake listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
        if (match) resolve({ child, url: match[1] });
        else reject(new Error(`first line is not the listening line: ${first}`));
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${out}`)); });
  });
}

// A receiver of webhooks: every delivery with its headers and raw body.
const deliveries = [];
let receiver;
let receiverUrl;
let fake;

before(async () => {
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
  fake = await startFake(['--key-id', KEY_ID, '--key-secret', KEY_SECRET,
    '--webhook-url', receiverUrl, '--webhook-secret', WEBHOOK_SECRET]);
});

after(async () => {
  fake?.child.kill('SIGTERM');
  await new Promise((resolve) => receiver.close(resolve));
});

const basic = (id = KEY_ID, secret = KEY_SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function api(method, apiPath, body, headers = {}) {
  const response = await fetch(`${fake.url}${apiPath}`, {
    method,
    headers: { authorization: basic(), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function control(method, controlPath, body) {
  const response = await fetch(`${fake.url}${controlPath}`, {
    method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function newOrder(amount = 49900, receipt = `rcpt-${crypto.randomUUID().slice(0, 8)}`) {
  const { status, body } = await api('POST', '/v1/orders',
    { amount, currency: 'INR', receipt, notes: { molar_attempt: receipt } });
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

function assertError(answer, status, code = 'BAD_REQUEST_ERROR') {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, code);
  assert.equal(typeof answer.body.error.description, 'string');
  for (const field of ['source', 'step', 'reason', 'metadata']) assert.ok(field in answer.body.error, field);
}

test('the API wants the key pair and answers with Razorpay\'s error object', async () => {
  const none = await fetch(`${fake.url}/v1/orders`);
  assert.equal(none.status, 401);
  assert.equal((await none.json()).error.description, 'Authentication failed');
  const wrong = await fetch(`${fake.url}/v1/orders`, { headers: { authorization: basic(KEY_ID, 'not-the-secret') } });
  assert.equal(wrong.status, 401);
  assertError(await api('GET', '/v1/orders/order_DoesNotExist01'), 400);
  assert.match((await api('GET', '/v1/orders/order_DoesNotExist01')).body.error.description, /does not exist/);
});

test('an order is created and found by id and by receipt; bad fields are refused by name', async () => {
  const order = await newOrder(49900, 'rcpt-find-me');
  assert.match(order.id, /^order_[A-Za-z0-9]{14}$/);
  assert.equal(order.entity, 'order');
  assert.equal(order.amount, 49900);
  assert.equal(order.amount_due, 49900);
  assert.equal(order.status, 'created');
  assert.deepEqual((await api('GET', `/v1/orders/${order.id}`)).body, order);
  const byReceipt = await api('GET', '/v1/orders?receipt=rcpt-find-me&count=5');
  assert.equal(byReceipt.body.entity, 'collection');
  assert.deepEqual(byReceipt.body.items.map((o) => o.id), [order.id]);

  const unknownField = await api('POST', '/v1/orders', { amount: 1000, currency: 'INR', colour: 'red' });
  assertError(unknownField, 400);
  assert.equal(unknownField.body.error.field, 'colour');
  assert.equal((await api('POST', '/v1/orders', { amount: 99, currency: 'INR' })).body.error.field, 'amount');
  assert.equal((await api('POST', '/v1/orders', { amount: 499.5, currency: 'INR' })).body.error.field, 'amount');
  assert.equal((await api('POST', '/v1/orders', { amount: 1000, currency: 'INR', receipt: 'r'.repeat(41) }))
    .body.error.field, 'receipt');
  const tooManyNotes = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`n${i}`, 'x']));
  assert.equal((await api('POST', '/v1/orders', { amount: 1000, currency: 'INR', notes: tooManyNotes }))
    .body.error.field, 'notes');
});

test('paying: an authorized payment, its capture once of the whole amount, the order paid', async () => {
  const order = await newOrder(125050);
  const paid = await control('POST', '/_fake/pay', { order_id: order.id, method: 'netbanking' });
  assert.equal(paid.status, 200);
  const paymentId = paid.body.razorpay_payment_id;
  assert.match(paymentId, /^pay_[A-Za-z0-9]{14}$/);
  assert.equal(paid.body.razorpay_order_id, order.id);
  assert.equal(paid.body.razorpay_signature, hmac(KEY_SECRET, `${order.id}|${paymentId}`));

  const payments = await api('GET', `/v1/orders/${order.id}/payments`);
  assert.deepEqual(payments.body.items.map((p) => [p.id, p.status, p.captured, p.method, p.bank]),
    [[paymentId, 'authorized', false, 'netbanking', 'HDFC']]);
  assertError(await api('POST', `/v1/payments/${paymentId}/capture`, { amount: 125000, currency: 'INR' }), 400);
  const captured = await api('POST', `/v1/payments/${paymentId}/capture`, { amount: 125050, currency: 'INR' });
  assert.equal(captured.status, 200);
  assert.equal(captured.body.status, 'captured');
  assert.equal(captured.body.captured, true);
  assert.match((await api('POST', `/v1/payments/${paymentId}/capture`, { amount: 125050 })).body.error.description,
    /already been captured/);
  const after = (await api('GET', `/v1/orders/${order.id}`)).body;
  assert.equal(after.status, 'paid');
  assert.equal(after.amount_paid, 125050);
  assert.equal(after.amount_due, 0);
});

test('refunds: in parts, never beyond the capture, replayed per X-Refund-Idempotency', async () => {
  const order = await newOrder(10000);
  const paid = await control('POST', '/_fake/pay', { order_id: order.id, method: 'card', capture: true });
  const paymentId = paid.body.razorpay_payment_id;
  const headers = { 'X-Refund-Idempotency': 'refund-key-first' };
  const first = await api('POST', `/v1/payments/${paymentId}/refund`,
    { amount: 4000, notes: { molar_refund: 'refund-key-first' } }, headers);
  assert.equal(first.status, 200);
  assert.match(first.body.id, /^rfnd_/);
  assert.equal(first.body.status, 'processed');
  const replay = await api('POST', `/v1/payments/${paymentId}/refund`,
    { amount: 4000, notes: { molar_refund: 'refund-key-first' } }, headers);
  assert.deepEqual(replay.body, first.body);
  assertError(await api('POST', `/v1/payments/${paymentId}/refund`, { amount: 5000 }, headers), 400);
  const beyond = await api('POST', `/v1/payments/${paymentId}/refund`, { amount: 6001 });
  assertError(beyond, 400);
  assert.match(beyond.body.error.description, /greater than amount captured/);
  const rest = await api('POST', `/v1/payments/${paymentId}/refund`, {});
  assert.equal(rest.body.amount, 6000);
  const payment = (await api('GET', `/v1/payments/${paymentId}`)).body;
  assert.equal(payment.amount_refunded, 10000);
  assert.equal(payment.refund_status, 'full');
  assert.equal(payment.status, 'refunded');
  const refunds = (await api('GET', `/v1/payments/${paymentId}/refunds`)).body.items;
  assert.equal(refunds.length, 2);
  assert.deepEqual((await api('GET', `/v1/refunds/${first.body.id}`)).body, first.body);
  // An uncaptured payment cannot be refunded.
  const other = await newOrder(10000);
  const held = await control('POST', '/_fake/pay', { order_id: other.id });
  assertError(await api('POST', `/v1/payments/${held.body.razorpay_payment_id}/refund`, { amount: 100 }), 400);
});

test('webhooks are signed over the raw body with the webhook secret and carry an event id', async () => {
  deliveries.length = 0;
  const order = await newOrder(30000);
  const paid = await control('POST', '/_fake/pay', { order_id: order.id, method: 'upi', capture: true });
  const events = (await control('GET', '/_fake/events')).body.filter((e) =>
    JSON.stringify(e.payload).includes(paid.body.razorpay_payment_id));
  assert.deepEqual(events.map((e) => e.event), ['payment.authorized', 'payment.captured', 'order.paid']);
  assert.equal(deliveries.length, 3);
  for (const [i, delivery] of deliveries.entries()) {
    assert.equal(delivery.headers['x-razorpay-signature'], hmac(WEBHOOK_SECRET, delivery.body));
    assert.equal(delivery.headers['x-razorpay-event-id'], events[i].id);
    const body = JSON.parse(delivery.body);
    assert.equal(body.entity, 'event');
    assert.equal(body.event, events[i].event);
    assert.equal(typeof body.created_at, 'number');
    assert.equal(body.payload.payment.entity.id, paid.body.razorpay_payment_id);
  }
  const orderPaid = JSON.parse(deliveries[2].body);
  assert.deepEqual(orderPaid.contains, ['payment', 'order']);
  assert.equal(orderPaid.payload.order.entity.status, 'paid');

  // Resent: the same bytes, the same id, signed the same.
  const again = await control('POST', '/_fake/resend', { event_id: events[1].id });
  assert.equal(again.body.status, 200);
  assert.equal(deliveries.length, 4);
  assert.equal(deliveries[3].body, deliveries[1].body);
  assert.equal(deliveries[3].headers['x-razorpay-event-id'], events[1].id);

  // An event made to order, not sent, dated as asked.
  const made = await control('POST', '/_fake/webhook',
    { event: 'payment.captured', payment_id: paid.body.razorpay_payment_id, created_at: 1700000000, send: false });
  assert.equal(JSON.parse(made.body.body).created_at, 1700000000);
  assert.equal(made.body.signature, hmac(WEBHOOK_SECRET, made.body.body));
  assert.equal(deliveries.length, 4);
});

test('a declined payment is payment.failed with Razorpay\'s error fields', async () => {
  const order = await newOrder(20000);
  const declined = await control('POST', '/_fake/pay', { order_id: order.id, method: 'card', outcome: 'failure' });
  assert.equal(declined.body['error[reason]'], 'payment_failed');
  assert.equal(JSON.parse(declined.body['error[metadata]']).order_id, order.id);
  assert.equal(declined.body.payment.status, 'failed');
  const events = (await control('GET', '/_fake/events')).body;
  assert.equal(events.at(-1).event, 'payment.failed');
});

test('Checkout: the script defines window.Razorpay, the page offers the four methods, Pay posts the signed answer', async () => {
  const script = await fetch(`${fake.url}/v1/checkout.js`);
  assert.match(script.headers.get('content-type'), /javascript/);
  assert.match(await script.text(), /window\.Razorpay = Razorpay/);

  const order = await newOrder(49900);
  const query = new URLSearchParams({ key: KEY_ID, order_id: order.id, amount: '49900', currency: 'INR',
    name: 'INV-1', callback_url: 'http://127.0.0.1:9/callback', back: 'http://127.0.0.1:9/back' });
  const page = await (await fetch(`${fake.url}/checkout/open?${query}`)).text();
  for (const label of ['UPI', 'Netbanking', 'Wallet', 'Card']) assert.match(page, new RegExp(`> ${label}</label>`));
  assert.match(page, /<button type="submit">Pay<\/button>/);
  assert.match(page, /INR 499\.00/);
  const wrongKey = await fetch(`${fake.url}/checkout/open?${new URLSearchParams({ ...Object.fromEntries(query), key: 'rzp_test_other' })}`);
  assert.equal(wrongKey.status, 400);

  const form = new URLSearchParams({ order_id: order.id, method: 'wallet', outcome: 'success',
    callback_url: 'http://127.0.0.1:9/callback', back: '' });
  const answer = await (await fetch(`${fake.url}/checkout/pay`, { method: 'POST', body: form })).text();
  assert.match(answer, /<form method="post" action="http:\/\/127\.0\.0\.1:9\/callback"/);
  const field = (name) => new RegExp(`name="${name}" value="([^"]+)"`).exec(answer)[1];
  assert.equal(field('razorpay_order_id'), order.id);
  assert.equal(field('razorpay_signature'), hmac(KEY_SECRET, `${order.id}|${field('razorpay_payment_id')}`));
});

test('control: requests are logged, an answer can be lost after the work is done', async () => {
  await control('POST', '/_fake/lose-answers', { count: 1 });
  await assert.rejects(api('POST', '/v1/orders', { amount: 7000, currency: 'INR', receipt: 'rcpt-lost' }));
  const found = await api('GET', '/v1/orders?receipt=rcpt-lost');
  assert.equal(found.body.count, 1, 'the order was made although its answer was lost');
  const logged = (await control('GET', '/_fake/requests')).body;
  const lost = logged.find((r) => r.method === 'POST' && r.params?.receipt === 'rcpt-lost');
  assert.equal(lost.lost, true);
  assert.equal(lost.status, 200);
  const refund = logged.find((r) => r.idempotencyKey === 'refund-key-first');
  assert.ok(refund, 'X-Refund-Idempotency is logged as idempotencyKey');
});
