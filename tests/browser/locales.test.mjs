// A clinic owner of a lab that bills in Kuwaiti dinars reads the portal in English, Arabic,
// Hindi and Malayalam, switching with the header's language picker: on the case list, a
// case's page, an invoice and the warranty verify page, every date, time, count and amount
// is written as that language writes it (Arabic digits and right to left in Arabic; the
// dinar with its three decimals everywhere), and stands for the same instant or amount as
// in English. Screenshots of each page in each language are kept as artefacts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, rootAttributes, screenshot, submitWith } from './lib/browser.mjs';
import {
  PEARL_OWNER, CASE_NUMBER, startCasesMolard, signIn, open, checkPage, pathOf,
} from './lib/cases.mjs';
import { catalogWords } from './lib/molard.mjs';
import {
  LANGUAGES, dateTimeMedium, dayInFull, dayMedium, isoDay, kwd, parseEnglishDay, parseEnglishKwd, wallClock, wholeNumber,
} from './lib/locale-forms.mjs';

const TEST_TIMEOUT_MS = 240_000;
// The lab's zone (portal.timeZone), which the demo owner, who chose none, reads in.
const ZONE = 'Asia/Qatar';
const CASE_LIST = 'Cases, most recently changed first';
const INVOICE_LIST = 'Invoices, newest first';

/** Picks `language` with the header's picker, named in the language the page is in now. */
async function chooseLanguage(page, words, language) {
  const banner = page.getByRole('banner');
  await banner.getByRole('combobox', { name: words.get('prefs.language'), exact: true }).selectOption(language);
  await submitWith(page, banner.getByRole('button', { name: words.get('prefs.language.change'), exact: true }));
}

/**
 * Every <time datetime> in the main landmark reads as `language` writes that instant in the
 * owner's zone (a date and a time), or that day (a day alone); returns how many there are.
 */
async function assertTimes(page, language, where) {
  const times = await page.getByRole('main').locator('time[datetime]').evaluateAll((elements) =>
    elements.map((time) => [time.getAttribute('datetime'), time.textContent.trim()]));
  for (const [stamp, text] of times) {
    const expected = stamp.includes('T') ? dateTimeMedium(language, wallClock(stamp, ZONE))
      : dayMedium(language, isoDay(stamp));
    assert.equal(text, expected, `${stamp} on ${where} in ${language}`);
  }
  return times.length;
}

/** A description list's definition for a term. */
async function definition(page, term) {
  const dd = page.getByRole('main').locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]');
  return (await dd.textContent()).trim();
}

/** The invoice's lines and totals (the table its caption names): every quantity and amount cell, in order. */
async function invoiceFigures(page, words) {
  const table = page.getByRole('table', { name: words.get('billing.page.linesCaption'), exact: true });
  return table.evaluate((t) => Array.from(t.querySelectorAll('tbody tr, tfoot tr'), (row) =>
    Array.from(row.querySelectorAll('td'), (cell) => cell.textContent.trim())));
}

