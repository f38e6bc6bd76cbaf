#!/usr/bin/env node
// A local fake of Stripe's API for tests, speaking Stripe's wire format (see README.md):
//   node tests/fakes/stripe/server.mjs --port 0 --api-key sk_test_molar
//        [--webhook-url <url> --webhook-secret whsec_… [--webhook-secret whsec_…]]
//        [--api-version 2025-04-30.basil]
// prints `stripe-fake listening on http://127.0.0.1:<port>` as its first line.
// Node builtins only, so that any test can spawn it with plain `node`.
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseForm, canonical, FormError } from './form.mjs';
import {
  StripeError, invalidRequest, authenticationError, idempotencyMismatch, idempotencyInProgress,
} from './errors.mjs';
import { Store, newId } from './store.mjs';
import { Webhooks } from './webhooks.mjs';
import { checkoutPage, closedPage } from './checkout-page.mjs';
import { loadSpec, checkParams } from './spec-check.mjs';
import { list } from './params.mjs';

function parseArguments(argv) {
  const options = { port: 0, apiKey: null, webhookUrl: null, webhookSecrets: [], apiVersion: '2025-04-30.basil', host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i += 1) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      i += 1;
      return argv[i];
    };
    switch (argv[i]) {
      case '--port': options.port = Number(value()); break;
      case '--api-key': options.apiKey = value(); break;
      case '--webhook-url': options.webhookUrl = value(); break;
      case '--webhook-secret': options.webhookSecrets.push(value()); break;
      case '--api-version': options.apiVersion = value(); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!options.apiKey) throw new Error('--api-key is required');
  return options;
}

