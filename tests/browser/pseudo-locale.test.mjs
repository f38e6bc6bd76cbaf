// The pseudo-locale walk. On the demo data with every module of the demo enabled, a visitor,
// a clinic owner and a lab admin switch to en-XA (every catalog message accented, 40 %
// longer and bracketed) with the header's picker and open every page they reach by links,
// on a desktop screen and on a phone's. A page fails on any letter outside a bracketed
// message and outside data marked translate="no" (text that did not come from a catalog),
// and on any box whose text is cut off or overflows it. The same pages are then opened in
// Arabic and Urdu: right to left, nothing overflowing, a screenshot of each kept in
// build/artifacts/browser/rtl-<language>-<who>-<n>.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startMolard, createDataDir, removeDataDir, repoRoot, catalogWords } from './lib/molard.mjs';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import { LAB_ADMIN, PEARL_OWNER, signIn, pathOf } from './lib/cases.mjs';
import {
  walkPages, untranslatedText, overflowingBoxes, pseudoLocalized,
} from './lib/page-walk.mjs';

const TEST_TIMEOUT_MS = 600_000;
const SITE_NAME = 'Gulf Crown Lab';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PLUGINS = ['cases', 'billing', 'pay-bank', 'credits', 'warranty', 'nps', 'aligners'];

// Texts that reach a page already written, in English, when an event happened, rather than
// from a catalog when the page is read: they are stored with the event (an invoice line a
// plugin charged). Each is listed here until its plugin carries a catalog key instead; any
// other English fails the walk.
const STORED_AT_EVENT_TIME = [
  /^Replacement aligners: \d+$/, // aligners' case.charged label, an invoice line's text
];

const storedAtEventTime = (problem) => STORED_AT_EVENT_TIME.some((pattern) => pattern.test(problem.text));

/** The header's picker: choose a language by its native name and change to it. */
async function changeLanguage(page, { from, to }) {
  const words = from === 'en-XA' ? null : await catalogWords(from, ['templates']);
  const say = (key, english) => (words ? words.get(key) : pseudoLocalized(english));
  const banner = page.getByRole('banner');
  await banner.getByLabel(say('prefs.language', 'Language'), { exact: true }).selectOption(to);
  await submitWith(page, banner.getByRole('button', { name: say('prefs.language.change', 'Change language'), exact: true }));
  assert.equal(await page.locator('html').getAttribute('lang'), to, `the page is in ${to} after the picker`);
}

/** Problems as lines a person can act on: the page, where on it, and what it says. */
function report(problems) {
  return problems.map((p) => `${p.url} [${p.screen}] ${p.where}: ${JSON.stringify(p.text)}${p.box ? ` (${p.box})` : ''}`)
    .join('\n');
}

