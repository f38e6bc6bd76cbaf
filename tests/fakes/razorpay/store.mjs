// The fake Razorpay's state: orders, payments and refunds as Razorpay's API shows them
// (entity names, fields, statuses), ids made the way Razorpay makes them (prefix + 14
// letters and digits), and the rules that move money (capture the authorized amount
// once, refunds never beyond what was captured).
import crypto from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newId(prefix) {
  const bytes = crypto.randomBytes(14);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}_${id}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An error the API answers with Razorpay's error object. */
export class RazorpayError extends Error {
  constructor(status, description, { code = 'BAD_REQUEST_ERROR', field, source = 'NA', step = 'NA',
    reason = 'NA', metadata = {} } = {}) {
    super(description);
    this.status = status;
    this.body = { error: { code, description, source, step, reason, metadata } };
    if (field) this.body.error.field = field;
  }
}

export const badRequest = (description, options) => new RazorpayError(400, description, options);

// The method details a payment of each Checkout choice carries.
const METHOD_DETAILS = {
  upi: { vpa: 'success@razorpay' },
  netbanking: { bank: 'HDFC' },
  wallet: { wallet: 'paytm' },
  card: { card_id: null },
};
export const METHODS = Object.keys(METHOD_DETAILS);

export class Store {
  constructor() {
    this.orders = new Map();
    this.payments = new Map();
    this.refunds = new Map();
  }

  order(id) {
    const order = this.orders.get(id);
    if (!order) throw badRequest('The id provided does not exist', { reason: 'input_validation_failed' });
    return order;
  }

  payment(id) {
    const payment = this.payments.get(id);
    if (!payment) throw badRequest('The id provided does not exist', { reason: 'input_validation_failed' });
    return payment;
  }

  refund(id) {
    const refund = this.refunds.get(id);
    if (!refund) throw badRequest('The id provided does not exist', { reason: 'input_validation_failed' });
    return refund;
  }

  createOrder({ amount, currency, receipt = null, notes = {}, partial_payment = false }) {
    const order = {
      id: newId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency,
      receipt,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: Array.isArray(notes) ? [] : notes,
      partial_payment,
      created_at: nowSeconds(),
    };
    this.orders.set(order.id, order);
    return order;
  }

  paymentsOf(orderId) {
    return [...this.payments.values()].filter((p) => p.order_id === orderId);
  }

  /**
   * The payer pays an order in Checkout with a method; `outcome` 'failure' makes the bank
   * decline it. The payment is authorized (not captured) unless `capture` is true.
   */
  pay(orderId, method, outcome = 'success') {
    const order = this.order(orderId);
    if (!METHODS.includes(method)) {
      throw badRequest(`method must be one of ${METHODS.join(', ')}`, { field: 'method' });
    }
    if (order.status === 'paid') throw badRequest('Order has already been paid', { field: 'order_id' });
    order.attempts += 1;
    if (order.status === 'created') order.status = 'attempted';
    const failed = outcome === 'failure';
    const payment = {
      id: newId('pay'),
      entity: 'payment',
      amount: order.amount_due,
      currency: order.currency,
      status: failed ? 'failed' : 'authorized',
      order_id: order.id,
      invoice_id: null,
      international: false,
      method,
      amount_refunded: 0,
      refund_status: null,
      captured: false,
      description: null,
      card_id: null,
      bank: null,
      wallet: null,
      vpa: null,
      ...METHOD_DETAILS[method],
      email: 'payer@clinic.example',
      contact: '+919900000000',
      notes: order.notes,
      fee: null,
      tax: null,
      error_code: failed ? 'BAD_REQUEST_ERROR' : null,
      error_description: failed ? 'Payment failed because the bank declined it.' : null,
      error_source: failed ? 'bank' : null,
      error_step: failed ? 'payment_authorization' : null,
      error_reason: failed ? 'payment_failed' : null,
      acquirer_data: {},
      created_at: nowSeconds(),
    };
    if (method === 'card') payment.card_id = newId('card');
    this.payments.set(payment.id, payment);
    return payment;
  }

  /** Captures an authorized payment; Razorpay wants exactly the authorized amount. */
  capture(paymentId, { amount, currency }) {
    const payment = this.payment(paymentId);
    if (!Number.isInteger(amount)) {
      throw badRequest('The amount must be an integer.', { field: 'amount', reason: 'input_validation_failed' });
    }
    if (payment.status === 'captured' || payment.status === 'refunded') {
      throw badRequest('This payment has already been captured', { reason: 'input_validation_failed' });
    }
    if (payment.status !== 'authorized') {
      throw badRequest('Only payments which have been authorized and not yet captured can be captured',
        { reason: 'input_validation_failed' });
    }
    if (currency !== undefined && currency !== payment.currency) {
      throw badRequest('Currency should be same as that of the payment', { field: 'currency' });
    }
    if (amount !== payment.amount) {
      throw badRequest('Capture amount must be equal to the amount authorized', { field: 'amount' });
    }
    payment.status = 'captured';
    payment.captured = true;
    payment.fee = Math.round(payment.amount * 2 / 100);
    payment.tax = 0;
    const order = this.orders.get(payment.order_id);
    let paid = false;
    if (order) {
      order.amount_paid += payment.amount;
      order.amount_due = Math.max(0, order.amount - order.amount_paid);
      if (order.amount_due === 0) {
        order.status = 'paid';
        paid = true;
      }
    }
    return { payment, order, paid };
  }

  /** Refunds part or all of a captured payment; never more than is left of it. */
  createRefund(paymentId, { amount, speed = 'normal', receipt = null, notes = {} }) {
    const payment = this.payment(paymentId);
    if (!payment.captured) {
      throw badRequest('The payment has not been captured. Only captured payments can be refunded',
        { reason: 'input_validation_failed' });
    }
    const left = payment.amount - payment.amount_refunded;
    const value = amount === undefined ? left : amount;
    if (!Number.isInteger(value) || value < 100) {
      throw badRequest('The amount must be atleast INR 1.00.', { field: 'amount', reason: 'input_validation_failed' });
    }
    if (value > left) {
      throw badRequest('The refund amount provided is greater than amount captured.',
        { field: 'amount', reason: 'input_validation_failed' });
    }
    if (!['normal', 'optimum'].includes(speed)) {
      throw badRequest('The selected speed is invalid.', { field: 'speed' });
    }
    const refund = {
      id: newId('rfnd'),
      entity: 'refund',
      amount: value,
      currency: payment.currency,
      payment_id: payment.id,
      notes: Array.isArray(notes) ? [] : notes,
      receipt,
      acquirer_data: { arn: null },
      created_at: nowSeconds(),
      batch_id: null,
      status: 'processed',
      speed_processed: 'normal',
      speed_requested: speed,
    };
    this.refunds.set(refund.id, refund);
    payment.amount_refunded += value;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    return refund;
  }

  refundsOf(paymentId) {
    return [...this.refunds.values()].filter((r) => r.payment_id === paymentId);
  }
}