describe('dates, numbers and amounts in the reader\'s language', () => {
  let molard;
  let browser;
  let words;

  before(async () => {
    let english;
    [molard, browser, ...english] = await Promise.all([
      startCasesMolard({ 'cases.currency': 'KWD', 'portal.timeZone': ZONE }, ['cases', 'billing', 'warranty'],
        { ownPublicUrl: true }),
      launchBrowser(),
      ...LANGUAGES.map((language) => catalogWords(language, ['templates', 'plugins/billing'])),
    ]);
    words = Object.fromEntries(LANGUAGES.map((language, i) => [language, english[i]]));
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('English, Arabic, Hindi and Malayalam on the case list, a case, an invoice and the verify page',
    { timeout: TEST_TIMEOUT_MS }, async () => {
      const { context, page } = await newPage(browser, { locale: 'en-US' });
      try {
        await signIn(page, molard.url, PEARL_OWNER);

        // In English first: a crown out for delivery, delivered, so that it has a warranty.
        await open(page, `${molard.url}/cases?status=out_for_delivery`);
        const caseLink = page.getByRole('table', { name: CASE_LIST, exact: true })
          .getByRole('link', { name: CASE_NUMBER }).first();
        await submitWith(page, caseLink);
        const caseUrl = page.url();
        await submitWith(page, page.getByRole('button', { name: 'Mark delivered', exact: true }));
        await submitWith(page, page.getByRole('link', { name: 'Warranty card', exact: true }));
        assert.match(pathOf(page), /^\/warranties\/\d+$/);
        const verifyUrl = await definition(page, 'Verify online');
        const issuedOn = parseEnglishDay(await definition(page, 'Issued'));
        const expiresOn = parseEnglishDay(await definition(page, 'Expires'));

        // An invoice the lab issued at delivery (a job, soon after start), in dinars.
        const deadline = Date.now() + 30_000;
        let invoiceUrl;
        while (!invoiceUrl) {
          await open(page, `${molard.url}/billing/invoices?state=issued`);
          const link = page.getByRole('table', { name: INVOICE_LIST, exact: true }).getByRole('rowheader')
            .getByRole('link').first();
          if (await link.count() > 0) {
            await submitWith(page, link);
            invoiceUrl = page.url();
          } else {
            assert.ok(Date.now() < deadline, 'the demo clinic has an issued invoice');
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
        }
        // The figures as English writes them, read back as numbers: counts, and dinars in fils
        // (parseEnglishKwd takes only an amount with the dinar's three decimals).
        const figures = (await invoiceFigures(page, words.en)).map((row) => row.map((cell) =>
          /^\d+$/.test(cell) ? { count: Number(cell) } : { fils: parseEnglishKwd(cell) }));
        assert.ok(figures.flat().some((figure) => figure.fils !== undefined), 'the invoice shows amounts');

        let current = 'en';
        for (const language of LANGUAGES) {
          await chooseLanguage(page, words[current], language);
          current = language;
          const { lang, dir } = await rootAttributes(page);
          assert.deepEqual({ lang, dir }, { lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' });

          // The case list: each row's created and updated times, in the owner's zone.
          await open(page, `${molard.url}/cases`);
          assert.ok(await assertTimes(page, language, 'the case list') >= 2, `the case list has times in ${language}`);
          await checkPage(page, `the case list in ${language}`);
          await screenshot(page, `locales-${language}-cases`);

          // The case page: its timeline and messages.
          await open(page, caseUrl);
          assert.ok(await assertTimes(page, language, 'the case page') >= 2, `the case page has a timeline in ${language}`);
          await screenshot(page, `locales-${language}-case`);

          // The invoice: its days, counts and dinars.
          await open(page, invoiceUrl);
          assert.ok(await assertTimes(page, language, 'the invoice') >= 2, `the invoice has its days in ${language}`);
          const shown = await invoiceFigures(page, words[language]);
          assert.deepEqual(shown, figures.map((row) => row.map((figure) =>
            figure.count !== undefined ? wholeNumber(language, figure.count) : kwd(language, figure.fils))),
          `the invoice's counts and amounts in ${language}`);
          await checkPage(page, `the invoice in ${language}`);
          await screenshot(page, `locales-${language}-invoice`);

          // The verify page: the warranty's days in full.
          await open(page, verifyUrl);
          const verifyText = await page.getByRole('main').innerText();
          assert.ok(verifyText.includes(dayInFull(language, issuedOn)), `the day of issue on the verify page in ${language}`);
          assert.ok(verifyText.includes(dayInFull(language, expiresOn)), `the expiry on the verify page in ${language}`);
          if (language === 'ar') assert.ok(!/[0-9]/.test(verifyText.replace(/[A-Z]+-[\dA-F-]+/g, '')),
            'Arabic writes the days in Arabic digits');
          await screenshot(page, `locales-${language}-verify`);
        }
      } finally {
        await context.close();
      }
    });
});
