// Warranties in a real browser, as the people who use them see them: a clinic owner marks a
// crown delivered, follows the case page's "Warranty card" link and downloads the card (A4
// in English, the wallet card in Arabic); the card's QR code, read from the PDF drawn at
// 300 dpi, opens the public verify page in a signed-out browser, which says "Valid" with the
// restoration, the clinic and the dates and nothing about the patient, in English and then
// in Arabic, right to left. A visitor who types a wrong code gets the same answer as for an
// unknown number, and a malformed code is named beside its field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, rootAttributes, submitWith } from './lib/browser.mjs';
import {
  PEARL_OWNER, CASE_NUMBER, signIn, open, checkPage, mainHeading, pathOf, description, lowContrastText,
} from './lib/cases.mjs';
import {
  startWarrantyMolard, warrantyWords, downloadCard, pdfInfo, pdfText, qrCodesOf,
} from './lib/warranty.mjs';
import { arabicDay, arabicMonth, parseEnglishDay } from './lib/locale-forms.mjs';

const TEST_TIMEOUT_MS = 180_000;
// Page sizes in PostScript points: A4 portrait, and the wallet card's 85.6 x 54 mm.
const A4 = { width: 595.28, height: 841.89 };
const WALLET = { width: (85.6 / 25.4) * 72, height: (54 / 25.4) * 72 };
// The zirconia crown's warranty term in the cases plugin's catalog (cases.properties).
const CROWN_TERM_YEARS = 10;
// The warranty plugin's default lab name (its config/warranty.properties).
const LAB_NAME = 'Molar Dental Lab';

const caseTable = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });
const verifyForm = (page) => page.getByRole('form', { name: 'Warranty look-up', exact: true });

/** A description list's terms and their definitions, in order, as [term, definition]. */
function facts(list) {
  return list.evaluate((dl) => Array.from(dl.querySelectorAll('dt'), (dt) => {
    const dd = dt.nextElementSibling;
    return [dt.textContent.trim(), dd ? dd.textContent.trim().replace(/\s+/g, ' ') : ''];
  }));
}

/** The text of a row's cell in the column a header names (row headers count as cells). */
async function cellUnder(table, row, header) {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
  const column = headers.indexOf(header);
  assert.ok(column >= 0, `the table has a "${header}" column (${headers.join(', ')})`);
  const cells = row.getByRole('rowheader').or(row.getByRole('cell'));
  return (await cells.nth(column).textContent()).trim();
}

function assertSize(info, expected, what) {
  assert.equal(info.pages, 1, `${what} is one page`);
  assert.ok(Math.abs(info.width - expected.width) < 1 && Math.abs(info.height - expected.height) < 1,
    `${what} is ${expected.width.toFixed(1)} x ${expected.height.toFixed(1)} pt, not ${info.width} x ${info.height}`);
}

/** Picks a language with the layout's language picker, as a visitor would. */
async function chooseLanguage(page, code) {
  await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption(code);
  await submitWith(page, page.getByRole('button', { name: 'Change language', exact: true }));
}

