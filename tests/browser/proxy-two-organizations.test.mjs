// Two people of two organizations use the portal at the same time through the packaged nginx
// site (TLS, upstream keep-alive): each only ever sees their own name, their own practice's
// cases and their own pages, while the connections between nginx and molard are shared.
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMolard } from './lib/molard.mjs';
import { startPackagedNginx } from './lib/nginx.mjs';
import { launchBrowser, newPage, submitWith, screenshot } from './lib/browser.mjs';

const PEARL = { email: 'owner@pearl.example', password: 'demo pearl owner', name: 'Layla Haddad' };
const SMILE = { email: 'owner@smile.example', password: 'demo smile owner', name: 'Sofia Martin' };

async function signIn(page, baseUrl, who) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email or username', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await submitWith(page, page.getByRole('main').getByRole('button', { name: 'Sign in' }));
  await assert.doesNotReject(
    page.getByRole('banner').getByText(who.name, { exact: true }).waitFor(),
    `${who.name} is signed in`,
  );
}

/** The case numbers My cases lists, page one. */
async function caseNumbers(page) {
  const text = await page.getByRole('main').textContent();
  return new Set(text.match(/[A-Z]{2}-\d{6}-[0-9A-F]{4}/g) ?? []);
}

describe('two organizations through the packaged nginx site', { timeout: 120_000 }, () => {
  let molard;
  let nginx;
  let browser;

  before(async () => {
    molard = await startMolard({
      plugins: ['cases'],
      args: ['--demo-data', '--set', 'http.trustedProxies=127.0.0.1', '--set', 'http.threads=4'],
    });
    nginx = await startPackagedNginx(molard.port);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await nginx?.stop();
    await molard?.stop();
  });

  it('never shows one organization another one\'s pages, names or cases', async () => {
    const pearl = await newPage(browser, { ignoreHTTPSErrors: true });
    const smile = await newPage(browser, { ignoreHTTPSErrors: true });
    await signIn(pearl.page, nginx.url, PEARL);
    await signIn(smile.page, nginx.url, SMILE);

    // Behind TLS at nginx, the session cookie is Secure and the address is the client's.
    const cookies = await pearl.context.cookies();
    assert.ok(cookies.find((c) => c.name === 'molar_session')?.secure, 'the session cookie is Secure');

    await pearl.page.goto(`${nginx.url}/cases`);
    await smile.page.goto(`${nginx.url}/cases`);
    const pearlCases = await caseNumbers(pearl.page);
    const smileCases = await caseNumbers(smile.page);
    assert.ok(pearlCases.size > 0 && smileCases.size > 0, 'both practices have demo cases');
    for (const number of pearlCases) assert.ok(!smileCases.has(number), `${number} is listed for both`);

    // Both browse at once, over and over, through the same few upstream connections.
    for (let round = 0; round < 8; round += 1) {
      const [a, b] = await Promise.all([
        pearl.page.goto(`${nginx.url}/cases`).then(async () => ({
          banner: await pearl.page.getByRole('banner').textContent(), cases: await caseNumbers(pearl.page),
        })),
        smile.page.goto(`${nginx.url}/cases`).then(async () => ({
          banner: await smile.page.getByRole('banner').textContent(), cases: await caseNumbers(smile.page),
        })),
      ]);
      assert.ok(a.banner.includes(PEARL.name) && !a.banner.includes(SMILE.name), `round ${round}: Pearl's banner`);
      assert.ok(b.banner.includes(SMILE.name) && !b.banner.includes(PEARL.name), `round ${round}: Smile's banner`);
      for (const number of a.cases) assert.ok(!smileCases.has(number), `round ${round}: Pearl saw ${number}`);
      for (const number of b.cases) assert.ok(!pearlCases.has(number), `round ${round}: Smile saw ${number}`);
    }

    // A case of one practice opened by the other is not found, through the proxy as directly.
    const [pearlCase] = pearlCases;
    await pearl.page.goto(`${nginx.url}/cases`);
    await pearl.page.getByRole('main').getByRole('link', { name: pearlCase }).first().click();
    const pearlCaseUrl = pearl.page.url();
    const stranger = await smile.page.goto(pearlCaseUrl);
    assert.equal(stranger.status(), 404, 'another practice\'s case is not found');
    assert.ok(!(await smile.page.getByRole('main').textContent()).includes(pearlCase));
    await screenshot(smile.page, 'proxy-two-organizations-stranger');
    await pearl.context.close();
    await smile.context.close();
  });
});
