// The fake Stripe's own behaviour, checked over HTTP with Node's fetch only (no npm packages):
//   node --test tests/fakes/stripe/fake.test.mjs
// Each part starts the server as its users do (node server.mjs --port 0 ...), with a local
// endpoint that records the webhooks it is sent.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { extract } from './extract-spec-params.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const KEY = 'sk_test_fake_selftest';
const SECRETS = ['whsec_fake_selftest_one', 'whsec_fake_selftest_two'];

/** A local endpoint that answers 200 and keeps what it was sent. */
async function startReceiver() {
  const received = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, received, close: () => server.close() };
}

async function startFake(args) {
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const firstLine = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`the fake exited (${code}): ${output}`)));
  });
  const match = /^stripe-fake listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
  assert.ok(match, `the first line says where it listens: ${firstLine}`);
  const url = match[1];
  return {
    url,
    firstLine,
    stop: () => new Promise((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); }),
    control: async (method, path, body) => {
      const response = await fetch(`${url}/_fake${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json() };
    },
  };
}

/** Form-encodes nested parameters the way stripe-node does (raw brackets) or Poco's HTMLForm does (percent-encoded). */
function encode(params, { percentBrackets = false } = {}) {
  const pairs = [];
  const walk = (value, key) => {
    if (value !== null && typeof value === 'object') {
      for (const [inner, item] of Object.entries(value)) walk(item, key ? `${key}[${inner}]` : inner);
    } else {
      const name = percentBrackets ? encodeURIComponent(key) : encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
      pairs.push(`${name}=${encodeURIComponent(String(value))}`);
    }
  };
  walk(params, '');
  return pairs.join('&');
}

function api(fake, method, path, params = {}, { key = KEY, idempotencyKey, auth = 'bearer', percentBrackets = false, version = '2025-04-30.basil' } = {}) {
  const headers = {};
  if (auth === 'bearer') headers.authorization = `Bearer ${key}`;
  if (auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  if (version) headers['stripe-version'] = version;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const form = encode(params, { percentBrackets });
  let url = `${fake.url}${path}`;
  let body;
  if (method === 'GET') {
    if (form) url += `?${form}`;
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = form;
  }
  return fetch(url, { method, headers, body }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    text: await response.clone().text(),
    body: await response.json(),
  }));
}

const sessionParams = (attempt, extra = {}) => ({
  mode: 'payment',
  line_items: [{ price_data: { currency: 'qar', unit_amount: 45000, product_data: { name: 'INV-1' } }, quantity: 1 }],
  success_url: 'http://127.0.0.1:9/paid?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://127.0.0.1:9/cancel',
  client_reference_id: attempt,
  metadata: { molar_attempt: attempt },
  payment_intent_data: { metadata: { molar_attempt: attempt } },
  ...extra,
});

async function waitFor(condition, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the fake Stripe', () => {
  let fake;
  let receiver;
  let customer;

  before(async () => {
    receiver = await startReceiver();
    fake = await startFake(['--api-key', KEY, '--webhook-url', receiver.url, ...SECRETS.flatMap((s) => ['--webhook-secret', s])]);
    customer = (await api(fake, 'POST', '/v1/customers', { metadata: { molar_organization: '7' } }, { idempotencyKey: 'molar-customer-7' })).body;
  });

  after(async () => {
    await fake?.stop();
    receiver?.close();
  });

  const eventsOf = (type) => receiver.received
    .map((delivery) => ({ ...delivery, event: JSON.parse(delivery.body) }))
    .filter((delivery) => delivery.event.type === type);

  it('refuses a missing or wrong key, and takes the key as Bearer or as Basic user', async () => {
    const none = await api(fake, 'GET', `/v1/customers/${customer.id}`, {}, { auth: 'none' });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.type, 'invalid_request_error');
    const wrong = await api(fake, 'GET', `/v1/customers/${customer.id}`, {}, { key: 'sk_test_other' });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.text, /sk_test_other/, 'the presented key is not echoed whole');
    const basic = await api(fake, 'GET', `/v1/customers/${customer.id}`, {}, { auth: 'basic' });
    assert.equal(basic.status, 200);
    assert.equal(basic.body.id, customer.id);
    assert.match(customer.id, /^cus_/);
    assert.equal(customer.object, 'customer');
    assert.ok(Number.isInteger(customer.created) && customer.created < 1e11, 'created in seconds');
  });

  it('reads bracketed keys raw or percent-encoded alike, and refuses parameters the spec does not define', async () => {
    const raw = await api(fake, 'POST', '/v1/checkout/sessions', sessionParams('raw', { customer: customer.id }));
    const encoded = await api(fake, 'POST', '/v1/checkout/sessions', sessionParams('raw', { customer: customer.id }), { percentBrackets: true });
    assert.equal(raw.status, 200, raw.text);
    assert.equal(encoded.status, 200, encoded.text);
    for (const session of [raw.body, encoded.body]) {
      assert.equal(session.amount_total, 45000);
      assert.equal(session.currency, 'qar');
      assert.equal(session.metadata.molar_attempt, 'raw');
    }
    const { body: log } = await fake.control('GET', '/requests');
    const [first, second] = log.data.filter((entry) => entry.path === '/v1/checkout/sessions').slice(-2);
    assert.deepEqual(first.params, second.params);

    const unknown = await api(fake, 'POST', '/v1/customers', { favourite_colour: 'blue' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.type, 'invalid_request_error');
    assert.equal(unknown.body.error.code, 'parameter_unknown');
    assert.equal(unknown.body.error.param, 'favourite_colour');
    const nested = await api(fake, 'POST', '/v1/checkout/sessions',
      sessionParams('nested', { payment_intent_data: { metadata: { molar_attempt: 'x' }, capture: 'manual' } }));
    assert.equal(nested.status, 400);
    assert.equal(nested.body.error.param, 'payment_intent_data[capture]');
    const query = await api(fake, 'GET', `/v1/payment_intents/search`, { query: "status:'succeeded'", sort: 'asc' });
    assert.equal(query.body.error?.param, 'sort', 'GET query parameters are checked too');
  });

  it('replays the first answer of an idempotency key, and refuses the key with other parameters', async () => {
    const params = { amount: 30000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true, capture_method: 'manual', metadata: { molar_attempt: 'hold-1' } };
    const first = await api(fake, 'POST', '/v1/payment_intents', params, { idempotencyKey: 'hold-1' });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.status, 'requires_capture');
    assert.equal(first.body.amount_capturable, 30000);
    const again = await api(fake, 'POST', '/v1/payment_intents', params, { idempotencyKey: 'hold-1' });
    assert.equal(again.text, first.text, 'the same body, byte for byte');
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const other = await api(fake, 'POST', '/v1/payment_intents', { ...params, amount: 31000 }, { idempotencyKey: 'hold-1' });
    assert.equal(other.status, 400);
    assert.equal(other.body.error.type, 'idempotency_error');
    const intents = (await api(fake, 'GET', '/v1/payment_intents/search', { query: "metadata['molar_attempt']:'hold-1'" })).body;
    assert.equal(intents.object, 'search_result');
    assert.deepEqual(intents.data.map((intent) => intent.id), [first.body.id], 'one PaymentIntent, not two');

    // A decline happens after the endpoint started: its 402 is saved and replayed.
    const declineParams = { amount: 5000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true, off_session: true };
    const declined = await api(fake, 'POST', '/v1/payment_intents', declineParams, { idempotencyKey: 'declined-1' });
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.type, 'card_error');
    assert.equal(declined.body.error.code, 'card_declined');
    assert.equal(declined.body.error.decline_code, 'generic_decline');
    assert.equal(declined.body.error.payment_intent.status, 'requires_payment_method');
    const declinedAgain = await api(fake, 'POST', '/v1/payment_intents', declineParams, { idempotencyKey: 'declined-1' });
    assert.equal(declinedAgain.status, 402);
    assert.equal(declinedAgain.text, declined.text);

    // A request refused by validation is not saved: the key can be used again.
    const invalid = await api(fake, 'POST', '/v1/payment_intents', { currency: 'qar' }, { idempotencyKey: 'fixed-later' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.code, 'parameter_missing');
    const fixed = await api(fake, 'POST', '/v1/payment_intents', { amount: 100, currency: 'qar' }, { idempotencyKey: 'fixed-later' });
    assert.equal(fixed.status, 200, fixed.text);
  });

  it('answers 409 to a second request with a key whose first request is still running', async () => {
    await fake.control('POST', '/delay-answers', { ms: 400 });
    try {
      const params = { metadata: { molar_organization: '409' } };
      const slow = api(fake, 'POST', '/v1/customers', params, { idempotencyKey: 'slow-1' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const concurrent = await api(fake, 'POST', '/v1/customers', params, { idempotencyKey: 'slow-1' });
      assert.equal(concurrent.status, 409);
      assert.equal(concurrent.body.error.type, 'idempotency_error');
      assert.equal((await slow).status, 200);
    } finally {
      await fake.control('POST', '/delay-answers', { ms: 0 });
    }
  });

  it('carries out a call whose answer it then loses, and replays it to the retry', async () => {
    await fake.control('POST', '/lose-answers', { count: 1 });
    const params = { amount: 12000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true, metadata: { molar_attempt: 'lost-1' } };
    await assert.rejects(api(fake, 'POST', '/v1/payment_intents', params, { idempotencyKey: 'lost-1' }), 'the connection closes without an answer');
    const retry = await api(fake, 'POST', '/v1/payment_intents', params, { idempotencyKey: 'lost-1' });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.status, 'succeeded');
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const found = (await api(fake, 'GET', '/v1/payment_intents/search', { query: "metadata['molar_attempt']:'lost-1'" })).body;
    assert.equal(found.data.length, 1, 'charged once');
    // Search lags when asked to, as Stripe's may.
    await fake.control('POST', '/config', { searchLagMs: 60_000 });
    try {
      const lagging = (await api(fake, 'GET', '/v1/payment_intents/search', { query: "metadata['molar_attempt']:'lost-1'" })).body;
      assert.deepEqual(lagging.data, []);
    } finally {
      await fake.control('POST', '/config', { searchLagMs: 0 });
    }
    const { body: log } = await fake.control('GET', '/requests');
    const calls = log.data.filter((entry) => entry.idempotencyKey === 'lost-1');
    assert.deepEqual(calls.map((entry) => [entry.status, entry.lost, entry.replayed]), [[200, true, false], [200, false, true]]);
  });

  it('fails the next calls as asked (429, 5xx) without carrying them out', async () => {
    await fake.control('POST', '/fail-next', { count: 2, status: 429 });
    const params = { metadata: { molar_organization: 'busy' } };
    const first = await api(fake, 'POST', '/v1/customers', params, { idempotencyKey: 'busy-1' });
    assert.equal(first.status, 429);
    assert.equal(first.body.error.code, 'rate_limit');
    await fake.control('POST', '/fail-next', { count: 1, status: 503 });
    const second = await api(fake, 'POST', '/v1/customers', params, { idempotencyKey: 'busy-1' });
    assert.equal(second.status, 503);
    assert.equal(second.body.error.type, 'api_error');
    const third = await api(fake, 'POST', '/v1/customers', params, { idempotencyKey: 'busy-1' });
    assert.equal(third.status, 200, 'nothing was saved for the key');
    assert.match(third.body.id, /^cus_/);
  });

  it('signs each webhook with one v1 per secret over "<t>.<body>"', async () => {
    const delivery = await waitFor(() => eventsOf('payment_intent.succeeded')[0], 'a payment_intent.succeeded webhook');
    const header = delivery.headers['stripe-signature'];
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const t = header.split(',')[0].slice(2);
    const signatures = header.split(',').slice(1).map((part) => part.slice(3));
    assert.deepEqual(signatures, SECRETS.map((secret) => createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex')));
    assert.ok(Math.abs(Number(t) - Date.now() / 1000) < 60, 'signed now');
    const { event } = delivery;
    assert.match(event.id, /^evt_/);
    assert.equal(event.object, 'event');
    assert.equal(event.api_version, '2025-04-30.basil');
    assert.equal(event.livemode, false);
    assert.ok(Number.isInteger(event.created));
    assert.equal(event.data.object.object, 'payment_intent');
    assert.match(delivery.headers['content-type'], /^application\/json/);

    // Sent again on request: the same event, signed anew.
    const resent = await fake.control('POST', '/resend', { event_id: event.id });
    assert.equal(resent.status, 200);
    assert.equal(resent.body.delivery.status, 200);
    assert.equal(receiver.received.filter((d) => JSON.parse(d.body).id === event.id).length, 2);
  });

  it('pays through the Checkout page: labelled fields, a refused card shown again, then a redirect to success_url', async () => {
    const session = (await api(fake, 'POST', '/v1/checkout/sessions', sessionParams('page-1', { customer: customer.id }))).body;
    assert.match(session.id, /^cs_/);
    assert.equal(session.object, 'checkout.session');
    assert.equal(session.status, 'open');
    assert.equal(session.payment_intent, null);
    assert.equal(session.url, `${fake.url}/checkout/${session.id}`);

    const page = await (await fetch(session.url)).text();
    for (const label of ['Card number', 'Expiry (MM / YY)', 'CVC']) {
      const match = new RegExp(`<label for="([a-z]+)">${label.replace(/[()/]/g, '\\$&')}</label>`).exec(page);
      assert.ok(match, `a label "${label}"`);
      assert.match(page, new RegExp(`<input id="${match[1]}"`), `the field of "${label}"`);
    }
    assert.match(page, /<button type="submit">Pay<\/button>/);
    assert.match(page, /450\.00 QAR/);

    const submit = (card) => fetch(session.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ cardnumber: card, expiry: '12 / 34', cvc: '123', name: 'Dr Test' }).toString(),
    });
    const refused = await submit('4000 0000 0000 0002');
    assert.equal(refused.status, 200);
    const refusedPage = await refused.text();
    assert.match(refusedPage, /role="alert"[^>]*>Your card was declined\./);
    assert.doesNotMatch(refusedPage, /4000 0000 0000 0002|4000000000000002/, 'the card number is not shown again');

    const paid = await submit('4242 4242 4242 4242');
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), `http://127.0.0.1:9/paid?session=${session.id}`);

    const done = (await api(fake, 'GET', `/v1/checkout/sessions/${session.id}`, { expand: ['payment_intent', 'line_items'] })).body;
    assert.equal(done.status, 'complete');
    assert.deepEqual(done.line_items.data.map((item) => [item.description, item.quantity, item.amount_total]), [['INV-1', 1, 45000]]);
    assert.equal(done.payment_status, 'paid');
    assert.equal(done.payment_intent.status, 'succeeded');
    assert.equal(done.payment_intent.amount_received, 45000);
    assert.equal(done.payment_intent.metadata.molar_attempt, 'page-1');
    assert.match(done.payment_intent.latest_charge, /^ch_/);

    const forSession = (type) => eventsOf(type).filter((d) => JSON.stringify(d.event.data.object).includes(done.payment_intent.id));
    assert.equal(forSession('payment_intent.payment_failed').length, 1, 'the refused card');
    assert.equal(forSession('payment_intent.succeeded').length, 1);
    const completed = eventsOf('checkout.session.completed').find((d) => d.event.data.object.id === session.id);
    assert.ok(completed, 'checkout.session.completed was sent before the redirect');
    assert.equal(completed.event.data.object.payment_status, 'paid');
  });

  it('saves a card in a setup session: SetupIntent, PaymentMethod on the customer, setup_intent.succeeded', async () => {
    const session = (await api(fake, 'POST', '/v1/checkout/sessions', {
      mode: 'setup', customer: customer.id, payment_method_types: ['card'],
      success_url: 'http://127.0.0.1:9/saved?setup=s-1', cancel_url: 'http://127.0.0.1:9/methods',
      metadata: { molar_setup: 's-1' }, setup_intent_data: { metadata: { molar_setup: 's-1' } },
    }, { idempotencyKey: 's-1' })).body;
    const result = await fake.control('POST', `/checkout/${session.id}/complete`, { card: '5555555555554444', expiry: '11/31' });
    assert.equal(result.status, 200);
    assert.equal(result.body.completed, true);
    assert.equal(result.body.redirect, 'http://127.0.0.1:9/saved?setup=s-1');
    const done = (await api(fake, 'GET', `/v1/checkout/sessions/${session.id}`)).body;
    assert.match(done.setup_intent, /^seti_/);
    const setupIntent = (await api(fake, 'GET', `/v1/setup_intents/${done.setup_intent}`)).body;
    assert.equal(setupIntent.status, 'succeeded');
    assert.equal(setupIntent.metadata.molar_setup, 's-1');
    const method = (await api(fake, 'GET', `/v1/payment_methods/${setupIntent.payment_method}`)).body;
    assert.equal(method.customer, customer.id);
    assert.deepEqual([method.card.brand, method.card.last4, method.card.exp_month, method.card.exp_year], ['mastercard', '4444', 11, 2031]);
    assert.ok(eventsOf('setup_intent.succeeded').some((d) => d.event.data.object.id === setupIntent.id));

    // The saved card charged off-session, then detached.
    const charged = await api(fake, 'POST', '/v1/payment_intents', { amount: 2000, currency: 'qar', customer: customer.id, payment_method: method.id, confirm: true, off_session: true });
    assert.equal(charged.body.status, 'succeeded');
    const detached = await api(fake, 'POST', `/v1/payment_methods/${method.id}/detach`, {});
    assert.equal(detached.body.customer, null);
    const afterDetach = await api(fake, 'POST', '/v1/payment_intents', { amount: 2000, currency: 'qar', customer: customer.id, payment_method: method.id, confirm: true, off_session: true });
    assert.equal(afterDetach.status, 400, 'a detached card cannot be charged');
  });

  it('refuses an off-session charge that needs authentication, leaving the PaymentIntent for the payer', async () => {
    const answer = await api(fake, 'POST', '/v1/payment_intents', { amount: 5000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true });
    assert.equal(answer.status, 402);
    assert.equal(answer.body.error.code, 'authentication_required');
    const intent = (await api(fake, 'GET', `/v1/payment_intents/${answer.body.error.payment_intent.id}`)).body;
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_payment_error.code, 'authentication_required');
  });

  it('captures part of a hold, refunds within what was captured, and lets an uncaptured hold lapse', async () => {
    const hold = (await api(fake, 'POST', '/v1/payment_intents', { amount: 30000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true, capture_method: 'manual' })).body;
    const captured = (await api(fake, 'POST', `/v1/payment_intents/${hold.id}/capture`, { amount_to_capture: 25000 }, { idempotencyKey: 'cap-1' })).body;
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 25000);
    const refund = await api(fake, 'POST', '/v1/refunds', { payment_intent: hold.id, amount: 20000, metadata: { molar_refund: 'r-1' } }, { idempotencyKey: 'r-1' });
    assert.equal(refund.status, 200, refund.text);
    assert.match(refund.body.id, /^re_/);
    const tooMuch = await api(fake, 'POST', '/v1/refunds', { payment_intent: hold.id, amount: 5001 }, { idempotencyKey: 'r-2' });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.body.error.param, 'amount');
    const charge = (await api(fake, 'GET', `/v1/charges/${captured.latest_charge}`, { expand: ['refunds'] })).body;
    assert.equal(charge.amount_captured, 25000);
    assert.equal(charge.amount_refunded, 20000);
    assert.deepEqual(charge.refunds.data.map((r) => r.id), [refund.body.id]);
    const intent = (await api(fake, 'GET', `/v1/payment_intents/${hold.id}`, { expand: ['latest_charge'] })).body;
    assert.equal(intent.latest_charge.id, charge.id);
    assert.equal(intent.latest_charge.refunds, undefined, 'refunds only when asked for');
    const deeper = (await api(fake, 'GET', `/v1/payment_intents/${hold.id}`, { expand: ['latest_charge.refunds'] })).body;
    assert.equal(deeper.latest_charge.refunds.data.length, 1);
    const wrong = await api(fake, 'GET', `/v1/payment_intents/${hold.id}`, { expand: ['no_such_field'] });
    assert.equal(wrong.status, 400);
    const refunded = await waitFor(() => eventsOf('charge.refunded').find((d) => d.event.data.object.id === charge.id), 'charge.refunded');
    assert.equal(refunded.event.data.object.refunds, undefined, 'the Charge of charge.refunded has no refunds list, as since 2022-11-15');
    await waitFor(() => eventsOf('refund.created').find((d) => d.event.data.object.id === refund.body.id), 'refund.created');
    const listed = (await api(fake, 'GET', '/v1/refunds', { charge: charge.id, limit: 100 })).body;
    assert.deepEqual(listed.data.map((r) => r.id), [refund.body.id]);

    const other = (await api(fake, 'POST', '/v1/payment_intents', { amount: 1000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true, capture_method: 'manual' })).body;
    const lapsed = await fake.control('POST', '/expire', { payment_intent: other.id });
    assert.equal(lapsed.body.status, 'canceled');
    assert.equal(lapsed.body.cancellation_reason, 'automatic');
    assert.ok(eventsOf('payment_intent.canceled').some((d) => d.event.data.object.id === other.id), 'sent before the control call answers');
  });

  it('expires an open Checkout Session (its refused PaymentIntent with it), and refuses to expire it again', async () => {
    const session = (await api(fake, 'POST', '/v1/checkout/sessions', sessionParams('expire-1', { customer: customer.id }))).body;
    const refused = await fake.control('POST', `/checkout/${session.id}/complete`, { card: '4000000000009995' });
    assert.equal(refused.body.completed, false);
    assert.equal(refused.body.error.decline_code, 'insufficient_funds');
    const intentId = refused.body.session.payment_intent;
    const cancel = await api(fake, 'POST', `/v1/payment_intents/${intentId}/cancel`, {});
    assert.equal(cancel.status, 400, 'a Checkout PaymentIntent is canceled by expiring its session');
    assert.equal(cancel.body.error.code, 'payment_intent_unexpected_state');
    const expired = await api(fake, 'POST', `/v1/checkout/sessions/${session.id}/expire`, {}, { idempotencyKey: 'expire-1' });
    assert.equal(expired.status, 200, expired.text);
    assert.equal(expired.body.status, 'expired');
    const again = await api(fake, 'POST', `/v1/checkout/sessions/${session.id}/expire`, {}, { idempotencyKey: 'expire-2' });
    assert.equal(again.status, 400);
    assert.match(await (await fetch(session.url)).text(), /no longer active/);
    assert.equal((await api(fake, 'GET', `/v1/payment_intents/${intentId}`)).body.status, 'canceled');
    await waitFor(() => eventsOf('checkout.session.expired').find((d) => d.event.data.object.id === session.id), 'checkout.session.expired');
  });

  it('opens and closes a dispute on a payment, with its events', async () => {
    const paid = (await api(fake, 'POST', '/v1/payment_intents', { amount: 12000, currency: 'qar', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, off_session: true })).body;
    const opened = await fake.control('POST', '/dispute', { payment_intent: paid.id, due_by: 1900000000 });
    assert.match(opened.body.id, /^dp_/);
    assert.equal(opened.body.evidence_details.due_by, 1900000000);
    const closed = await fake.control('POST', `/disputes/${opened.body.id}/close`, { status: 'lost' });
    assert.equal(closed.body.status, 'lost');
    const dispute = (await api(fake, 'GET', `/v1/disputes/${opened.body.id}`)).body;
    assert.equal(dispute.status, 'lost');
    assert.ok(eventsOf('charge.dispute.created').some((d) => d.event.data.object.id === dispute.id));
    assert.ok(eventsOf('charge.dispute.closed').some((d) => d.event.data.object.status === 'lost'));
  });

  it('lists the events it made and where they went', async () => {
    const { body } = await fake.control('GET', '/events');
    assert.ok(body.data.length > 5);
    for (const event of body.data) {
      assert.equal(event.object, 'event');
      assert.ok(event.deliveries.length >= 1 && event.deliveries.every((d) => d.status === 200), `${event.type} delivered`);
    }
  });
});

describe('spec-params.json and its extraction', () => {
  it('extracts query parameters of a GET and form properties of a POST, nested ones through arrays and anyOf', () => {
    const spec = {
      paths: {
        '/v1/things/{thing}': {
          get: { parameters: [{ in: 'path', name: 'thing' }, { in: 'query', name: 'expand' }] },
        },
        '/v1/things': {
          post: {
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': {
                  schema: {
                    properties: {
                      metadata: { additionalProperties: { type: 'string' } },
                      items: { type: 'array', items: { properties: { price_data: { properties: { currency: {} } }, quantity: {} } } },
                      shipping: { anyOf: [{ properties: { name: {} } }, { enum: [''] }] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    assert.deepEqual(extract(spec, 'GET /v1/things/{thing}'), { params: ['expand'] });
    assert.deepEqual(extract(spec, 'POST /v1/things', ['items', 'items.price_data', 'shipping']), {
      params: ['items', 'metadata', 'shipping'],
      nested: { items: ['price_data', 'quantity'], 'items.price_data': ['currency'], shipping: ['name'] },
    });
  });
});
