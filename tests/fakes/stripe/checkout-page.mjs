// The fake's hosted Checkout page: a real HTML form (labelled card number, expiry and CVC, a
// "Pay" or "Save card" button) that a browser test fills in like a payer would.
import { formatAmount } from './params.mjs';

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
.test{display:inline-block;background:#ffde92;color:#663c00;font-size:.75rem;font-weight:600;padding:.1rem .4rem;border-radius:4px}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.5rem;font-size:1rem;margin-top:.25rem}
.row{display:flex;gap:1rem}.row>div{flex:1}
button{margin-top:1.5rem;width:100%;padding:.75rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:6px}
.error{color:#df1b41;font-weight:600}
ul{padding-left:1.2rem}
`;

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page of an open session, with the refusal of the previous try (`error.message`) if any. */
export function checkoutPage(session, items, error = null) {
  const paying = session.mode === 'payment';
  const title = paying ? `Pay ${formatAmount(session.amount_total, session.currency)}` : 'Save a card';
  const summary = paying
    ? `<ul>${items.map((item) => `<li>${escape(item.description)} × ${item.quantity}: ${escape(formatAmount(item.unit_amount * item.quantity, item.currency))}</li>`).join('')}</ul>
<p>Total: <strong>${escape(formatAmount(session.amount_total, session.currency))}</strong></p>`
    : '<p>Your card will be saved for future payments to this merchant.</p>';
  const errorBlock = error ? `<p class="error" role="alert" id="card-error">${escape(error.message)}</p>` : '';
  const described = error ? ' aria-describedby="card-error" aria-invalid="true"' : '';
  const back = session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Back to the merchant</a></p>` : '';
  return page(`${title} – Molar test merchant`, `<p class="test">TEST MODE</p>
<h1>${escape(title)}</h1>
<p>Molar test merchant</p>
${summary}
<form method="post" action="/checkout/${escape(session.id)}">
<h2>Card details</h2>
${errorBlock}
<label for="cardnumber">Card number</label>
<input id="cardnumber" name="cardnumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required${described}>
<div class="row">
<div><label for="expiry">Expiry (MM / YY)</label>
<input id="expiry" name="expiry" autocomplete="cc-exp" placeholder="MM / YY" required></div>
<div><label for="cvc">CVC</label>
<input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" required></div>
</div>
<label for="cardholder">Name on card</label>
<input id="cardholder" name="name" autocomplete="cc-name">
<button type="submit">${paying ? 'Pay' : 'Save card'}</button>
</form>
${back}`);
}

/** A session that is complete or expired, or a page for a session the fake does not know. */
export function closedPage(session) {
  if (!session) return page('Checkout – not found', '<h1>Something went wrong</h1><p>This Checkout Session does not exist.</p>');
  if (session.status === 'complete') {
    const link = session.success_url
      ? `<p><a href="${escape(session.success_url.split('{CHECKOUT_SESSION_ID}').join(session.id))}">Return to the merchant</a></p>` : '';
    return page('Checkout – complete', `<h1>${session.mode === 'payment' ? 'Thanks for your payment' : 'Your card is saved'}</h1>${link}`);
  }
  const back = session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Back to the merchant</a></p>` : '';
  return page('Checkout – expired', `<h1>This Checkout Session is no longer active</h1>${back}`);
}
