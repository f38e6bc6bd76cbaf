// What the credits journeys share: molard on the demo data with cases, billing, the fake
// Stripe, bank transfers and the credits plugin; paying on the fake Stripe Checkout page; and
// sending a case through the wizard as a clinic does, whatever steps its product has.
import assert from 'node:assert/strict';
import { submitWith } from './browser.mjs';
import { pathOf, CASE_NUMBER } from './cases.mjs';
import { startPaymentsMolard, reachStripeCheckout } from './payments.mjs';

export const IBAN = 'QA58 DOHB 0000 1234 5678 90AB CDEF G';
export const BANK_SETTINGS = {
  'pay-bank.accountName': 'Molar Demo Lab W.L.L.', 'pay-bank.bankName': 'Doha Bank',
  'pay-bank.iban': IBAN, 'pay-bank.bic': 'DOHBQAQA',
};

/** molard with cases, billing, pay-stripe (at the fake Stripe), pay-bank and credits. */
export function startCreditsMolard(settings = {}) {
  return startPaymentsMolard({ stripe: true, settings: { ...BANK_SETTINGS, ...settings }, plugins: ['pay-bank', 'credits'] });
}

/** Fills the fake Stripe Checkout page's card fields by their labels and presses its button. */
export async function payOnCheckout(page, fake, { card, expiry = '12 / 34', cvc = '123', button }) {
  await reachStripeCheckout(page, fake);
  await page.getByLabel('Card number', { exact: true }).fill(card);
  await page.getByLabel(/^Expiry/).fill(expiry);
  await page.getByLabel('CVC', { exact: true }).fill(cvc);
  await submitWith(page, page.getByRole('button', { name: button, exact: true }));
}

const saveAndContinue = (page) =>
  submitWith(page, page.getByRole('button', { name: 'Save and continue', exact: true }));

/**
 * Sends a case from /cases/new to submitted, answering each step the product's wizard shows:
 * the clinic and patient, the product, both arches (or the first tooth's crown), the first
 * shade, the first option of every required choice, no files, both confirmations.
 * Returns { path, number } of the submitted case, on whose page the browser is left.
 */
export async function sendCase(page, baseUrl, { clinic, patientRef, product }) {
  await page.goto(`${baseUrl}/cases/new`);
  const main = page.getByRole('main');
  const clinicField = page.getByLabel('Clinic', { exact: true });
  if (await clinicField.count() > 0) await clinicField.selectOption({ label: clinic });
  await page.getByLabel('Patient reference', { exact: true }).fill(patientRef);
  await saveAndContinue(page);
  for (let steps = 0; steps < 10; steps += 1) {
    const step = /\/edit\/(\w+)$/.exec(pathOf(page))?.[1];
    assert.ok(step, `a step of the wizard is open: ${pathOf(page)}`);
    if (step === 'product') {
      await main.getByRole('radio', { name: product, exact: true }).check();
    } else if (step === 'teeth') {
      const arches = main.getByRole('radio', { name: 'Both arches', exact: true });
      if (await arches.count() > 0) await arches.check();
    } else if (step === 'shade') {
      const shade = page.getByLabel('Shade', { exact: true });
      await shade.selectOption({ index: 1 });
    } else if (step === 'fields') {
      for (const group of await main.getByRole('group').all()) {
        const radios = group.getByRole('radio');
        if (await radios.count() > 0) await radios.first().check();
      }
    } else if (step === 'files') {
      await submitWith(page, page.getByRole('link', { name: 'Continue', exact: true }));
      continue;
    } else if (step === 'confirm') {
      await page.getByLabel('I confirm that I have filled out the form completely and truthfully.').check();
      await page.getByLabel(/I confirm that I have read and accepted the privacy policy/).check();
      await submitWith(page, page.getByRole('button', { name: 'Create the draft', exact: true }));
      break;
    }
    await saveAndContinue(page);
  }
  const draftPath = pathOf(page);
  assert.match(draftPath, /^\/cases\/\d+$/, 'the draft is created');
  await submitWith(page, page.getByRole('link', { name: 'Submit the case', exact: true }));
  await submitWith(page, page.getByRole('button', { name: 'Yes, submit the case', exact: true }));
  assert.equal(pathOf(page), draftPath, 'the case page opens');
  const banner = (await page.getByRole('status').filter({ hasText: 'submitted' }).textContent()).trim();
  assert.match(banner, CASE_NUMBER, `the case is submitted: ${banner}`);
  return { path: draftPath, number: banner.match(CASE_NUMBER)[0] };
}

/** The case's summary as its page shows it: "Case <number> <status> ...", spaces collapsed. */
export async function caseSummary(page, number) {
  const summary = page.getByRole('region', { name: `Case ${number}`, exact: true });
  return (await summary.textContent()).trim().replace(/\s+/g, ' ');
}
