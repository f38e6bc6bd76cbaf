// The fake's Stripe objects (customers, Checkout Sessions, PaymentIntents, SetupIntents,
// PaymentMethods, charges, refunds, disputes) and what the API and the Checkout page do to them.
// Objects are shaped like Stripe's at API version 2025-04-30.basil (only the fields that
// matter here, all present, null when empty). Every change that Stripe announces by webhook
// calls `emit(type, object)`.
import { randomBytes } from 'node:crypto';
import {
  StripeError, invalidRequest, resourceMissing, unexpectedState, parameterMissing,
} from './errors.mjs';
import {
  string, integer, boolean, oneOf, hash, list, metadata, currency,
} from './params.mjs';
import {
  AUTHENTICATION_REQUIRED, isTestMethodId, readCard, testMethodCard,
} from './cards.mjs';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HOLD_SECONDS = 7 * 24 * 60 * 60;
const SESSION_SECONDS = 24 * 60 * 60;

export function newId(prefix, length = 24) {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}${id}`;
}

// How Stripe's "No such …" messages name each kind.
const NAMES = {
  customer: 'customer',
  'checkout.session': 'checkout.session',
  payment_intent: 'PaymentIntent',
  setup_intent: 'setupintent',
  payment_method: 'PaymentMethod',
  charge: 'charge',
  refund: 'refund',
  dispute: 'dispute',
};

const clone = (value) => JSON.parse(JSON.stringify(value));

export class Store {
  /** `baseUrl()`: where the fake listens (for session urls); `emit(type, object)`: a webhook event. */
  constructor({ baseUrl, emit }) {
    this.baseUrl = baseUrl;
    this.emit = emit;
    this.objects = new Map();
    this.now = () => Math.floor(Date.now() / 1000);
    // Stripe's search is eventually consistent ("searchable in less than a minute"); tests can
    // make new PaymentIntents invisible to it for this long.
    this.searchLagMs = 0;
    this.madeAt = new Map();
  }

  put(object) {
    if (!this.objects.has(object.id)) this.madeAt.set(object.id, Date.now());
    this.objects.set(object.id, object);
    return object;
  }

  /** An object by id and kind (`object` field), else Stripe's resource_missing (404, or 400 naming `param`). */
  get(kind, id, param) {
    const object = this.objects.get(id);
    if (!object || object.object !== kind) throw resourceMissing(NAMES[kind] ?? kind, id, param);
    return object;
  }

  find(id) {
    return this.objects.get(id) ?? null;
  }

  all(kind) {
    return [...this.objects.values()].filter((object) => object.object === kind);
  }

  // ---------------------------------------------------------------- customers

  createCustomer(params) {
    const customer = {
      id: newId('cus_', 14),
      object: 'customer',
      address: null,
      balance: 0,
      created: this.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: string(params, 'description'),
      email: string(params, 'email', { max: 512 }),
      invoice_prefix: newId('', 8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: metadata(params),
      name: string(params, 'name', { max: 256 }),
      phone: string(params, 'phone', { max: 20 }),
      preferred_locales: list(params, 'preferred_locales') ?? [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    const defaultMethod = hash(params, 'invoice_settings')?.default_payment_method;
    if (defaultMethod) {
      this.get('payment_method', defaultMethod, 'invoice_settings[default_payment_method]');
      customer.invoice_settings.default_payment_method = defaultMethod;
    }
    return this.put(customer);
  }

  // ---------------------------------------------------------------- payment methods

  /** A PaymentMethod for a card (from the page, or a test id such as pm_card_visa). */
  createCardMethod(card, { name = null } = {}) {
    const method = {
      id: newId('pm_'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name,
        phone: null,
      },
      card: {
        brand: card.details.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: card.details.country,
        display_brand: card.details.display_brand,
        exp_month: card.details.exp_month,
        exp_year: card.details.exp_year,
        fingerprint: card.details.fingerprint,
        funding: card.details.funding,
        generated_from: null,
        last4: card.details.last4,
        networks: { available: [card.details.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: this.now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
    this.put(method);
    // Kept beside the object, never shown: how this card behaves.
    this.behaviours.set(method.id, card.behaviour);
    return method;
  }

  get behaviours() {
    if (!this._behaviours) this._behaviours = new Map();
    return this._behaviours;
  }

  /** The PaymentMethod a request names: an existing pm_… or a new one from a test id. */
  methodFor(id, param) {
    if (isTestMethodId(id)) return this.createCardMethod(testMethodCard(id));
    return this.get('payment_method', id, param);
  }

  attach(method, customerId) {
    method.customer = customerId;
    this.spent.add(method.id);
  }

  // PaymentMethods that can no longer be used: detached ones, and those a payment used
  // without attaching them to a customer.
  get spent() {
    if (!this._spent) this._spent = new Set();
    return this._spent;
  }

  // Which Checkout Session made a PaymentIntent (such an intent is canceled through its session).
  get intentSessions() {
    if (!this._intentSessions) this._intentSessions = new Map();
    return this._intentSessions;
  }

  detachPaymentMethod(id) {
    const method = this.get('payment_method', id);
    if (!method.customer) {
      throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
    }
    const customer = this.find(method.customer);
    if (customer?.invoice_settings?.default_payment_method === method.id) customer.invoice_settings.default_payment_method = null;
    method.customer = null;
    return method;
  }

  // ---------------------------------------------------------------- checkout sessions

  createCheckoutSession(params) {
    const mode = oneOf(params, 'mode', ['payment', 'setup', 'subscription'], { required: true });
    if (mode === 'subscription') throw invalidRequest('The fake Stripe does not do subscriptions.', 'mode');
    const customerId = string(params, 'customer');
    if (customerId) this.get('customer', customerId, 'customer');
    const successUrl = string(params, 'success_url', { max: 5000 });
    const cancelUrl = string(params, 'cancel_url', { max: 5000 });
    for (const [name, url] of [['success_url', successUrl], ['cancel_url', cancelUrl]]) {
      if (url && !/^https?:\/\/[^\s]+$/.test(url)) throw invalidRequest('Not a valid URL', name, 'url_invalid');
    }
    const methodTypes = list(params, 'payment_method_types');
    for (const [index, type] of (methodTypes ?? []).entries()) {
      if (type !== 'card') throw invalidRequest(`The fake Stripe takes cards only, not ${type}.`, `payment_method_types[${index}]`);
    }
    const clientReference = string(params, 'client_reference_id', { max: 200 });
    let sessionCurrency = currency(params, 'currency');
    const lineItems = list(params, 'line_items');
    let amount = null;
    const items = [];
    if (mode === 'payment') {
      if (!lineItems || lineItems.length === 0) throw parameterMissing('line_items');
      amount = 0;
      lineItems.forEach((item, index) => {
        const at = `line_items[${index}]`;
        if (typeof item !== 'object' || item === null) throw invalidRequest('Invalid hash', at, 'parameter_invalid_hash');
        if (item.price) throw resourceMissing('price', item.price, `${at}[price]`);
        const priceData = item.price_data;
        if (!priceData || typeof priceData !== 'object') throw parameterMissing(`${at}[price_data]`);
        const itemCurrency = currency(priceData, 'currency', { required: true, param: `${at}[price_data][currency]` });
        const unitAmount = integer(priceData, 'unit_amount', { required: true, min: 0 });
        const productData = priceData.product_data;
        if (!productData?.name && !priceData.product) throw parameterMissing(`${at}[price_data][product_data][name]`);
        const quantity = integer(item, 'quantity', { required: true, min: 1 });
        if (sessionCurrency && sessionCurrency !== itemCurrency) {
          throw invalidRequest('All line items must use the same currency.', `${at}[price_data][currency]`);
        }
        sessionCurrency = itemCurrency;
        amount += unitAmount * quantity;
        items.push({ description: productData?.name ?? String(priceData.product), unit_amount: unitAmount, quantity, currency: itemCurrency });
      });
      if (amount < 1) throw invalidRequest('The Checkout Session\'s total amount due must add up to at least 1.', 'line_items');
      if (params.setup_intent_data) throw invalidRequest('You can only pass setup_intent_data in setup mode.', 'setup_intent_data');
    } else {
      if (lineItems) throw invalidRequest('You can not pass `line_items` in `setup` mode.', 'line_items');
      if (params.payment_intent_data) throw invalidRequest('You can only pass payment_intent_data in payment mode.', 'payment_intent_data');
      if (!methodTypes && !sessionCurrency) {
        throw invalidRequest('You must provide `currency` when using dynamic payment methods in `setup` mode, or pass `payment_method_types`.', 'currency');
      }
    }
    const intentData = hash(params, 'payment_intent_data') ?? {};
    const setupData = hash(params, 'setup_intent_data') ?? {};
    const captureMethod = oneOf(intentData, 'capture_method', ['automatic', 'automatic_async', 'manual']);
    const futureUsage = oneOf(intentData, 'setup_future_usage', ['on_session', 'off_session']);
    const created = this.now();
    const expiresAt = integer(params, 'expires_at') ?? created + SESSION_SECONDS;
    if (expiresAt < created + 30 * 60 || expiresAt > created + SESSION_SECONDS) {
      throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at');
    }
    const id = newId('cs_test_a1', 56);
    const session = {
      id,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: cancelUrl,
      client_reference_id: clientReference,
      created,
      currency: sessionCurrency,
      customer: customerId,
      customer_details: null,
      customer_email: string(params, 'customer_email'),
      expires_at: expiresAt,
      livemode: false,
      locale: string(params, 'locale'),
      metadata: metadata(params),
      mode,
      payment_intent: null,
      payment_method_types: methodTypes ?? ['card'],
      payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
      setup_intent: null,
      status: 'open',
      submit_type: string(params, 'submit_type'),
      success_url: successUrl,
      ui_mode: 'hosted',
      url: `${this.baseUrl()}/checkout/${id}`,
    };
    this.put(session);
    this.sessionData ??= new Map();
    this.sessionData.set(id, {
      items,
      intent: {
        captureMethod: captureMethod ?? 'automatic_async',
        futureUsage,
        metadata: metadata(intentData, 'metadata', 'payment_intent_data[metadata]'),
        description: string(intentData, 'description'),
      },
      setup: {
        metadata: metadata(setupData, 'metadata', 'setup_intent_data[metadata]'),
        description: string(setupData, 'description'),
      },
    });
    return session;
  }

  sessionItems(id) {
    return this.sessionData?.get(id)?.items ?? [];
  }

  /**
   * What the Checkout page does when the payer submits a card: { session, redirect } when the
   * session is complete, { session, error } (Stripe's card error fields) when the card is refused.
   */
  completeCheckout(sessionId, input) {
    const session = this.get('checkout.session', sessionId);
    if (session.status !== 'open') {
      throw invalidRequest(`This Checkout Session is ${session.status === 'complete' ? 'already complete' : 'no longer active'}.`, undefined, 'checkout_session_unexpected_state');
    }
    const read = readCard(input);
    if (read.error) return { session, error: { type: 'card_error', ...read.error } };
    const data = this.sessionData.get(sessionId);
    const method = this.createCardMethod(read.card, { name: input.name || null });
    if (session.mode === 'payment') {
      let intent = session.payment_intent ? this.find(session.payment_intent) : null;
      if (!intent) {
        intent = this.newPaymentIntent({
          amount: session.amount_total,
          currency: session.currency,
          customer: session.customer,
          captureMethod: data.intent.captureMethod,
          metadata: data.intent.metadata,
          description: data.intent.description,
          setupFutureUsage: data.intent.futureUsage,
        });
        session.payment_intent = intent.id;
        this.intentSessions.set(intent.id, session.id);
      }
      intent.payment_method = method.id;
      const outcome = this.confirm(intent, method, { offSession: false, authenticated: true });
      if (outcome.error) return { session, error: outcome.error.fields };
      this.finishSession(session, { paid: intent.status === 'succeeded' });
      return { session, redirect: this.successUrl(session) };
    }
    let setupIntent = session.setup_intent ? this.find(session.setup_intent) : null;
    if (!setupIntent) {
      setupIntent = this.newSetupIntent({ customer: session.customer, metadata: data.setup.metadata, description: data.setup.description });
      session.setup_intent = setupIntent.id;
    }
    const refusal = this.behaviours.get(method.id).setup;
    if (refusal) {
      setupIntent.last_setup_error = { type: 'card_error', ...refusal, payment_method: clone(method) };
      setupIntent.status = 'requires_payment_method';
      this.emit('setup_intent.setup_failed', setupIntent);
      return { session, error: { type: 'card_error', ...refusal } };
    }
    if (session.customer) this.attach(method, session.customer);
    setupIntent.payment_method = method.id;
    setupIntent.last_setup_error = null;
    setupIntent.status = 'succeeded';
    this.emit('setup_intent.succeeded', setupIntent);
    this.finishSession(session, { paid: false });
    return { session, redirect: this.successUrl(session) };
  }

  finishSession(session, { paid }) {
    session.status = 'complete';
    if (session.mode === 'payment') session.payment_status = paid ? 'paid' : 'unpaid';
    session.customer_details = {
      address: null, email: session.customer_email ?? this.find(session.customer)?.email ?? null,
      name: null, phone: null, tax_exempt: 'none', tax_ids: [],
    };
    this.emit('checkout.session.completed', session);
  }

  successUrl(session) {
    return session.success_url ? session.success_url.split('{CHECKOUT_SESSION_ID}').join(session.id) : null;
  }

  /** Expires an open session (its unpaid PaymentIntent, if a card was refused, is canceled with it). */
  expireSession(id, param) {
    const session = this.get('checkout.session', id, param);
    if (session.status !== 'open') {
      throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This one is ${session.status}.`, param);
    }
    session.status = 'expired';
    const intent = session.payment_intent ? this.find(session.payment_intent) : null;
    if (intent && intent.status === 'requires_payment_method') this.cancelPaymentIntent(intent.id, {}, { reason: 'abandoned' });
    this.emit('checkout.session.expired', session);
    return session;
  }

  // ---------------------------------------------------------------- setup intents

  newSetupIntent({ customer, metadata: meta, description }) {
    const id = newId('seti_');
    return this.put({
      id,
      object: 'setup_intent',
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${newId('', 24)}`,
      created: this.now(),
      customer: customer ?? null,
      description: description ?? null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: meta ?? {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: ['card'],
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: 'off_session',
    });
  }

  // ---------------------------------------------------------------- payment intents

  newPaymentIntent({ amount, currency: code, customer, captureMethod, metadata: meta, description, setupFutureUsage, methodTypes }) {
    const id = newId('pi_3');
    return this.put({
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${newId('', 24)}`,
      confirmation_method: 'automatic',
      created: this.now(),
      currency: code,
      customer: customer ?? null,
      description: description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: meta ?? {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: methodTypes ?? ['card'],
      processing: null,
      receipt_email: null,
      review: null,
      setup_future_usage: setupFutureUsage ?? null,
      shipping: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    });
  }

  createPaymentIntent(params) {
    const amount = integer(params, 'amount', { required: true, min: 1, max: 99999999 });
    const code = currency(params, 'currency', { required: true });
    const customerId = string(params, 'customer');
    if (customerId) this.get('customer', customerId, 'customer');
    const confirm = boolean(params, 'confirm') ?? false;
    let offSession = params.off_session;
    if (offSession !== undefined) {
      if (!['true', 'false', 'one_off', 'recurring'].includes(offSession)) {
        throw invalidRequest(`Invalid off_session: must be a boolean, one_off or recurring`, 'off_session');
      }
      offSession = offSession !== 'false';
      if (!confirm) throw invalidRequest('You may only specify `off_session` when `confirm=true`.', 'off_session');
    } else {
      offSession = false;
    }
    const captureMethod = oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async';
    const futureUsage = oneOf(params, 'setup_future_usage', ['on_session', 'off_session']);
    const methodTypes = list(params, 'payment_method_types');
    for (const [index, type] of (methodTypes ?? []).entries()) {
      if (type !== 'card') throw invalidRequest(`The fake Stripe takes cards only, not ${type}.`, `payment_method_types[${index}]`);
    }
    const meta = metadata(params);
    const description = string(params, 'description', { max: 1000 });
    const methodId = string(params, 'payment_method');
    if (confirm && !methodId) {
      throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method. To confirm the PaymentIntent with a customer, you must provide a payment_method.', 'payment_method', 'payment_intent_unexpected_state');
    }
    let method = null;
    if (methodId) {
      method = this.methodFor(methodId, 'payment_method');
      if (method.customer && !customerId) {
        throw invalidRequest(`The provided PaymentMethod is attached to a Customer. To use it, pass customer=${method.customer}.`, 'payment_method');
      }
      if (method.customer && customerId && method.customer !== customerId) {
        throw invalidRequest('The provided PaymentMethod belongs to a different Customer.', 'payment_method');
      }
      if (!method.customer && this.spent.has(method.id)) {
        throw invalidRequest('The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.', 'payment_method');
      }
    }
    // From here on the request is executing: its answer is saved for idempotent retries.
    const intent = this.newPaymentIntent({
      amount, currency: code, customer: customerId, captureMethod, metadata: meta, description, setupFutureUsage: futureUsage, methodTypes,
    });
    if (method) {
      intent.payment_method = method.id;
      intent.status = 'requires_confirmation';
    }
    if (confirm) {
      const outcome = this.confirm(intent, method, { offSession, authenticated: false });
      if (outcome.error) throw outcome.error;
    }
    return intent;
  }

  /**
   * Confirms a PaymentIntent with a card: a charge that succeeds (held when capture is manual),
   * a decline (402 card_error, the intent back to requires_payment_method), or authentication
   * (off-session: 402 authentication_required; on-session through the API: requires_action;
   * on the Checkout page the payer authenticates and it goes on).
   */
  confirm(intent, method, { offSession, authenticated }) {
    const behaviour = this.behaviours.get(method.id) ?? { charge: null, authentication: false };
    intent.payment_method = method.id;
    if (behaviour.authentication && !authenticated) {
      if (offSession) return { error: this.failIntent(intent, method, AUTHENTICATION_REQUIRED, { charge: false }) };
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${this.baseUrl()}/authenticate/${intent.id}` } };
      this.emit('payment_intent.requires_action', intent);
      return {};
    }
    if (behaviour.charge) return { error: this.failIntent(intent, method, behaviour.charge, { charge: true }) };
    const charge = this.newCharge(intent, method, { status: 'succeeded' });
    intent.latest_charge = charge.id;
    if (intent.setup_future_usage && intent.customer && !method.customer) this.attach(method, intent.customer);
    else if (!method.customer) this.spent.add(method.id);
    intent.last_payment_error = null;
    intent.next_action = null;
    if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      this.emit('payment_intent.amount_capturable_updated', intent);
    } else {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      this.emit('payment_intent.succeeded', intent);
    }
    return {};
  }

  failIntent(intent, method, refusal, { charge: withCharge }) {
    let chargeId = null;
    if (withCharge) {
      const charge = this.newCharge(intent, method, { status: 'failed', refusal });
      intent.latest_charge = charge.id;
      chargeId = charge.id;
    }
    const { param, ...words } = refusal;
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      ...words,
      ...(param ? { param } : {}),
      ...(chargeId ? { charge: chargeId } : {}),
      doc_url: `https://stripe.com/docs/error-codes/${words.code.replace(/_/g, '-')}`,
      payment_method: clone(method),
    };
    this.emit('payment_intent.payment_failed', intent);
    return new StripeError(402, {
      type: 'card_error',
      ...words,
      ...(param ? { param } : {}),
      ...(chargeId ? { charge: chargeId } : {}),
      payment_intent: clone(intent),
      payment_method: clone(method),
    }, { saved: true });
  }

  newCharge(intent, method, { status, refusal = null }) {
    const captured = status === 'succeeded' && intent.capture_method !== 'manual';
    const created = this.now();
    const card = method.card;
    return this.put({
      id: newId('ch_3'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: captured ? intent.amount : 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: captured ? newId('txn_3') : null,
      billing_details: clone(method.billing_details),
      calculated_statement_descriptor: 'MOLAR TEST',
      captured,
      created,
      currency: intent.currency,
      customer: intent.customer,
      description: intent.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: refusal ? refusal.code : null,
      failure_message: refusal ? refusal.message : null,
      fraud_details: {},
      livemode: false,
      metadata: clone(intent.metadata),
      on_behalf_of: null,
      outcome: refusal
        ? { network_status: 'declined_by_network', reason: refusal.decline_code ?? refusal.code, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
        : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
      paid: status === 'succeeded',
      payment_intent: intent.id,
      payment_method: method.id,
      payment_method_details: {
        card: {
          amount_authorized: status === 'succeeded' ? intent.amount : null,
          brand: card.brand,
          capture_before: status === 'succeeded' && !captured ? created + HOLD_SECONDS : undefined,
          checks: clone(card.checks),
          country: card.country,
          exp_month: card.exp_month,
          exp_year: card.exp_year,
          fingerprint: card.fingerprint,
          funding: card.funding,
          last4: card.last4,
          network: card.brand,
          three_d_secure: null,
          wallet: null,
        },
        type: 'card',
      },
      receipt_email: null,
      receipt_url: null,
      refunded: false,
      review: null,
      shipping: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status,
      transfer_data: null,
      transfer_group: null,
    });
  }

  capturePaymentIntent(id, params) {
    const intent = this.get('payment_intent', id);
    const amount = integer(params, 'amount_to_capture', { min: 1 });
    if (intent.status !== 'requires_capture') {
      throw unexpectedState(`This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, { payment_intent: clone(intent) });
    }
    const toCapture = amount ?? intent.amount_capturable;
    if (toCapture > intent.amount_capturable) {
      throw invalidRequest(`The amount to capture (${toCapture}) is greater than the amount capturable (${intent.amount_capturable}).`, 'amount_to_capture', 'amount_too_large');
    }
    const meta = params.metadata !== undefined ? metadata(params, 'metadata', 'metadata', intent.metadata) : intent.metadata;
    const charge = this.find(intent.latest_charge);
    charge.captured = true;
    charge.amount_captured = toCapture;
    charge.balance_transaction = newId('txn_3');
    delete charge.payment_method_details.card.capture_before;
    intent.metadata = meta;
    intent.amount_received = toCapture;
    intent.amount_capturable = 0;
    intent.status = 'succeeded';
    this.emit('payment_intent.succeeded', intent);
    return intent;
  }

  cancelPaymentIntent(id, params, { reason } = {}) {
    const intent = this.get('payment_intent', id);
    const why = reason ?? oneOf(params, 'cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']);
    const cancellable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
    const sessionId = this.intentSessions.get(intent.id);
    if (!reason && sessionId && this.find(sessionId)?.status === 'open' && intent.status !== 'requires_capture') {
      throw unexpectedState('You can only cancel a PaymentIntent created by a Checkout Session when its status is requires_capture. Expire the Checkout Session instead.', { payment_intent: clone(intent) });
    }
    if (!cancellable.includes(intent.status)) {
      throw unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(', ')}.`, { payment_intent: clone(intent) });
    }
    intent.status = 'canceled';
    intent.canceled_at = this.now();
    intent.cancellation_reason = why ?? null;
    intent.amount_capturable = 0;
    intent.next_action = null;
    this.emit('payment_intent.canceled', intent);
    return intent;
  }

  /** An uncaptured hold lapses (Stripe cancels it after 7 days): canceled, reason automatic. */
  expireHold(id) {
    const intent = this.get('payment_intent', id, 'payment_intent');
    if (intent.status !== 'requires_capture') throw invalidRequest(`Only a held PaymentIntent expires; this one is ${intent.status}.`, 'payment_intent');
    return this.cancelPaymentIntent(id, {}, { reason: 'automatic' });
  }

  /** `metadata['key']:'value'`, `status:'…'`, `customer:'…'`, `currency:'…'`, joined by AND or by OR. */
  searchPaymentIntents(params) {
    const query = string(params, 'query', { required: true, max: 10000 });
    const limit = integer(params, 'limit', { min: 1, max: 100 }) ?? 10;
    const clauses = [];
    const pattern = /\s*(metadata\[(['"])(.*?)\2\]|status|customer|currency|amount)\s*:\s*(['"])(.*?)\4\s*/y;
    let position = 0;
    let joiner = null;
    for (;;) {
      pattern.lastIndex = position;
      const match = pattern.exec(query);
      if (!match) throw invalidRequest(`Invalid query: ${query}`, 'query');
      clauses.push(match[3] !== undefined ? { metadata: match[3], value: match[5] } : { field: match[1], value: match[5] });
      position = pattern.lastIndex;
      if (position >= query.length) break;
      const join = /(AND|OR)\s+/y;
      join.lastIndex = position;
      const word = join.exec(query);
      if (!word) throw invalidRequest(`Invalid query: ${query}`, 'query');
      if (joiner && joiner !== word[1]) throw invalidRequest('A query cannot mix AND and OR.', 'query');
      joiner = word[1];
      position = join.lastIndex;
    }
    const holds = (intent, clause) => (clause.metadata !== undefined
      ? intent.metadata[clause.metadata] === clause.value
      : String(intent[clause.field]) === clause.value);
    const searchable = Date.now() - this.searchLagMs;
    const matches = this.all('payment_intent')
      .filter((intent) => this.madeAt.get(intent.id) <= searchable)
      .filter((intent) => (joiner === 'OR' ? clauses.some((c) => holds(intent, c)) : clauses.every((c) => holds(intent, c))))
      .reverse();
    return {
      object: 'search_result',
      data: matches.slice(0, limit),
      has_more: matches.length > limit,
      next_page: null,
      url: '/v1/payment_intents/search',
    };
  }

  // ---------------------------------------------------------------- refunds

  createRefund(params) {
    const intentId = string(params, 'payment_intent');
    const chargeId = string(params, 'charge');
    if (!intentId && !chargeId) throw parameterMissing('payment_intent');
    let charge;
    let intent = null;
    if (intentId) {
      intent = this.get('payment_intent', intentId, 'payment_intent');
      charge = intent.latest_charge ? this.find(intent.latest_charge) : null;
      if (!charge || intent.status !== 'succeeded') {
        throw invalidRequest(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, 'payment_intent');
      }
      if (chargeId && chargeId !== charge.id) throw invalidRequest('The charge is not the PaymentIntent\'s.', 'charge');
    } else {
      charge = this.get('charge', chargeId, 'charge');
      intent = charge.payment_intent ? this.find(charge.payment_intent) : null;
    }
    const amount = integer(params, 'amount', { min: 1 });
    const reason = oneOf(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']);
    const meta = metadata(params);
    if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured; cancel its PaymentIntent instead.`, 'charge', 'charge_not_refundable');
    if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, undefined, 'charge_disputed');
    const left = charge.amount_captured - charge.amount_refunded;
    if (left === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const refundAmount = amount ?? left;
    if (refundAmount > left) {
      throw invalidRequest(`Refund amount (${refundAmount}) is greater than unrefunded amount on charge (${left})`, 'amount', 'amount_too_large');
    }
    const refund = this.put({
      id: newId('re_3'),
      object: 'refund',
      amount: refundAmount,
      balance_transaction: newId('txn_3'),
      charge: charge.id,
      created: this.now(),
      currency: charge.currency,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: meta,
      payment_intent: intent?.id ?? null,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    });
    charge.amount_refunded += refundAmount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    // Since 2022-11-15 the Charge in charge.refunded has no `refunds`; refund.created (sent for
    // every refund since 2024-10-28) carries the Refund itself.
    this.emit('charge.refunded', charge);
    this.emit('refund.created', refund);
    return refund;
  }

  listRefunds(params) {
    const chargeId = string(params, 'charge');
    const intentId = string(params, 'payment_intent');
    const limit = integer(params, 'limit', { min: 1, max: 100 }) ?? 10;
    const refunds = this.all('refund')
      .filter((refund) => (!chargeId || refund.charge === chargeId) && (!intentId || refund.payment_intent === intentId))
      .reverse();
    return { object: 'list', data: refunds.slice(0, limit), has_more: refunds.length > limit, url: '/v1/refunds' };
  }

  refundsOf(charge) {
    const data = this.all('refund').filter((refund) => refund.charge === charge.id).reverse();
    return { object: 'list', data, has_more: false, total_count: data.length, url: `/v1/charges/${charge.id}/refunds` };
  }

  // ---------------------------------------------------------------- disputes

  openDispute({ payment_intent: intentId, charge: chargeId, due_by: dueBy, reason, amount }) {
    let charge;
    if (intentId) {
      const intent = this.get('payment_intent', intentId, 'payment_intent');
      charge = intent.latest_charge ? this.find(intent.latest_charge) : null;
    } else if (chargeId) {
      charge = this.get('charge', chargeId, 'charge');
    } else {
      throw parameterMissing('payment_intent');
    }
    if (!charge || !charge.captured) throw invalidRequest('Only a captured charge can be disputed.', 'payment_intent');
    if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, 'payment_intent');
    const created = this.now();
    const disputed = amount === undefined ? charge.amount_captured - charge.amount_refunded : Number(amount);
    if (!Number.isSafeInteger(disputed) || disputed < 1) throw invalidRequest('Invalid amount', 'amount');
    charge.disputed = true;
    const dispute = this.put({
      id: newId('dp_1'),
      object: 'dispute',
      amount: disputed,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: {
        access_activity_log: null, billing_address: null, cancellation_policy: null, customer_communication: null,
        customer_email_address: null, customer_name: null, product_description: null, receipt: null, refund_policy: null,
        service_date: null, service_documentation: null, uncategorized_text: null,
      },
      evidence_details: {
        due_by: dueBy === undefined ? created + 7 * 24 * 60 * 60 : Number(dueBy),
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge.payment_intent,
      payment_method_details: { card: { brand: charge.payment_method_details.card.brand, case_type: 'chargeback', network_reason_code: '10.4' }, type: 'card' },
      reason: reason ?? 'fraudulent',
      status: 'needs_response',
    });
    this.emit('charge.dispute.created', dispute);
    return dispute;
  }

  closeDispute(id, status) {
    const dispute = this.get('dispute', id);
    if (!['won', 'lost'].includes(status)) throw invalidRequest('status must be won or lost', 'status');
    if (['won', 'lost'].includes(dispute.status)) throw invalidRequest(`This dispute is already ${dispute.status}.`, 'status');
    dispute.status = status;
    dispute.evidence_details.has_evidence = status === 'won';
    this.emit('charge.dispute.closed', dispute);
    return dispute;
  }

  // ---------------------------------------------------------------- expansion

  /** `expand[]` of a retrieved object: ids turned into their objects, dotted paths going deeper. */
  expand(object, paths) {
    const result = clone(object);
    for (const path of paths ?? []) this.expandPath(result, String(path).split('.'), path);
    return result;
  }

  expandPath(object, [field, ...rest], whole) {
    // Saved for idempotent retries: a POST has already been carried out when its answer is expanded.
    const refuse = () => {
      const error = invalidRequest(`This property cannot be expanded (${whole}).`, 'expand');
      error.saved = true;
      return error;
    };
    if (!object || typeof object !== 'object') throw refuse();
    // Lists that objects carry only when expanded.
    if (object.object === 'charge' && field === 'refunds' && !rest.length) {
      object.refunds = this.refundsOf(object);
      return;
    }
    if (object.object === 'checkout.session' && field === 'line_items' && !rest.length) {
      object.line_items = this.lineItemsOf(object);
      return;
    }
    if (!(field in object)) throw refuse();
    let value = object[field];
    if (typeof value === 'string') {
      const found = this.find(value);
      if (!found) throw refuse();
      value = clone(found);
      object[field] = value;
    }
    if (rest.length && value !== null) this.expandPath(value, rest, whole);
  }

  lineItemsOf(session) {
    const data = this.sessionItems(session.id).map((item, index) => ({
      id: `li_${session.id.slice(-20)}${index}`,
      object: 'item',
      amount_discount: 0,
      amount_subtotal: item.unit_amount * item.quantity,
      amount_tax: 0,
      amount_total: item.unit_amount * item.quantity,
      currency: item.currency,
      description: item.description,
      price: { object: 'price', currency: item.currency, type: 'one_time', unit_amount: item.unit_amount },
      quantity: item.quantity,
    }));
    return { object: 'list', data, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` };
  }
}