describe('warranty card and verify page', () => {
  let molard;
  let browser;
  let owner;
  let en;
  let ar;
  // What the first test learns about the warranty it issued, for the language picker's test.
  let issued;

  before(async () => {
    [molard, browser, en, ar] = await Promise.all([
      startWarrantyMolard(), launchBrowser(), warrantyWords('en'), warrantyWords('ar'),
    ]);
    owner = await newPage(browser, { locale: 'en-US', acceptDownloads: true });
    await signIn(owner.page, molard.url, PEARL_OWNER);
  });

  after(async () => {
    await owner?.context.close();
    await browser?.close();
    await molard?.stop();
  });

  it('delivers a crown, prints its card, and the card\'s QR code verifies it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = owner;

    // A crown out for delivery among the clinic's cases, found with the list's filters.
    await open(page, `${molard.url}/cases`);
    const filters = page.getByRole('search', { name: 'Search and filter cases', exact: true });
    await filters.getByLabel('Status', { exact: true }).selectOption({ label: 'Out for delivery' });
    await filters.getByLabel('Product', { exact: true }).selectOption({ label: 'Zirconia crown' });
    await submitWith(page, filters.getByRole('button', { name: 'Apply filters', exact: true }));
    const row = caseTable(page).getByRole('row').nth(1);
    const link = row.getByRole('link', { name: CASE_NUMBER });
    const number = (await link.textContent()).trim();
    const patientRef = await cellUnder(caseTable(page), row, 'Patient reference');
    assert.match(patientRef, /^P-\d{3}$/, 'the demo case has a patient reference');

    // No warranty before delivery; marking it delivered issues one.
    await submitWith(page, link);
    assert.ok((await page.getByRole('main').innerText()).includes(number), `the case page of ${number} is open`);
    const panel = page.getByRole('region', { name: 'Warranty', exact: true });
    assert.equal(await panel.count(), 0, 'no warranty panel before delivery');
    await submitWith(page, page.getByRole('button', { name: 'Mark delivered', exact: true }));
    assert.ok(await panel.isVisible(), 'the case page has a Warranty panel once delivered');
    const panelText = (await panel.innerText()).replace(/\s+/g, ' ');
    assert.match(panelText, new RegExp(`W-${number}, valid until \\w+ \\d{1,2}, \\d{4}\\.`));
    await checkPage(page, 'the delivered case');

    // The panel's link leads to the warranty's page.
    await submitWith(page, panel.getByRole('link', { name: 'Warranty card', exact: true }));
    assert.match(pathOf(page), /^\/warranties\/\d+$/);
    await checkPage(page, 'the warranty page');
    assert.deepEqual(await lowContrastText(page), [], 'the warranty page\'s text is readable');
    const details = Object.fromEntries(await facts(page.getByRole('main').locator('dl').first()));
    assert.equal(details['Warranty number'], `W-${number}`);
    assert.equal(details.Case, number);
    assert.equal(details.Restoration, 'Zirconia crown');
    assert.equal(details['Teeth (FDI)'], '11, 21');
    assert.match(details['Check code'], /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const code = details['Check code'].replace('-', '');
    const verifyUrl = `${molard.url}/verify/${number}?code=${code}`;
    assert.equal(details['Verify online'], verifyUrl);
    const issuedOn = parseEnglishDay(details.Issued);
    const expiresOn = parseEnglishDay(details.Expires);
    assert.deepEqual(expiresOn, { ...issuedOn, year: issuedOn.year + CROWN_TERM_YEARS },
      'a crown is warranted for ten years from delivery');
    const clinicName = details.Clinic;
    assert.match(clinicName, /^Pearl Dental /);

    // The A4 card in English: one A4 page, the values, and the QR code of the verify URL.
    const a4 = await downloadCard(page, { layout: 'A4 page', language: 'English' });
    assert.equal(a4.filename, `warranty-${number}-a4.pdf`);
    assertSize(await pdfInfo(a4.bytes), A4, 'the A4 card');
    const a4Text = await pdfText(a4.bytes);
    for (const value of [`W-${number}`, 'Zirconia crown', clinicName, details.Expires, details['Check code']]) {
      assert.ok(a4Text.includes(value), `the A4 card reads "${value}"`);
    }
    assert.ok(!a4Text.includes(patientRef), 'the card leaves the patient reference out');
    assert.deepEqual(await qrCodesOf(a4.bytes), [verifyUrl], 'the A4 card\'s QR code is the verify URL');

    // The wallet card in Arabic: one page of 85.6 x 54 mm, the same QR code.
    const wallet = await downloadCard(page, { layout: 'Wallet card (85.6 × 54 mm)', language: 'العربية' });
    assert.equal(wallet.filename, `warranty-${number}-wallet.pdf`);
    assertSize(await pdfInfo(wallet.bytes), WALLET, 'the wallet card');
    const walletText = (await pdfText(wallet.bytes)).normalize('NFKC');
    assert.ok(walletText.includes(number), 'the wallet card reads the case number');
    assert.ok(!walletText.includes('Warranty card'), 'the Arabic card has no English title');
    // pdftotext gives the shaped letters (presentation forms) back; NFKC makes them plain.
    for (const word of [...ar.get('warranty.card.title').split(' '), arabicMonth(expiresOn.month)]) {
      assert.ok(walletText.includes(word), `the Arabic wallet card reads "${word}"`);
    }
    assert.deepEqual(await qrCodesOf(wallet.bytes), [verifyUrl], 'the wallet card\'s QR code is the verify URL');

    // A patient scans the code: a fresh browser, signed out.
    const patient = await newPage(browser, { locale: 'en-US' });
    try {
      const visit = patient.page;
      const response = await open(visit, verifyUrl);
      assert.equal(response.headers()['cache-control'], 'no-store');
      assert.equal(response.headers()['x-robots-tag'], 'noindex');
      assert.ok(await visit.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).isVisible(),
        'the patient is not signed in');
      await checkPage(visit, 'the verify page');
      assert.deepEqual(await lowContrastText(visit), [], 'the verify page\'s text is readable');
      const result = visit.getByRole('region', { name: number, exact: true });
      assert.equal((await result.getByRole('status').textContent()).trim(), 'Valid');
      assert.deepEqual(await facts(result.locator('dl')), [
        ['Restoration', 'Zirconia crown'],
        ['Clinic', clinicName],
        ['Issued', details.Issued],
        ['Expires', details.Expires],
        ['Laboratory', LAB_NAME],
      ]);
      const seen = await visit.locator('body').innerText();
      assert.ok(!seen.includes(patientRef), `the verify page does not show the patient reference ${patientRef}`);
      assert.ok(!/patient/i.test(seen),
        'the verify page says nothing about a patient');
      assert.ok(!(await visit.content()).includes(patientRef), 'nor does its markup hold the patient reference');

      // The same page in Arabic: the patient picks it with the layout's language picker,
      // which brings them back to the scanned address.
      await chooseLanguage(visit, 'ar');
      assert.deepEqual(await rootAttributes(visit).then(({ lang, dir }) => ({ lang, dir })), { lang: 'ar', dir: 'rtl' });
      assert.match(ar.get('warranty.state.valid'), /\p{Script=Arabic}/u, 'the Arabic catalog holds Arabic words');
      assert.equal((await mainHeading(visit).textContent()).trim(), ar.get('warranty.verify.title'));
      const arabicResult = visit.getByRole('region', { name: number, exact: true });
      assert.equal((await arabicResult.getByRole('status').textContent()).trim(), ar.get('warranty.state.valid'));
      assert.deepEqual(await facts(arabicResult.locator('dl')), [
        [ar.get('warranty.field.restoration'), ar.get('cases.productName.zirconia_crown')],
        [ar.get('warranty.field.clinic'), clinicName],
        [ar.get('warranty.field.issuedOn'), arabicDay(issuedOn)],
        [ar.get('warranty.field.expiresOn'), arabicDay(expiresOn)],
        [ar.get('warranty.field.lab'), LAB_NAME],
      ]);
      assert.ok(await verifyForm(visit).count() === 0, 'the form is named in Arabic now');
      assert.ok(await visit.getByRole('form', { name: ar.get('warranty.verify.formLabel'), exact: true }).isVisible());
      assert.ok(await visit.getByRole('button', { name: ar.get('warranty.verify.go'), exact: true }).isVisible());
      await checkPage(visit, 'the verify page in Arabic');
      assert.deepEqual(await lowContrastText(visit), [], 'the Arabic verify page\'s text is readable');
    } finally {
      await patient.context.close();
    }
    issued = { number, code };
  });

  it('answers a wrong code as it answers an unknown number, and names a malformed code beside its field', { timeout: TEST_TIMEOUT_MS }, async () => {
    // The newest of the clinic's warranties, from its list: its case number and check code.
    await open(owner.page, `${molard.url}/warranties`);
    const list = owner.page.getByRole('table', { name: 'Warranties', exact: true });
    const newest = list.getByRole('row').nth(1);
    const number = await cellUnder(list, newest, 'Case');
    await submitWith(owner.page, newest.getByRole('link'));
    const code = Object.fromEntries(await facts(owner.page.getByRole('main').locator('dl').first()))['Check code'];
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    assert.match(number, CASE_NUMBER);

    const visitor = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = visitor;
      const notFound = en.get('warranty.verify.notFound');
      /** Types a case number and a code into /verify's form and presses Verify. */
      const lookUp = async (caseNumber, code) => {
        await open(page, `${molard.url}/verify`);
        const form = verifyForm(page);
        await form.getByLabel('Case number', { exact: true }).fill(caseNumber);
        await form.getByLabel('Check code', { exact: true }).fill(code);
        // The status of the page the form leads to, after the redirect a good look-up makes.
        let status = 0;
        const onResponse = (response) => {
          if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
            status = response.status();
          }
        };
        page.on('response', onResponse);
        try {
          await submitWith(page, form.getByRole('button', { name: 'Verify', exact: true }));
        } finally {
          page.off('response', onResponse);
        }
        return status;
      };

      // The right number with a wrong code (the code's letters never include 0 or 1, so this is no code).
      // The code as a person might type it off the card: lower case, a space for the dash.
      assert.equal(await lookUp(` ${number.toLowerCase()} `, code.toLowerCase().replace('-', ' ')), 200,
        'the right code, however typed, answers 200');
      assert.equal(pathOf(page), `/verify/${number}`);
      assert.equal((await page.getByRole('region', { name: number, exact: true }).getByRole('status').textContent()).trim(),
        'Valid');

      const wrongCode = code === 'ZZZZ-ZZZZ' ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ';
      assert.equal(await lookUp(number, wrongCode.toLowerCase()), 404, 'a wrong code answers 404');
      const result = page.getByRole('region', { name: number, exact: true });
      assert.equal((await result.getByRole('status').textContent()).trim(), notFound);
      assert.equal(await page.getByText('Valid', { exact: true }).count(), 0, 'nothing says Valid');
      assert.equal(await page.getByText('Zirconia crown').count(), 0, 'nothing about the restoration');
      await checkPage(page, 'the verify page with a wrong code');
      const wrongAnswer = (await page.getByRole('main').innerText()).replaceAll(number, '#');

      // An unknown number with the same code: the same page, but for the number typed.
      const unknown = 'TR-000101-0000';
      assert.equal(await lookUp(unknown, wrongCode), 404, 'an unknown number answers 404');
      assert.equal((await page.getByRole('region', { name: unknown, exact: true }).getByRole('status').textContent()).trim(), notFound);
      assert.equal((await page.getByRole('main').innerText()).replaceAll(unknown, '#'), wrongAnswer,
        'an unknown number and a wrong code read the same');

      // A code that cannot be one: the form again, the mistake beside the code's field.
      assert.equal(await lookUp(number, 'AB1'), 400, 'a malformed code answers 400');
      assert.equal(pathOf(page), '/verify');
      const codeField = verifyForm(page).getByLabel('Check code', { exact: true });
      assert.equal(await codeField.getAttribute('aria-invalid'), 'true');
      const said = await description(codeField);
      assert.ok(said.includes(en.get('warranty.verify.error.code')),
        `the code's field is described by its error: "${said}"`);
      assert.ok(await page.getByRole('alert').filter({ hasText: en.get('warranty.verify.error.code') }).isVisible());
      const numberField = verifyForm(page).getByLabel('Case number', { exact: true });
      assert.equal(await numberField.getAttribute('aria-invalid'), null, 'the case number is not called wrong');
      assert.equal(await numberField.inputValue(), number, 'what was typed is kept');
      assert.equal(await page.getByRole('region', { name: number }).count(), 0, 'no look-up was made');
      await checkPage(page, 'the verify form with a malformed code');
      assert.deepEqual(await lowContrastText(page), [], 'the error beside the field is readable');
    } finally {
      await visitor.context.close();
    }
  });

  it('brings a patient who picks another language back to the scanned warranty', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(issued, 'the first test issued a warranty');
    const patient = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = patient;
      const verifyUrl = `${molard.url}/verify/${issued.number}?code=${issued.code}`;
      await open(page, verifyUrl);
      await chooseLanguage(page, 'ar');
      assert.equal(page.url(), verifyUrl, 'the picker comes back to the scanned address');
      const result = page.getByRole('region', { name: issued.number, exact: true });
      assert.equal((await result.getByRole('status').textContent()).trim(), ar.get('warranty.state.valid'));
    } finally {
      await patient.context.close();
    }
  });
});
