// Stripe's test cards and test PaymentMethods, and what each does when saved or charged.
// https://docs.stripe.com/testing lists them; the outcomes here follow that page, except
// 4000002500003155, which (per this project's contract) also fails off-session charges after
// being saved, as 4000002760003184 does.
import { createHash } from 'node:crypto';

const declined = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };

// charge: what a payment does; setup: what saving does; offSession: what an off-session payment does.
const CARDS = {
  '4242424242424242': { brand: 'visa', funding: 'credit' },
  '4000056655665556': { brand: 'visa', funding: 'debit' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit' },
  '2223003122003222': { brand: 'mastercard', funding: 'credit' },
  '5200828282828210': { brand: 'mastercard', funding: 'debit' },
  '378282246310005': { brand: 'amex', funding: 'credit' },
  '6011111111111117': { brand: 'discover', funding: 'credit' },
  '4000000000000002': { brand: 'visa', funding: 'credit', charge: declined, setup: declined },
  '4000000000009995': {
    brand: 'visa', funding: 'credit',
    charge: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  '4000000000009987': {
    brand: 'visa', funding: 'credit',
    charge: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
    setup: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  },
  '4000000000000069': {
    brand: 'visa', funding: 'credit',
    charge: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
    setup: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  },
  '4000000000000127': {
    brand: 'visa', funding: 'credit',
    charge: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
    setup: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  },
  '4000000000000119': {
    brand: 'visa', funding: 'credit',
    charge: { code: 'processing_error', decline_code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
  },
  // Saved fine; every charge declined.
  '4000000000000341': { brand: 'visa', funding: 'credit', charge: declined },
  // Authentication: on-session the payer authenticates (the fake's page passes it); off-session fails.
  '4000002500003155': { brand: 'visa', funding: 'credit', authentication: true },
  '4000002760003184': { brand: 'visa', funding: 'credit', authentication: true },
};

// Stripe's test PaymentMethod ids, each standing for one of the cards above.
const TEST_METHODS = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
};

export const AUTHENTICATION_REQUIRED = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

export function isTestMethodId(id) {
  return Object.hasOwn(TEST_METHODS, id);
}

export function testMethodNumber(id) {
  return TEST_METHODS[id];
}

function luhnValid(number) {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i -= 1) {
    let digit = Number(number[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * The card a payer typed (number, expiry "MM / YY", CVC): { card } with its behaviour, or
 * { error } with Stripe's words and code for what is wrong with it.
 */
export function readCard({ number, expiry, cvc }, now = new Date()) {
  const digits = String(number ?? '').replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
    return { error: { code: 'incorrect_number', message: 'Your card number is invalid.', param: 'number' } };
  }
  const known = CARDS[digits];
  if (!known) {
    return {
      error: {
        code: 'card_declined', decline_code: 'test_mode_live_card',
        message: 'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
      },
    };
  }
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(String(expiry ?? ''));
  if (!match) return { error: { code: 'incomplete_expiry', message: "Your card's expiration date is incomplete.", param: 'exp_month' } };
  const month = Number(match[1]);
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return { error: { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", param: 'exp_month' } };
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (year < thisYear) return { error: { code: 'invalid_expiry_year_past', message: "Your card's expiration year is in the past.", param: 'exp_year' } };
  if (year === thisYear && month < thisMonth) return { error: { code: 'invalid_expiry_month_past', message: "Your card's expiration date is in the past.", param: 'exp_month' } };
  if (year > thisYear + 50) return { error: { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid.", param: 'exp_year' } };
  const cvcLength = known.brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(String(cvc ?? '').trim())) {
    return { error: { code: 'incomplete_cvc', message: "Your card's security code is incomplete.", param: 'cvc' } };
  }
  return { card: describe(digits, month, year) };
}

/** The card behind a test PaymentMethod id (pm_card_visa, ...), expiring a year from now. */
export function testMethodCard(id, now = new Date()) {
  const digits = TEST_METHODS[id];
  return describe(digits, now.getUTCMonth() + 1, now.getUTCFullYear() + 1);
}

// What the fake keeps of a card: never the number, only what Stripe shows and its behaviour.
function describe(digits, month, year) {
  const known = CARDS[digits];
  return {
    details: {
      brand: known.brand,
      display_brand: known.brand,
      last4: digits.slice(-4),
      exp_month: month,
      exp_year: year,
      funding: known.funding,
      country: 'US',
      fingerprint: createHash('sha256').update(`molar-fake:${digits}`).digest('base64url').slice(0, 16),
    },
    behaviour: {
      charge: known.charge ?? null,
      setup: known.setup ?? null,
      authentication: Boolean(known.authentication),
    },
  };
}
