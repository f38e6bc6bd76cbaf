// A clinic that reads Arabic meets no English on the pages it reaches: every word on the
// page comes from a catalog in its language. Words that are data (names, addresses, notes,
// messages the users wrote, case numbers: everything the database holds) and the names of
// formats and standards (FDI, VITA, STL ...) may stay in Latin letters; any other Latin word
// is English that a catalog is missing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { PEARL_DENTIST, PEARL_OWNER, CASE_NUMBER, startCasesMolard, signIn, open } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 180_000;

// Names of formats, standards and products of others, written the same in every language.
const SAME_IN_EVERY_LANGUAGE = new Set([
  'FDI', 'VITA', 'STL', 'PLY', 'OBJ', 'DCM', 'ZIP', 'PDF', 'JPEG', 'JPG', 'PNG', 'HEIC', 'WhatsApp',
  'Master', 'UTC', 'Molar', 'E.164', 'IPR',
]);

/** Every word the demo database holds: what users and the demo wrote is data, not wording. */
function dataWords(dataDir) {
  const dump = execFileSync('sqlite3', [path.join(dataDir, 'molar.db'), '.dump'], { maxBuffer: 64 << 20 }).toString();
  return new Set(dump.match(/[A-Za-zÀ-ɏ]+/g));
}

/** The Latin words the reader sees on the page, less data, zone names and e-mail addresses. */
async function englishOn(page, known) {
  const text = await page.evaluate(() => {
    const seen = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest('script, style, template, [hidden], [translate="no"]')) continue;
      // Time zones are offered by their IANA names (Asia/Qatar), which are identifiers.
      if (element.closest('option[value*="/"]')) continue;
      // Text marked as another language (the language picker's own names) is meant so.
      if (element.closest('[lang]')?.getAttribute('lang') !== document.documentElement.lang) continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      seen.push(node.textContent);
    }
    // What a screen reader says but the eye does not see counts too.
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        if (element.hasAttribute(name)) seen.push(element.getAttribute(name));
      }
    }
    return seen.join(' ');
  });
  const cleaned = text
    .replace(/\S+@\S+/g, ' ')                        // e-mail addresses
    .replace(/https?:\/\/\S+/g, ' ')                 // links written out
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_/+-]+/g, ' ')   // time zones: Asia/Qatar
    .replace(/\b[A-Z]{2}-\d{6}-[0-9A-F]{4}\b/g, ' '); // case numbers
  const words = cleaned.match(/[A-Za-zÀ-ɏ]+/g) || [];
  return [...new Set(words.filter((w) => w.length > 2 && !known.has(w) && !SAME_IN_EVERY_LANGUAGE.has(w)))];
}

describe('a clinic reading Arabic', () => {
  let molard;
  let browser;
  let known;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
    known = dataWords(molard.dataDir);
    for (const word of (await (await fetch(`${molard.url}/`)).text()).match(/<title>([^<]*)</)[1].split(/\W+/)) {
      known.add(word); // the lab's own name, from its settings
    }
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('sees no English words on the pages it reaches', { timeout: TEST_TIMEOUT_MS }, async () => {
    const found = [];
    const check = async (page, where) => {
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar', `${where} is in Arabic`);
      for (const word of await englishOn(page, known)) found.push(`${where}: ${word}`);
    };

    // Before signing in: the home page, the tracker, the privacy policy, a missing page.
    const visitor = await newPage(browser, { locale: 'ar' });
    await visitor.context.addCookies([{ name: 'molar_lang', value: 'ar', url: molard.url }]);
    await open(visitor.page, `${molard.url}/`);
    await check(visitor.page, '/');
    await open(visitor.page, `${molard.url}/sign-in`);
    await check(visitor.page, '/sign-in');
    await open(visitor.page, `${molard.url}/register`);
    await check(visitor.page, '/register');
    await open(visitor.page, `${molard.url}/no/such/page`, 404);
    await check(visitor.page, '404');

    for (const person of [PEARL_DENTIST, PEARL_OWNER]) {
      // Signed in through the English form (the helper reads English labels), then Arabic.
      const { context, page } = await newPage(browser, { locale: 'en-US' });
      await signIn(page, molard.url, person);
      await context.addCookies([{ name: 'molar_lang', value: 'ar', url: molard.url }]);
      const landing = new URL(page.url()).pathname;
      await open(page, `${molard.url}${landing}`);
      await check(page, landing);
      for (const where of ['/cases', '/cases/new', '/account/profile', '/account/notifications', '/privacy']) {
        await open(page, `${molard.url}${where}`);
        await check(page, where);
      }
      // A case of every kind the demo has: its page and its public tracker.
      await open(page, `${molard.url}/cases`);
      const links = await page.getByRole('main').getByRole('link', { name: CASE_NUMBER }).all();
      const cases = await Promise.all(links.slice(0, 6).map(async (link) =>
        ({ href: await link.getAttribute('href'), number: (await link.textContent()).match(CASE_NUMBER)[0] })));
      assert.ok(cases.length > 0, 'the clinic has cases');
      for (const { href, number } of cases) {
        await open(page, `${molard.url}${href}`);
        await check(page, href);
        await open(page, `${molard.url}/track/${number}`);
        await check(page, `/track/${number}`);
      }
      // A page that is not the clinic's.
      await open(page, `${molard.url}/admin/users`, 403);
      await check(page, '403');
      await context.close();
    }
    await visitor.context.close();
    if (found.length) console.log(`English words left:\n${found.join('\n')}`);
    assert.deepEqual(found, []);
  });
});
