// The fake Razorpay Checkout: /v1/checkout.js defines window.Razorpay, whose open() takes
// the payer to the fake's checkout page (UPI, Netbanking, Wallet or Card, and a Pay
// button); paying POSTs razorpay_payment_id, razorpay_order_id and razorpay_signature
// (hex HMAC-SHA256 of "order_id|payment_id" with the key secret) to the merchant's
// callback_url, as Checkout does with redirect: true. A declined payment POSTs Razorpay's
// error[...] fields instead.
import crypto from 'node:crypto';

export function checkoutSignature(orderId, paymentId, keySecret) {
  return crypto.createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex');
}

// What the browser runs. It knows the fake's address from its own <script src>.
export const CHECKOUT_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var FIELDS = ['key', 'order_id', 'amount', 'currency', 'name', 'description', 'callback_url'];
  function Razorpay(options) {
    if (!(this instanceof Razorpay)) return new Razorpay(options);
    if (!options || !options.key) throw new Error('Razorpay: the option key is required');
    this.options = options;
    this.listeners = {};
  }
  Razorpay.prototype.on = function (name, listener) { this.listeners[name] = listener; return this; };
  Razorpay.prototype.close = function () {};
  Razorpay.prototype.open = function () {
    var options = this.options;
    var query = new URLSearchParams();
    FIELDS.forEach(function (field) {
      if (options[field] !== undefined && options[field] !== null) query.set(field, String(options[field]));
    });
    if (options.notes) query.set('notes', JSON.stringify(options.notes));
    query.set('redirect', options.redirect ? 'true' : 'false');
    query.set('back', window.location.href);
    window.location.assign(origin + '/checkout/open?' + query.toString());
    return this;
  };
  window.Razorpay = Razorpay;
})();
`;

const THREE_DIGITS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const NO_DIGITS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV',
  'XAF', 'XOF', 'XPF'];

export function formatAmount(minor, currency) {
  const digits = NO_DIGITS.includes(currency) ? 0 : THREE_DIGITS.includes(currency) ? 3 : 2;
  const text = String(minor).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return digits ? `${whole}.${text.slice(text.length - digits)}` : whole;
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main>
${body}
</main></body></html>
`;
}

export function errorPage(message) {
  return page('Razorpay Checkout (fake): error',
    `<h1>Checkout cannot open</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}

/** The page where the payer picks a method and pays an order. */
export function checkoutPage({ order, options }) {
  const methods = [['upi', 'UPI'], ['netbanking', 'Netbanking'], ['wallet', 'Wallet'], ['card', 'Card']];
  const choices = methods.map(([value, label], i) =>
    `    <label><input type="radio" name="method" value="${value}"${i === 0 ? ' checked' : ''}> ${label}</label>`)
    .join('\n');
  const hidden = ['order_id', 'callback_url', 'back'].map((name) =>
    `  <input type="hidden" name="${name}" value="${escapeHtml(options[name])}">`).join('\n');
  const merchant = options.name || 'the merchant';
  return page(`Pay ${merchant} – Razorpay Checkout (fake)`, `<h1>Pay ${escapeHtml(merchant)}</h1>
<p>${escapeHtml(options.description || '')}</p>
<p>Amount: <strong>${escapeHtml(order.currency)} ${escapeHtml(formatAmount(order.amount_due, order.currency))}</strong></p>
<form method="post" action="/checkout/pay">
${hidden}
  <fieldset>
    <legend>Payment method</legend>
${choices}
  </fieldset>
  <fieldset>
    <legend>What the bank does (test mode)</legend>
    <label><input type="radio" name="outcome" value="success" checked> Approve the payment</label>
    <label><input type="radio" name="outcome" value="failure"> Decline the payment</label>
  </fieldset>
  <button type="submit">Pay</button>
</form>
${options.back ? `<p><a href="${escapeHtml(options.back)}">Cancel and go back</a></p>` : ''}`);
}

/** The page that POSTs Checkout's answer to the merchant's callback_url. */
export function callbackPage(callbackUrl, fields) {
  const inputs = Object.entries(fields).map(([name, value]) =>
    `  <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n');
  return page('Returning to the merchant – Razorpay Checkout (fake)', `<h1>Returning to the merchant</h1>
<form method="post" action="${escapeHtml(callbackUrl)}" id="callback">
${inputs}
  <button type="submit">Return to the merchant</button>
</form>
<script>document.getElementById('callback').submit();</script>`);
}
