// A phone's width (375 px): the pages a clinic and the lab use every day fit the screen;
// only boxes made to scroll (wide tables, the tooth chart) scroll, inside themselves.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot } from './lib/browser.mjs';
import { LAB_ADMIN, PEARL_OWNER, startCasesMolard, signIn, open } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;
const PHONE = { width: 375, height: 740 };

/** How far the page is wider than the screen, in pixels (0 when it fits). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('a phone-width screen', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
  });

  it('shows every page without sideways scrolling', { timeout: TEST_TIMEOUT_MS }, async () => {
    const wide = [];
    const visitor = await newPage(browser, { locale: 'en-US', viewport: PHONE });
    for (const where of ['/', '/sign-in', '/register']) {
      await open(visitor.page, `${molard.url}${where}`);
      if (await overflow(visitor.page) > 0) wide.push(`visitor ${where}: ${await overflow(visitor.page)} px`);
    }
    const pagesOf = new Map([
      [PEARL_OWNER, ['/cases', '/cases/new', '/organization/clinics', '/account/profile', '/account/notifications']],
      [LAB_ADMIN, ['/admin/organizations', '/admin/users', '/admin/notifications', '/account/profile']],
    ]);
    for (const [person, pages] of pagesOf) {
      const { context, page } = await newPage(browser, { locale: 'en-US', viewport: PHONE });
      await signIn(page, molard.url, person);
      const landing = new URL(page.url()).pathname;
      for (const where of [landing, ...pages]) {
        await open(page, `${molard.url}${where}`);
        const px = await overflow(page);
        if (px > 0) {
          wide.push(`${person.email} ${where}: ${px} px`);
          await screenshot(page, `too-wide-${person.email}-${where.replaceAll('/', '_')}`);
        }
      }
      await context.close();
    }
    await visitor.context.close();
    assert.deepEqual(wide, []);
  });
});