describe('pseudo-locale walk and right-to-left pages', () => {
  let molard;
  let dataDir;
  let browser;

  before(async () => {
    dataDir = await createDataDir();
    // The demo's billing, bank transfer and warranty settings (the lab's name and address
    // on invoices, the bank account), as scripts/demo.sh runs with.
    const demoConfig = path.join(repoRoot, 'config', 'demo', 'conf.d');
    for (const name of await readdir(demoConfig)) {
      await cp(path.join(demoConfig, name), path.join(dataDir, 'config', 'conf.d', name));
    }
    [molard, browser] = await Promise.all([
      startMolard({
        dataDir,
        plugins: PLUGINS,
        args: ['--demo-data', '--set', `files.root=${path.join(dataDir, 'files')}`,
          '--set', `views.siteName=${SITE_NAME}`,
          '--set', 'views.languages=en,ar,ur,en-XA',
          '--set', 'portal.timeZone=Asia/Qatar'],
      }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('finds what the walk looks for on a page made to fail', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.setContent(`<!doctype html><html lang="en-XA"><title>⟦Ţéśţ··⟧ · ${SITE_NAME}</title><body>
        <p>⟦Śíğñéď íñ áś··· <b translate="no">Layla</b> ···⟧</p>
        <p>⟦Ćáśé··⟧ <time datetime="2026-05-12">May 12</time> Forgotten text</p>
        <input placeholder="Search here" aria-label="⟦Śéáŕçĥ··⟧">
        <button style="width: 3rem; white-space: nowrap; overflow: hidden">⟦Śéñď ţĥé çáśé ñöŵ·······⟧</button>
        <div style="width: 2000px">⟦Ŵíďé··⟧</div></body></html>`);
      const untranslated = await untranslatedText(page, { siteName: SITE_NAME });
      assert.deepEqual(untranslated.map((p) => p.text), ['Forgotten text', 'Search here'],
        'only the unbracketed text outside data is reported');
      const overflowing = await overflowingBoxes(page);
      assert.ok(overflowing.some((p) => p.where.endsWith('button')), `the clipped button is reported: ${JSON.stringify(overflowing)}`);
      assert.ok(overflowing.some((p) => p.where === 'page'), 'the page that scrolls sideways is reported');
    } finally {
      await context.close();
    }
  });

  const people = [
    { who: 'visitor', person: null },
    { who: 'clinic', person: PEARL_OWNER },
    { who: 'lab', person: LAB_ADMIN },
  ];
  const visitedBy = new Map();

  for (const { who, person } of people) {
    it(`every page a ${who === 'visitor' ? 'visitor' : `${who === 'lab' ? 'lab admin' : 'clinic owner'}`} reaches comes from the catalogs and fits, in en-XA`,
      { timeout: TEST_TIMEOUT_MS }, async () => {
        const problems = [];
        const visited = [];
        for (const [screen, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
          const { context, page } = await newPage(browser, { viewport, locale: 'en-US' });
          try {
            if (person) await signIn(page, molard.url, person);
            else await page.goto(`${molard.url}/`);
            if (screen === 'desktop') {
              if (who === 'clinic') await startDraft(page, molard.url);
              await changeLanguage(page, { from: 'en', to: 'en-XA' });
            } else if (!person) {
              await changeLanguage(page, { from: 'en', to: 'en-XA' });
            }
            // Signed in, the profile keeps the choice: the phone's session reads en-XA too.
            assert.equal(await page.locator('html').getAttribute('lang'), 'en-XA', `${who} reads en-XA on the ${screen}`);
            const start = page.url();
            const urls = await walkPages(page, start, async (open, url) => {
              for (const found of await untranslatedText(open, { siteName: SITE_NAME })) {
                if (!storedAtEventTime(found)) problems.push({ url, screen, ...found });
              }
              for (const found of await overflowingBoxes(open)) problems.push({ url, screen, ...found });
            });
            if (screen === 'desktop') visited.push(...urls);
          } finally {
            await context.close();
          }
        }
        visitedBy.set(who, visited);
        assert.ok(visited.length >= (person ? 20 : 5), `the walk reached the ${who}'s pages (${visited.length}): ${visited.join(' ')}`);
        assert.equal(problems.length, 0, `text not from a catalog, or not fitting its box:\n${report(problems)}`);
      });
  }

  for (const language of ['ar', 'ur']) {
    it(`the same pages in ${language} are laid out right to left and fit`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const problems = [];
      for (const { who, person } of people) {
        const urls = visitedBy.get(who) ?? [];
        assert.ok(urls.length > 0, `the en-XA walk ran for the ${who} first`);
        const { context, page } = await newPage(browser, { viewport: DESKTOP, locale: 'en-US' });
        try {
          if (person) await signIn(page, molard.url, { ...person, name: person.name });
          else await page.goto(`${molard.url}/`);
          const current = await page.locator('html').getAttribute('lang');
          await changeLanguage(page, { from: current, to: language });
          let n = 0;
          for (const url of urls) {
            const response = await page.goto(url);
            if (response.status() !== 200) continue;
            n += 1;
            const html = page.locator('html');
            assert.equal(await html.getAttribute('dir'), 'rtl', `${pathOf(page)} is right to left in ${language}`);
            for (const found of await overflowingBoxes(page)) problems.push({ url, screen: language, ...found });
            await screenshot(page, `rtl-${language}-${who}-${String(n).padStart(2, '0')}`);
          }
          assert.ok(n > 0, `the ${who}'s pages opened in ${language}`);
        } finally {
          await context.close();
        }
      }
      assert.equal(problems.length, 0, `boxes that do not fit in ${language}:\n${report(problems)}`);
    });
  }
});

/**
 * The clinic starts a case (a draft with a crown) in English, so that the walk reaches the
 * wizard's steps from the draft's page.
 */
async function startDraft(page, baseUrl) {
  await page.goto(`${baseUrl}/cases/new`);
  const main = page.getByRole('main');
  await main.getByLabel('Clinic', { exact: true }).selectOption({ index: 1 });
  await main.getByLabel('Patient reference', { exact: true }).fill('P-XA-1');
  await submitWith(page, main.getByRole('button', { name: 'Save and continue', exact: true }));
  assert.match(pathOf(page), /^\/cases\/\d+\/edit\/product$/, 'the draft exists and the product step opens');
  await main.getByRole('radio', { name: 'Zirconia crown', exact: true }).check();
  await submitWith(page, main.getByRole('button', { name: 'Save and continue', exact: true }));
}