// The API: method, Stripe's path template (the key into spec-params.json), handler.
function routes(store) {
  const expandOf = (params) => list(params, 'expand') ?? [];
  const view = (object, params) => store.expand(object, expandOf(params));
  return [
    ['POST', '/v1/customers', (p) => store.createCustomer(p)],
    ['GET', '/v1/customers/{customer}', (p, id) => view(store.get('customer', id), p)],
    ['POST', '/v1/checkout/sessions', (p) => store.createCheckoutSession(p)],
    ['GET', '/v1/checkout/sessions/{session}', (p, id) => view(store.get('checkout.session', id), p)],
    ['POST', '/v1/checkout/sessions/{session}/expire', (p, id) => view(store.expireSession(id), p)],
    ['GET', '/v1/setup_intents/{intent}', (p, id) => view(store.get('setup_intent', id), p)],
    ['GET', '/v1/payment_methods/{payment_method}', (p, id) => view(store.get('payment_method', id), p)],
    ['POST', '/v1/payment_methods/{payment_method}/detach', (p, id) => view(store.detachPaymentMethod(id), p)],
    ['POST', '/v1/payment_intents', (p) => view(store.createPaymentIntent(p), p)],
    ['GET', '/v1/payment_intents/search', (p) => store.searchPaymentIntents(p)],
    ['GET', '/v1/payment_intents/{intent}', (p, id) => view(store.get('payment_intent', id), p)],
    ['POST', '/v1/payment_intents/{intent}/capture', (p, id) => view(store.capturePaymentIntent(id, p), p)],
    ['POST', '/v1/payment_intents/{intent}/cancel', (p, id) => view(store.cancelPaymentIntent(id, p), p)],
    ['POST', '/v1/refunds', (p) => view(store.createRefund(p), p)],
    ['GET', '/v1/refunds', (p) => store.listRefunds(p)],
    ['GET', '/v1/refunds/{refund}', (p, id) => view(store.get('refund', id), p)],
    ['GET', '/v1/charges/{charge}', (p, id) => view(store.get('charge', id), p)],
    ['GET', '/v1/disputes/{dispute}', (p, id) => view(store.get('dispute', id), p)],
  ].map(([method, template, handler]) => {
    const names = [];
    const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, name) => { names.push(name); return '([^/]+)'; })}$`);
    return { method, template, pattern, handler };
  });
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(response, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, no-store',
    ...headers,
  });
  response.end(text);
}

function sendHtml(response, status, html) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  response.end(html);
}

// The key from `Authorization: Bearer <key>` or Basic `<key>:` (Stripe takes either).
function presentedKey(header) {
  if (!header) return null;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  }
  return null;
}

const masked = (key) => (key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '****');

// What happened, one line each, on stderr (tests show it when they fail); never a key or a card.
const log = (line) => process.stderr.write(`stripe-fake: ${line}\n`);

export function startServer(options) {
  const spec = loadSpec();
  const state = {
    loseAnswers: 0,
    failNext: { count: 0, status: 500 },
    delayMs: 0,
    requests: [],
    idempotency: new Map(),
    port: null,
  };
  const webhooks = new Webhooks({ url: options.webhookUrl, secrets: options.webhookSecrets, apiVersion: options.apiVersion });
  let currentRequest = null;
  const store = new Store({
    baseUrl: () => `http://${options.host}:${state.port}`,
    emit: (type, object) => webhooks.emit(type, object, currentRequest),
  });
  const api = routes(store);
  for (const route of api) {
    if (!spec.has(`${route.method} ${route.template}`)) {
      throw new Error(`spec-params.json has no entry for ${route.method} ${route.template}`);
    }
  }

  async function handleApi(request, response, url, rawBody) {
    const requestId = `req_${newId('', 14)}`;
    const idempotencyKey = request.headers['idempotency-key'] ?? null;
    const stripeVersion = request.headers['stripe-version'] ?? null;
    const entry = {
      id: requestId, method: request.method, path: url.pathname, idempotencyKey, stripeVersion,
      params: null, status: null, replayed: false, lost: false, at: Math.floor(Date.now() / 1000),
    };
    state.requests.push(entry);
    const headers = { 'request-id': requestId, 'stripe-version': stripeVersion ?? options.apiVersion };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

    const answer = async (status, body, extra = {}, { delayed = false } = {}) => {
      entry.status = status;
      log(`${request.method} ${url.pathname} ${status}${idempotencyKey ? ` key=${idempotencyKey}` : ''}${entry.replayed ? ' (replayed)' : ''}${state.loseAnswers > 0 ? ' (answer lost)' : ''}`);
      if (!delayed && state.delayMs > 0) await sleep(state.delayMs);
      if (state.loseAnswers > 0) {
        state.loseAnswers -= 1;
        entry.lost = true;
        request.socket.destroy();
        return;
      }
      sendJson(response, status, body, { ...headers, ...extra });
    };
    const refuse = (error) => answer(error.status, error.body());

    const key = presentedKey(request.headers.authorization);
    if (!key) {
      return refuse(authenticationError('You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').'));
    }
    if (key !== options.apiKey) return refuse(authenticationError(`Invalid API Key provided: ${masked(key)}`));
    if (stripeVersion !== null && !/^\d{4}-\d{2}-\d{2}(\.[a-z_]+)?$/.test(stripeVersion)) {
      return refuse(invalidRequest(`Invalid Stripe API version: ${stripeVersion}`, undefined, 'invalid_stripe_api_version'));
    }

    let params;
    try {
      const query = parseForm(url.search.slice(1));
      if (request.method === 'POST') {
        const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (rawBody && type !== 'application/x-www-form-urlencoded') {
          return refuse(invalidRequest(`Invalid request: the body must be application/x-www-form-urlencoded, not ${type || 'untyped'}.`));
        }
        params = { ...query, ...parseForm(rawBody) };
      } else {
        params = query;
      }
    } catch (error) {
      if (error instanceof FormError) return refuse(invalidRequest(error.message, error.param));
      throw error;
    }
    entry.params = params;

    let route = null;
    let pathId = null;
    for (const candidate of api) {
      if (candidate.method !== request.method) continue;
      const match = candidate.pattern.exec(url.pathname);
      if (match) {
        route = candidate;
        pathId = match[1] ? decodeURIComponent(match[1]) : null;
        break;
      }
    }
    if (!route) {
      return refuse(invalidRequest(`Unrecognized request URL (${request.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, undefined, undefined, 404));
    }
    try {
      checkParams(spec, `${route.method} ${route.template}`, params);
    } catch (error) {
      if (error instanceof StripeError) return refuse(error);
      throw error;
    }

    // A failure the test asked for (fail-next): nothing is carried out, nothing saved.
    if (state.failNext.count > 0) {
      state.failNext.count -= 1;
      const status = state.failNext.status;
      const error = status === 429
        ? new StripeError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.' })
        : new StripeError(status, { type: 'api_error', message: 'An error occurred with our connection to Stripe.' });
      return answer(status, error.body(), status >= 500 ? { 'stripe-should-retry': 'true' } : {});
    }

    // Idempotency: per key (and API key), the first answer of an executed POST is saved and
    // replayed; other parameters are an idempotency_error; a request still running is a 409.
    let slot = null;
    if (request.method === 'POST' && idempotencyKey !== null) {
      if (idempotencyKey.length > 255) {
        return refuse(invalidRequest('Idempotency-Key must be at most 255 characters long.', undefined, 'idempotency_key_too_long'));
      }
      const slotKey = `${key}\n${idempotencyKey}`;
      const fingerprint = `${request.method} ${url.pathname} ${canonical(params)}`;
      const saved = state.idempotency.get(slotKey);
      if (saved) {
        if (saved.fingerprint !== fingerprint) return refuse(idempotencyMismatch(idempotencyKey));
        if (saved.running) return answer(409, idempotencyInProgress().body(), { 'stripe-should-retry': 'true' });
        entry.replayed = true;
        entry.replayOf = saved.requestId;
        return answer(saved.status, saved.body, { 'idempotent-replayed': 'true', 'original-request': saved.requestId });
      }
      slot = { fingerprint, running: true, requestId };
      state.idempotency.set(slotKey, slot);
    }

    let status;
    let body;
    let save = true;
    currentRequest = { id: requestId, idempotencyKey };
    try {
      body = JSON.stringify(route.handler(params, pathId), null, 2);
      status = 200;
    } catch (error) {
      if (!(error instanceof StripeError)) {
        process.stderr.write(`stripe-fake: ${request.method} ${url.pathname} failed: ${error.stack}\n`);
        error = new StripeError(500, { type: 'api_error', message: 'An unknown error occurred in the fake Stripe.' }, { saved: true });
      }
      status = error.status;
      body = JSON.stringify(error.body(), null, 2);
      save = error.saved;
    } finally {
      currentRequest = null;
    }
    if (slot) {
      // Kept running while the answer is delayed, so that a concurrent retry gets the 409.
      if (state.delayMs > 0) await sleep(state.delayMs);
      if (save) Object.assign(slot, { running: false, status, body });
      else state.idempotency.delete(`${key}\n${idempotencyKey}`);
      return answer(status, body, {}, { delayed: true });
    }
    return answer(status, body);
  }

  // ---------------------------------------------------------------- the Checkout page

  async function handleCheckout(request, response, url, rawBody) {
    const id = decodeURIComponent(url.pathname.slice('/checkout/'.length));
    const session = store.find(id);
    if (!session || session.object !== 'checkout.session') return sendHtml(response, 404, closedPage(null));
    if (session.status !== 'open') return sendHtml(response, 200, closedPage(session));
    if (request.method === 'GET') return sendHtml(response, 200, checkoutPage(session, store.sessionItems(id)));
    if (request.method !== 'POST') return sendHtml(response, 405, closedPage(null));
    const form = parseForm(rawBody);
    const result = store.completeCheckout(id, { number: form.cardnumber, expiry: form.expiry, cvc: form.cvc, name: form.name });
    await webhooks.flush();
    if (result.error) return sendHtml(response, 200, checkoutPage(session, store.sessionItems(id), result.error));
    if (!result.redirect) return sendHtml(response, 200, closedPage(session));
    response.writeHead(303, { location: result.redirect, 'content-length': 0 });
    return response.end();
  }

  // ---------------------------------------------------------------- the control API

  async function handleControl(request, response, url, rawBody) {
    let body = {};
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return sendJson(response, 400, { error: { message: 'the control API takes JSON bodies' } });
      }
    }
    const path = url.pathname.slice('/_fake'.length);
    const route = `${request.method} ${path}`;
    let match;
    const done = async (result) => {
      await webhooks.flush();
      return sendJson(response, 200, result);
    };
    try {
      if (route === 'GET /requests') return sendJson(response, 200, { object: 'list', data: state.requests });
      if (route === 'GET /events') return sendJson(response, 200, { object: 'list', data: webhooks.list() });
      if ((match = /^GET \/objects\/([^/]+)$/.exec(route))) {
        const object = store.find(decodeURIComponent(match[1]));
        return object ? sendJson(response, 200, object) : sendJson(response, 404, { error: { message: 'no such object' } });
      }
      if (route === 'POST /resend') {
        const delivery = webhooks.resend(body.event_id, { timestamp: body.timestamp });
        if (!delivery) return sendJson(response, 404, { error: { message: `no event ${body.event_id}` } });
        const record = await delivery;
        return sendJson(response, 200, { event_id: body.event_id, delivery: record });
      }
      if ((match = /^POST \/checkout\/([^/]+)\/complete$/.exec(route))) {
        const result = store.completeCheckout(decodeURIComponent(match[1]), {
          number: body.card ?? '4242424242424242', expiry: body.expiry ?? '12 / 34', cvc: body.cvc ?? (String(body.card ?? '').startsWith('3') ? '1234' : '123'), name: body.name,
        });
        return done(result.error
          ? { completed: false, error: result.error, session: result.session }
          : { completed: true, redirect: result.redirect, session: result.session });
      }
      if (route === 'POST /dispute') return done(store.openDispute(body));
      if ((match = /^POST \/disputes\/([^/]+)\/close$/.exec(route))) return done(store.closeDispute(decodeURIComponent(match[1]), body.status));
      if (route === 'POST /expire') {
        if (body.checkout_session) return done(store.expireSession(body.checkout_session, 'checkout_session'));
        return done(store.expireHold(body.payment_intent));
      }
      if (route === 'POST /lose-answers') {
        state.loseAnswers = Number(body.count ?? 1);
        return sendJson(response, 200, { count: state.loseAnswers });
      }
      if (route === 'POST /fail-next') {
        const status = Number(body.status ?? 500);
        if (![429, 500, 502, 503].includes(status)) return sendJson(response, 400, { error: { message: 'status must be 429, 500, 502 or 503' } });
        state.failNext = { count: Number(body.count ?? 1), status };
        return sendJson(response, 200, state.failNext);
      }
      if (route === 'POST /delay-answers') {
        state.delayMs = Number(body.ms ?? 0);
        return sendJson(response, 200, { ms: state.delayMs });
      }
      if (route === 'POST /config') {
        if (body.webhookUrl !== undefined) webhooks.url = body.webhookUrl || null;
        if (body.webhookSecrets !== undefined) webhooks.secrets = [...body.webhookSecrets];
        if (body.searchLagMs !== undefined) store.searchLagMs = Number(body.searchLagMs);
        return sendJson(response, 200, {
          webhookUrl: webhooks.url, webhookSecrets: webhooks.secrets.length, apiVersion: webhooks.apiVersion, searchLagMs: store.searchLagMs,
        });
      }
      if (route === 'POST /flush') return sendJson(response, 200, { pending: await webhooks.flush() });
    } catch (error) {
      if (error instanceof StripeError) return sendJson(response, error.status, error.body());
      throw error;
    }
    return sendJson(response, 404, { error: { message: `no control route ${route}` } });
  }

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url, 'http://fake');
      const rawBody = await readBody(request);
      if (url.pathname.startsWith('/_fake/')) return await handleControl(request, response, url, rawBody);
      if (url.pathname.startsWith('/checkout/')) return await handleCheckout(request, response, url, rawBody);
      if (url.pathname.startsWith('/v1/')) return await handleApi(request, response, url, rawBody);
      return sendJson(response, 404, invalidRequest(`Unrecognized request URL (${request.method}: ${url.pathname}).`, undefined, undefined, 404).body());
    } catch (error) {
      process.stderr.write(`stripe-fake: ${error.stack}\n`);
      if (!response.headersSent) sendJson(response, 500, { error: { type: 'api_error', message: 'The fake Stripe failed.' } });
      return undefined;
    }
  });
  server.keepAliveTimeout = 5000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      state.port = server.address().port;
      resolve({ server, url: `http://${options.host}:${state.port}`, store, webhooks, state });
    });
  });
}

const isMain = Boolean(process.argv[1]) && fileURLToPath(import.meta.url) === realpathSync(process.argv[1]);
if (isMain) {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`stripe-fake: ${error.message}\n`);
    process.exit(2);
  }
  const { server, url } = await startServer(options);
  process.stdout.write(`stripe-fake listening on ${url}\n`);
  // Stopping answers nothing more: open (keep-alive) connections are not waited for.
  const stop = () => {
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Gone with the process that started it, should that one die without stopping us.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}
