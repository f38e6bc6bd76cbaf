// The fake Razorpay's HTTP handling: the /v1 API, Checkout and the /_fake control API.
import crypto from 'node:crypto';
import { Store, RazorpayError, badRequest, METHODS } from './store.mjs';
import { Webhooks } from './webhooks.mjs';
import { CHECKOUT_SCRIPT, checkoutPage, callbackPage, errorPage, checkoutSignature } from './checkout.mjs';

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(badRequest('The request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// notes[molar_attempt]=x → { notes: { molar_attempt: 'x' } }; one level is all Razorpay nests.
function formToObject(text) {
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const nested = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
    if (nested) {
      out[nested[1]] = out[nested[1]] && typeof out[nested[1]] === 'object' ? out[nested[1]] : {};
      out[nested[1]][nested[2]] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function parseBody(req, text) {
  if (!text.trim()) return {};
  const type = String(req.headers['content-type'] || '');
  if (type.includes('application/x-www-form-urlencoded')) return formToObject(text);
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('not an object');
    }
    return value;
  } catch {
    throw badRequest('The request body is not valid JSON', { reason: 'input_validation_failed' });
  }
}

// Razorpay refuses fields an endpoint does not take.
function onlyFields(params, allowed) {
  const extra = Object.keys(params).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw badRequest(`${extra.join(', ')} is/are not required and should not be sent`,
      { field: extra[0], reason: 'input_validation_failed' });
  }
}

function integerField(params, name, { required = false } = {}) {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw badRequest(`The ${name} field is required.`, { field: name, reason: 'input_validation_failed' });
    return undefined;
  }
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!Number.isSafeInteger(number)) {
    throw badRequest(`The ${name} must be an integer.`, { field: name, reason: 'input_validation_failed' });
  }
  return number;
}

function checkNotes(notes) {
  if (notes === undefined) return {};
  if (Array.isArray(notes) && notes.length === 0) return {};
  if (notes === null || typeof notes !== 'object' || Array.isArray(notes)) {
    throw badRequest('The notes must be an array.', { field: 'notes', reason: 'input_validation_failed' });
  }
  const entries = Object.entries(notes);
  if (entries.length > 15) {
    throw badRequest('Number of fields in notes should be less than or equal to 15',
      { field: 'notes', reason: 'input_validation_failed' });
  }
  for (const [key, value] of entries) {
    if (typeof value === 'object' && value !== null) {
      throw badRequest(`The notes.${key} must be a string.`, { field: 'notes', reason: 'input_validation_failed' });
    }
    if (String(value).length > 256) {
      throw badRequest(`The notes.${key} may not be greater than 256 characters.`,
        { field: 'notes', reason: 'input_validation_failed' });
    }
  }
  return notes;
}

function collection(items) {
  return { entity: 'collection', count: items.length, items };
}

const newestFirst = (a, b) => b.created_at - a.created_at;

function listWindow(query, items) {
  const count = query.has('count') ? Number(query.get('count')) : 10;
  const skip = query.has('skip') ? Number(query.get('skip')) : 0;
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw badRequest('The count must be between 1 and 100.', { field: 'count' });
  }
  if (!Number.isInteger(skip) || skip < 0) throw badRequest('The skip must be at least 0.', { field: 'skip' });
  let selected = items.sort(newestFirst);
  if (query.has('from')) selected = selected.filter((i) => i.created_at >= Number(query.get('from')));
  if (query.has('to')) selected = selected.filter((i) => i.created_at <= Number(query.get('to')));
  return collection(selected.slice(skip, skip + count));
}

