// Aligner treatment planning in a real browser, as the lab and a new aligner clinic work
// it: the lab uploads a plan (setup STLs of three upper steps, a PDF report, the ONE and
// TWO options) to a case in planning; the dentist opens the plan from the case page, asks
// for a change, and once version 2 is there looks at step 5 in 3D and approves TWO, and production starts; she orders
// replacement aligners for steps 5-7 of the upper arch; she makes a share link, a
// signed-out visitor opens it (the plan, read-only, nothing about the patient), and after
// she revokes it the visitor is told it is not available. She orders a removable retainer,
// finds a plan shipped 20 months ago with its expiry in bold, and reads the practice's
// insights. Every page is checked for names,
// heading order and contrast in light and dark.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, submitWith, screenshot } from './lib/browser.mjs';
import {
  PEARL_DENTIST, LAB_ADMIN, CASE_NUMBER, signIn, open, checkPage, pathOf, lowContrastText, startCasesMolard,
  icosphere, binaryStl,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 180_000;
const caseTable = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });

/** The page's checks in light and dark for a signed-in person. */
async function checkBothThemes(browser, url, person, what) {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await newPage(browser, { locale: 'en-US', colorScheme });
    try {
      if (person) await signIn(page, new URL(url).origin, person);
      await open(page, url);
      await checkPage(page, `${what} (${colorScheme})`);
      problems.push(...(await lowContrastText(page)).map((p) => `${what} (${colorScheme}): ${p}`));
      await screenshot(page, `aligners-${new URL(url).pathname.replace(/\W+/g, '-').replace(/^-/, '')}-${colorScheme}`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, [], `${what} is readable in light and dark`);
}

describe('aligner treatment planning', () => {
  let molard;
  let browser;
  let dentist;
  let lab;
  let folder;
  let planUrl;
  let number;

  before(async () => {
    [molard, browser] = await Promise.all([
      startCasesMolard({}, ['cases', 'aligners'], { ownPublicUrl: true }),
      launchBrowser(),
    ]);
    folder = await mkdtemp(path.join(os.tmpdir(), 'molar-plan-'));
    dentist = await newPage(browser, { locale: 'en-US' });
    lab = await newPage(browser, { locale: 'en-US' });
    await signIn(dentist.page, molard.url, PEARL_DENTIST);
    await signIn(lab.page, molard.url, LAB_ADMIN);
  });

  after(async () => {
    await browser?.close();
    await molard?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('the lab uploads a plan; the dentist looks at step 5 in 3D and approves TWO; production starts', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { page } = dentist;
    // The dentist's aligner case in planning, from her list, and its plan page from the case page.
    await open(page, `${molard.url}/cases`);
    const filters = page.getByRole('search', { name: 'Search and filter cases', exact: true });
    await filters.getByLabel('Status', { exact: true }).selectOption({ label: 'In planning' });
    await filters.getByLabel('Product', { exact: true }).selectOption({ label: 'Clear aligners' });
    await submitWith(page, filters.getByRole('button', { name: 'Apply filters', exact: true }));
    const link = caseTable(page).getByRole('row').nth(1).getByRole('link', { name: CASE_NUMBER });
    number = (await link.textContent()).trim();
    await submitWith(page, link);
    const panel = page.getByRole('region', { name: 'Treatment plan', exact: true });
    assert.match(await panel.innerText(), /No treatment plan yet\./);
    await submitWith(page, panel.getByRole('link', { name: 'Open the treatment plan', exact: true }));
    assert.match(pathOf(page), /^\/aligners\/cases\/\d+$/);
    planUrl = page.url();
    assert.match(await page.getByRole('main').innerText(), /The lab has not uploaded a treatment plan yet\./);

    // The lab uploads version 1 from the same page.
    const labPage = lab.page;
    await open(labPage, planUrl);
    await submitWith(labPage, labPage.getByRole('link', { name: 'Upload a treatment plan', exact: true }));
    await checkPage(labPage, 'the upload form');
    const form = labPage.getByRole('form', { name: 'Steps and notes', exact: true });
    await form.getByLabel('Steps, upper arch', { exact: true }).fill('20');
    await form.getByLabel('Steps, lower arch', { exact: true }).fill('18');
    await form.getByLabel('Engagers placed at steps, upper arch', { exact: true }).fill('3, 5');
    await form.getByLabel('IPR (interproximal reduction)', { exact: true }).fill('0.2 mm between 12 and 11 at step 4');
    await form.getByLabel('Simulation link', { exact: true }).fill('https://viewer.lab.example/sim/browser-test');
    const { triangles } = icosphere(10, 2);
    const steps = [];
    for (const step of ['00', '05', '20']) {
      const file = path.join(folder, `Upper_Step_${step}.stl`);
      await writeFile(file, binaryStl(triangles));
      steps.push(file);
    }
    await form.getByLabel('Setup STLs, upper arch', { exact: true }).setInputFiles(steps);
    const report = path.join(folder, 'plan-report.pdf');
    await writeFile(report, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await form.getByLabel('Plan report (PDF)', { exact: true }).setInputFiles(report);
    for (const type of ['ONE', 'TWO']) {
      await form.getByRole('checkbox', { name: `Offer ${type}`, exact: true }).check();
      await form.getByLabel(`Planned steps, ${type}`, { exact: true }).fill('20');
    }
    await submitWith(labPage, form.getByRole('button', { name: 'Upload the plan and send it to the clinic', exact: true }));
    assert.equal(labPage.url(), planUrl, 'back on the plan page');
    assert.match(await labPage.getByRole('main').innerText(), /Version 1: waiting for the clinic's decision/);

    // The dentist asks for a change first: back to planning; the lab uploads version 2.
    await open(page, planUrl);
    const first = page.getByRole('region', { name: "Version 1: waiting for the clinic's decision", exact: true });
    await first.getByLabel('What should change', { exact: true }).fill('Less IPR on the lower incisors, please');
    await submitWith(page, first.getByRole('button', { name: 'Send the modification request', exact: true }));
    assert.match(await page.getByRole('main').innerText(), /Version 1: changes asked for/);
    assert.match(await page.getByRole('main').innerText(), /Case status: In planning/);
    await open(labPage, planUrl);
    await submitWith(labPage, labPage.getByRole('link', { name: 'Upload a treatment plan', exact: true }));
    const again = labPage.getByRole('form', { name: 'Steps and notes', exact: true });
    await again.getByLabel('Steps, upper arch', { exact: true }).fill('20');
    await again.getByLabel('Steps, lower arch', { exact: true }).fill('18');
    await again.getByLabel('Engagers placed at steps, upper arch', { exact: true }).fill('3, 5');
    await again.getByLabel('IPR (interproximal reduction)', { exact: true }).fill('0.2 mm between 12 and 11 at step 4');
    await again.getByLabel('Setup STLs, upper arch', { exact: true }).setInputFiles(steps);
    for (const type of ['ONE', 'TWO']) {
      await again.getByRole('checkbox', { name: `Offer ${type}`, exact: true }).check();
      await again.getByLabel(`Planned steps, ${type}`, { exact: true }).fill('20');
    }
    await submitWith(labPage, again.getByRole('button', { name: 'Upload the plan and send it to the clinic', exact: true }));
    assert.match(await labPage.getByRole('main').innerText(), /Version 2: waiting for the clinic's decision/);

    // The dentist reloads: version 2 waits for her, version 1 is kept below; step 5 in 3D.
    await open(page, planUrl);
    const version = page.getByRole('region', { name: "Version 2: waiting for the clinic's decision", exact: true });
    assert.equal(await page.getByRole('region', { name: 'Version 1: changes asked for', exact: true }).count(), 1);
    const files = version.getByRole('region', { name: 'Files', exact: true });
    await files.getByRole('button', { name: 'Preview in 3D: Upper arch, step 5', exact: true }).click();
    const canvas = files.getByRole('img', { name: '3D preview of the step; drag to turn it', exact: true });
    await page.waitForFunction((element) => element.dataset.loaded === 'true' ||
      (element.dataset.loaded === 'false' && !element.parentElement.hasAttribute('aria-busy')),
    await canvas.elementHandle(), { timeout: 30_000 });
    assert.equal(await canvas.getAttribute('data-loaded'), 'true', 'step 5 is drawn');
    assert.equal(await canvas.getAttribute('data-triangles'), String(triangles.length));
    await screenshot(page, 'aligners-plan-step-5');

    const options = version.getByRole('group', { name: 'Choose the treatment option', exact: true });
    await options.getByRole('radio', { name: /^TWO: 20 steps, upfront QAR 5,900\.00$/ }).check();
    await submitWith(page, version.getByRole('button', { name: 'Accept the plan and start production', exact: true }));
    const main = await page.getByRole('main').innerText();
    assert.match(main, /Chosen option: TWO, QAR\s5,900\.00/);
    assert.match(main, /Case status: In production/);
    // The case page says so too.
    await submitWith(page, page.getByRole('link', { name: `Back to case ${number}`, exact: true }));
    assert.match(await page.getByRole('region', { name: 'Treatment plan', exact: true }).innerText(), /Version 2 accepted\./);
  });

  it('the dentist orders replacement aligners for steps 5-7 of the upper arch', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, planUrl);
    await submitWith(page, page.getByRole('link', { name: `Back to case ${number}`, exact: true }));
    const orders = page.getByRole('region', { name: 'Later orders', exact: true });
    await submitWith(page, orders.getByRole('link', { name: 'See or place orders', exact: true }));
    await submitWith(page, page.getByRole('link', { name: 'Order replacement aligners', exact: true }));
    await checkPage(page, 'the replacement form');
    assert.match(await page.getByRole('main').innerText(), /It is not a quality complaint/);
    const form = page.getByRole('form', { name: 'Order replacement aligners', exact: true });
    await form.getByLabel('Steps, upper arch', { exact: true }).fill('1-9');
    await submitWith(page, form.getByRole('button', { name: 'Place the order', exact: true }));
    const field = page.getByLabel('Steps, upper arch', { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true', 'nine steps are refused beside the field');
    await field.fill('5-7');
    await submitWith(page, page.getByRole('button', { name: 'Place the order', exact: true }));
    assert.match(pathOf(page), /\/orders$/);
    const order = page.getByRole('article').filter({ hasText: 'Replacement aligners' });
    const text = await order.innerText();
    assert.match(text, /5, 6, 7/);
    assert.match(text, /QAR\s540\.00/);
    assert.match(text, /Upper arch, step 5/, 'the engager template of step 5 comes with it');
    assert.match(text, /In production/);
    await checkBothThemes(browser, page.url(), PEARL_DENTIST, 'the orders page');
  });

  it('a share link shows the plan signed out until it is revoked', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, planUrl);
    await submitWith(page, page.getByRole('button', { name: 'Make a share link of Version 2', exact: true }));
    const made = page.getByRole('region', { name: 'Share link made', exact: true });
    const url = await made.getByLabel('Share link', { exact: true }).inputValue();
    assert.match(url, /\/plans\/shared\/[A-Za-z0-9_-]{43}$/);

    const visitor = await newPage(browser, { locale: 'en-US' });
    try {
      await open(visitor.page, url);
      const main = await visitor.page.getByRole('main').innerText();
      assert.ok(main.includes(number), 'the case number is the reference');
      assert.match(main, /0\.2 mm between 12 and 11 at step 4/);
      assert.equal(await visitor.page.getByRole('button', { name: 'Accept the plan and start production' }).count(), 0);
      assert.doesNotMatch(main, /Karim|Nasser|Pearl|P-\d{3}/, 'nobody and no patient reference');
      await checkPage(visitor.page, 'the shared plan');
      assert.deepEqual(await lowContrastText(visitor.page), [], 'the shared plan is readable');
      await screenshot(visitor.page, 'aligners-shared-plan');

      await open(page, planUrl);
      const shares = page.getByRole('region', { name: 'Share links', exact: true });
      await submitWith(page, shares.getByRole('button', { name: /^Revoke Link to version 2/ }));
      assert.match(await page.getByRole('region', { name: 'Share links', exact: true }).innerText(), /revoked/);
      await open(visitor.page, url, 404);
      assert.match(await visitor.page.getByRole('main').innerText(), /This link does not open a plan/);
    } finally {
      await visitor.context.close();
    }
    await checkBothThemes(browser, planUrl, PEARL_DENTIST, 'the plan page');
    await checkBothThemes(browser, `${planUrl}/plans/new`.replace(/\/plans\/new$/, '/orders/new?kind=retainer'),
      PEARL_DENTIST, 'the retainer form');
  });

  it('the dentist orders a removable retainer for both arches', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${planUrl}/orders`);
    await submitWith(page, page.getByRole('link', { name: 'Order a retainer', exact: true }));
    assert.match(await page.getByRole('main').innerText(), /This order is included in the plan: no charge\./);
    const form = page.getByRole('form', { name: 'Order a retainer', exact: true });
    await form.getByRole('radio', { name: 'Both arches', exact: true }).check();
    await form.getByRole('radio', { name: 'Removable plastic retainer', exact: true }).check();
    await submitWith(page, form.getByRole('button', { name: 'Place the order', exact: true }));
    const order = page.getByRole('article').filter({ hasText: 'Retainer' });
    const text = await order.innerText();
    assert.match(text, /Removable, Both arches/);
    assert.match(text, /Included in the plan/);
  });

  it('a plan shipped 20 months ago shows its TWO expiry in bold; the insights read the practice', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { page } = dentist;
    // The demo's TWO plan, shipped 20 months ago: under 6 months left.
    await open(page, `${molard.url}/cases`);
    const filters = page.getByRole('search', { name: 'Search and filter cases', exact: true });
    await filters.getByLabel('Status', { exact: true }).selectOption({ label: 'Shipped' });
    await filters.getByLabel('Product', { exact: true }).selectOption({ label: 'Clear aligners' });
    await submitWith(page, filters.getByRole('button', { name: 'Apply filters', exact: true }));
    const links = caseTable(page).getByRole('link', { name: CASE_NUMBER });
    const hrefs = [];
    for (let i = 0; i < await links.count(); i += 1) hrefs.push(await links.nth(i).getAttribute('href'));
    let found = false;
    for (const href of hrefs) {
      await open(page, new URL(href, molard.url).href);
      await submitWith(page, page.getByRole('region', { name: 'Treatment plan', exact: true })
        .getByRole('link', { name: 'Open the treatment plan', exact: true }));
      const expiry = page.getByRole('region', { name: 'Plan type and expiry', exact: true });
      if (!/Plan type: TWO/.test(await expiry.innerText())) continue;
      found = true;
      const date = expiry.getByText(/^Included revisions and retainers expire on /);
      assert.equal(await date.evaluate((element) => element.tagName), 'STRONG', 'under 6 months left: bold');
      assert.doesNotMatch(await expiry.innerText(), /less than 3 months left/);
      await checkBothThemes(browser, page.url(), PEARL_DENTIST, 'a plan near its expiry');
      break;
    }
    assert.ok(found, 'the demo has a shipped TWO plan');

    await open(page, `${molard.url}/cases/dashboard`);
    const panel = page.getByRole('region', { name: 'Aligner insights', exact: true });
    assert.match(await panel.innerText(), /aligner cases submitted: \d+; treatment plans approved: \d+/);
    await submitWith(page, panel.getByRole('link', { name: 'See the practice insights', exact: true }));
    assert.equal(pathOf(page), '/aligners/insights');
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Last 365 days' });
    await submitWith(page, page.getByRole('button', { name: 'Show', exact: true }));
    assert.match(await page.getByRole('main').innerText(), /The last 365 days/);
    assert.ok(await page.getByRole('table').count() >= 1, 'the figures are in a table');
    await checkBothThemes(browser, page.url(), PEARL_DENTIST, 'the practice insights');
  });
});