export function createFake({ keyId, keySecret, webhookUrl = '', webhookSecret = '', autoCapture = false }) {
  const store = new Store();
  const webhooks = new Webhooks({ url: webhookUrl, secret: webhookSecret });
  const requests = [];
  const refundKeys = new Map(); // X-Refund-Idempotency → { fingerprint, status, body }
  let loseAnswers = 0;
  let delayMs = 0;

  function authorized(req) {
    const header = String(req.headers.authorization || '');
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const expected = `${keyId}:${keySecret}`;
    return decoded.length === expected.length &&
      crypto.timingSafeEqual(Buffer.from(decoded), Buffer.from(expected));
  }

  function capturePayment(paymentId, params) {
    const { payment, order, paid } = store.capture(paymentId, params);
    webhooks.emit('payment.captured', { payment });
    if (paid) webhooks.emit('order.paid', { payment, order });
    return payment;
  }

  /** The payer pays an order in Checkout: the fields Checkout POSTs to callback_url. */
  function payOrder(orderId, method, outcome, capture) {
    const payment = store.pay(orderId, method, outcome);
    if (payment.status === 'failed') {
      webhooks.emit('payment.failed', { payment });
      return {
        payment,
        fields: {
          'error[code]': payment.error_code,
          'error[description]': payment.error_description,
          'error[source]': payment.error_source,
          'error[step]': payment.error_step,
          'error[reason]': payment.error_reason,
          'error[metadata]': JSON.stringify({ payment_id: payment.id, order_id: orderId }),
        },
      };
    }
    webhooks.emit('payment.authorized', { payment });
    if (capture || autoCapture) capturePayment(payment.id, { amount: payment.amount });
    return {
      payment: store.payment(payment.id),
      fields: {
        razorpay_payment_id: payment.id,
        razorpay_order_id: orderId,
        razorpay_signature: checkoutSignature(orderId, payment.id, keySecret),
      },
    };
  }

  // ---- The API (/v1) -------------------------------------------------------------

  function api(method, path, query, params, req) {
    let m;
    if (method === 'POST' && path === '/v1/orders') {
      onlyFields(params, ['amount', 'currency', 'receipt', 'notes', 'partial_payment',
        'first_payment_min_amount', 'payment_capture']);
      const amount = integerField(params, 'amount', { required: true });
      if (amount < 100) {
        throw badRequest('The amount must be atleast INR 1.00', { field: 'amount', reason: 'input_validation_failed' });
      }
      const currency = params.currency;
      if (currency === undefined) throw badRequest('The currency field is required.', { field: 'currency' });
      if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
        throw badRequest('The currency must be 3 characters.', { field: 'currency' });
      }
      if (params.receipt !== undefined && params.receipt !== null &&
          (typeof params.receipt !== 'string' || params.receipt.length > 40)) {
        throw badRequest('The receipt may not be greater than 40 characters.', { field: 'receipt' });
      }
      const notes = checkNotes(params.notes);
      if (params.partial_payment !== undefined && typeof params.partial_payment !== 'boolean' &&
          !['0', '1', 'true', 'false'].includes(String(params.partial_payment))) {
        throw badRequest('The partial payment field must be true or false.', { field: 'partial_payment' });
      }
      return [200, store.createOrder({
        amount, currency, receipt: params.receipt ?? null, notes,
        partial_payment: params.partial_payment === true || params.partial_payment === 'true' ||
          params.partial_payment === '1',
      })];
    }
    if (method === 'GET' && path === '/v1/orders') {
      let orders = [...store.orders.values()];
      if (query.has('receipt')) orders = orders.filter((o) => o.receipt === query.get('receipt'));
      if (query.get('authorized') === '1') {
        orders = orders.filter((o) => store.paymentsOf(o.id).some((p) => p.status === 'authorized'));
      }
      return [200, listWindow(query, orders)];
    }
    if (method === 'GET' && (m = /^\/v1\/orders\/([^/]+)\/payments$/.exec(path))) {
      store.order(m[1]);
      return [200, collection(store.paymentsOf(m[1]).sort(newestFirst))];
    }
    if (method === 'GET' && (m = /^\/v1\/orders\/([^/]+)$/.exec(path))) return [200, store.order(m[1])];
    if (method === 'GET' && path === '/v1/payments') return [200, listWindow(query, [...store.payments.values()])];
    if (method === 'GET' && (m = /^\/v1\/payments\/([^/]+)$/.exec(path))) return [200, store.payment(m[1])];
    if (method === 'POST' && (m = /^\/v1\/payments\/([^/]+)\/capture$/.exec(path))) {
      onlyFields(params, ['amount', 'currency']);
      const amount = integerField(params, 'amount', { required: true });
      return [200, capturePayment(m[1], { amount, currency: params.currency })];
    }
    if (method === 'POST' && (m = /^\/v1\/payments\/([^/]+)\/refund$/.exec(path))) {
      return refund(m[1], params, req);
    }
    if (method === 'GET' && (m = /^\/v1\/payments\/([^/]+)\/refunds$/.exec(path))) {
      store.payment(m[1]);
      return [200, collection(store.refundsOf(m[1]).sort(newestFirst))];
    }
    if (method === 'GET' && (m = /^\/v1\/payments\/([^/]+)\/refunds\/([^/]+)$/.exec(path))) {
      const found = store.refund(m[2]);
      if (found.payment_id !== m[1]) throw badRequest('The id provided does not exist');
      return [200, found];
    }
    if (method === 'GET' && path === '/v1/refunds') return [200, listWindow(query, [...store.refunds.values()])];
    if (method === 'GET' && (m = /^\/v1\/refunds\/([^/]+)$/.exec(path))) return [200, store.refund(m[1])];
    throw new RazorpayError(404, 'The requested URL was not found on the server.', { reason: 'NA' });
  }

  function refund(paymentId, params, req) {
    onlyFields(params, ['amount', 'speed', 'receipt', 'notes']);
    const key = req.headers['x-refund-idempotency'];
    const fingerprint = JSON.stringify([paymentId, params]);
    if (key !== undefined) {
      if (key.length < 10 || key.length > 255) {
        throw badRequest('X-Refund-Idempotency must be between 10 and 255 characters',
          { field: 'X-Refund-Idempotency' });
      }
      const seen = refundKeys.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw badRequest('The X-Refund-Idempotency key was already used for another refund request',
            { field: 'X-Refund-Idempotency' });
        }
        return [seen.status, seen.body, true];
      }
    }
    const amount = integerField(params, 'amount');
    let answer;
    try {
      const created = store.createRefund(paymentId, {
        amount, speed: params.speed, receipt: params.receipt ?? null, notes: checkNotes(params.notes),
      });
      webhooks.emit('refund.processed', { refund: created, payment: store.payment(paymentId) });
      answer = [200, created];
    } catch (error) {
      if (!(error instanceof RazorpayError)) throw error;
      answer = [error.status, error.body];
    }
    if (key !== undefined) refundKeys.set(key, { fingerprint, status: answer[0], body: answer[1] });
    return answer;
  }

  // ---- Checkout ------------------------------------------------------------------

  function checkoutOpen(query) {
    const options = Object.fromEntries(query);
    if (options.key !== keyId) return [400, errorPage('The key given to Checkout is not this account\'s key id.')];
    if (!options.order_id) return [400, errorPage('Checkout was opened without an order_id.')];
    const order = store.orders.get(options.order_id);
    if (!order) return [400, errorPage(`No order ${options.order_id} exists.`)];
    if (order.status === 'paid') return [400, errorPage('This order has already been paid.')];
    if (options.amount !== undefined && Number(options.amount) !== order.amount) {
      return [400, errorPage('The amount given to Checkout is not the order\'s amount.')];
    }
    if (options.currency !== undefined && options.currency !== order.currency) {
      return [400, errorPage('The currency given to Checkout is not the order\'s currency.')];
    }
    if (!options.callback_url) {
      return [400, errorPage('This fake Checkout needs callback_url (Checkout with redirect: true).')];
    }
    return [200, checkoutPage({ order, options })];
  }

  function checkoutPay(form) {
    const method = form.get('method') || '';
    const callbackUrl = form.get('callback_url') || '';
    if (!METHODS.includes(method)) return [400, errorPage('Choose a payment method.')];
    if (!/^https?:\/\//.test(callbackUrl)) return [400, errorPage('The callback_url is not an http(s) URL.')];
    const { fields } = payOrder(form.get('order_id') || '', method, form.get('outcome') || 'success', false);
    return [200, callbackPage(callbackUrl, fields)];
  }

  // ---- Control (/_fake) ----------------------------------------------------------

  async function control(method, path, params) {
    if (method === 'GET' && path === '/_fake/requests') return [200, requests];
    if (method === 'GET' && path === '/_fake/events') {
      await webhooks.settled();
      return [200, webhooks.events.map((e) => ({ ...e, payload: JSON.parse(e.body).payload }))];
    }
    if (method === 'POST' && path === '/_fake/pay') {
      const { fields, payment } = payOrder(params.order_id || '', params.method || 'upi',
        params.outcome || 'success', params.capture === true);
      return [200, { ...fields, payment }];
    }
    if (method === 'POST' && path === '/_fake/resend') {
      const record = webhooks.find(params.event_id);
      if (!record) return [404, { error: `no event ${params.event_id}` }];
      return [200, await webhooks.deliver(record)];
    }
    if (method === 'POST' && path === '/_fake/webhook') {
      // An event made now from the current entities, signed; sent unless send is false.
      const entities = {};
      if (params.payment_id) entities.payment = store.payment(params.payment_id);
      if (params.order_id) entities.order = store.order(params.order_id);
      if (params.refund_id) {
        entities.refund = store.refund(params.refund_id);
        entities.payment ??= store.payment(entities.refund.payment_id);
      }
      if (!params.event || !Object.keys(entities).length) {
        return [400, { error: 'give event and payment_id, order_id or refund_id' }];
      }
      const record = webhooks.emit(params.event, entities, { createdAt: params.created_at, send: params.send !== false });
      if (params.send !== false) await webhooks.settled();
      return [200, record];
    }
    if (method === 'POST' && path === '/_fake/config') {
      if (params.webhookUrl !== undefined) webhooks.url = params.webhookUrl;
      if (params.webhookSecret !== undefined) webhooks.secret = params.webhookSecret;
      return [200, { webhookUrl: webhooks.url }];
    }
    if (method === 'POST' && path === '/_fake/lose-answers') {
      loseAnswers = Number(params.count ?? 1);
      return [200, { count: loseAnswers }];
    }
    if (method === 'POST' && path === '/_fake/delay-answers') {
      delayMs = Number(params.ms ?? 0);
      return [200, { ms: delayMs }];
    }
    return [404, { error: `no control ${method} ${path}` }];
  }

  // ---- Dispatch ------------------------------------------------------------------

  function send(res, status, type, body) {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
  const sendJson = (res, status, value) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
  const sendHtml = (res, status, html) => send(res, status, 'text/html; charset=utf-8', html);

  async function handle(req, res) {
    const url = new URL(req.url, 'http://fake.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method;
    let text;
    try {
      text = await readBody(req);
    } catch (error) {
      return sendJson(res, 413, error.body ?? { error: String(error) });
    }
    try {
      if (path === '/v1/checkout.js' && method === 'GET') {
        return send(res, 200, 'text/javascript; charset=utf-8', CHECKOUT_SCRIPT);
      }
      if (path === '/checkout/open' && method === 'GET') {
        const [status, html] = checkoutOpen(url.searchParams);
        return sendHtml(res, status, html);
      }
      if (path === '/checkout/pay' && method === 'POST') {
        const [status, html] = checkoutPay(new URLSearchParams(text));
        return sendHtml(res, status, html);
      }
      if (path.startsWith('/_fake/')) {
        const [status, value] = await control(method, path, text.trim() ? JSON.parse(text) : {});
        return sendJson(res, status, value);
      }
    } catch (error) {
      if (error instanceof RazorpayError) {
        return path.startsWith('/checkout/') ? sendHtml(res, error.status, errorPage(error.message))
          : sendJson(res, error.status, error.body);
      }
      return sendJson(res, 500, { error: String(error.stack || error) });
    }
    if (!path.startsWith('/v1/')) return sendJson(res, 404, { error: `nothing at ${path}` });

    // The API: authenticated, logged, answered after the configured delay, or lost.
    const entry = {
      method, path, query: Object.fromEntries(url.searchParams),
      idempotencyKey: req.headers['x-refund-idempotency'] ?? null, params: null, status: 0,
    };
    requests.push(entry);
    let status;
    let body;
    try {
      if (!authorized(req)) {
        throw new RazorpayError(401, 'Authentication failed', { reason: 'NA' });
      }
      const params = parseBody(req, text);
      entry.params = params;
      [status, body] = api(method, path, url.searchParams, params, req);
    } catch (error) {
      if (error instanceof RazorpayError) [status, body] = [error.status, error.body];
      else [status, body] = [500, { error: { code: 'SERVER_ERROR', description: String(error.message || error),
        source: 'NA', step: 'NA', reason: 'NA', metadata: {} } }];
    }
    entry.status = status;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (loseAnswers > 0) {
      loseAnswers -= 1;
      entry.lost = true;
      req.socket.destroy();
      return undefined;
    }
    return sendJson(res, status, body);
  }

  return { handle, store, webhooks };
}
