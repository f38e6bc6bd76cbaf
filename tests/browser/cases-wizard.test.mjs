// One case from the clinic to delivery, in a real browser: a Pearl Dental dentist sends a
// zirconia crown through the wizard with a real binary STL scan, submits it and previews the
// scan in 3D; the lab admin assigns the technician and moves it to Delivered with the action
// buttons; the dentist reads the timeline and writes to the lab; the public tracker shows the
// stage and nothing personal. The steps share one molard and run in order.
// Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import {
  LAB_ADMIN, TECHNICIAN, PEARL_DENTIST, CASE_NUMBER, startCasesMolard, signIn, open,
  mainHeading, pathOf, writeSphereStl,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 90_000;
const PATIENT_REF = 'P-7731';
const CLINIC = 'Pearl Dental Al Sadd';
const PRODUCT = 'Zirconia crown';
const CHAT = 'Please keep the margin at 0.5 mm; the patient comes back on Thursday.';

// The restorative workflow's buttons, in order, and the status each one leads to.
const LAB_STEPS = [
  ['Receive and start design', 'Received → Design'],
  ['Move to production', 'Design → Production'],
  ['Move to finishing', 'Production → Finishing'],
  ['Move to quality check', 'Finishing → Quality check'],
  ['Ship', 'Quality check → Shipped'],
  ['Mark delivered', 'Shipped → Delivered'],
];

const saveAndContinue = (page) =>
  submitWith(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
const stepHeading = (page) => page.getByRole('main').getByRole('heading', { level: 2 }).first();
const currentStep = (page) =>
  page.getByRole('navigation', { name: 'Steps', exact: true }).locator('[aria-current="step"]');
const mainNav = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const region = (page, name) => page.getByRole('region', { name, exact: true });
const timelineItems = async (page) =>
  (await region(page, 'Activity').getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('a case from the wizard to delivery', () => {
  let molard;
  let browser;
  let scan;
  let dentist; // { context, page }
  let lab;
  let caseUrl = '';
  let caseNumber = '';

  before(async () => {
    [molard, browser, scan] = await Promise.all([startCasesMolard(), launchBrowser(), writeSphereStl()]);
    dentist = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    lab = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    await signIn(dentist.page, molard.url, PEARL_DENTIST);
    await signIn(lab.page, molard.url, LAB_ADMIN);
  });

  after(async () => {
    await dentist?.context.close();
    await lab?.context.close();
    await browser?.close();
    await molard?.stop();
    if (scan) await rm(scan.folder, { recursive: true, force: true });
  });

  const needCase = () => assert.ok(caseNumber, 'the wizard test created and submitted the case');

  it('lets a Pearl dentist send a zirconia crown with a scan through the wizard', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/`);
    await submitWith(page, mainNav(page).getByRole('link', { name: 'My cases', exact: true }));
    assert.equal(pathOf(page), '/cases');
    assert.equal((await mainHeading(page).textContent()).trim(), 'My cases');
    await submitWith(page, page.getByRole('main').getByRole('link', { name: 'Send a case', exact: true }));
    assert.equal(pathOf(page), '/cases/new');
    assert.equal((await mainHeading(page).textContent()).trim(), 'Send a case');

    // 1. Clinic and patient: Pearl Dental has two clinics, so the dentist chooses one.
    assert.equal((await stepHeading(page).textContent()).trim(), 'Clinic and patient');
    assert.match(await currentStep(page).textContent(), /1\. Clinic and patient/);
    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: CLINIC });
    await page.getByLabel('Patient reference', { exact: true }).fill(PATIENT_REF);
    await saveAndContinue(page);
    assert.match(pathOf(page), /^\/cases\/\d+\/edit\/product$/, 'the draft exists and the product step opens');
    const draftPath = pathOf(page).replace(/\/edit\/product$/, '');

    // 2. Product.
    assert.equal((await stepHeading(page).textContent()).trim(), 'Product');
    await page.getByRole('radio', { name: PRODUCT, exact: true }).check();
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/teeth`);

    // 3. Teeth: tooth 11 gets a crown on the chart's picture (cases-tooth-chart.test.mjs has the rest).
    assert.equal((await stepHeading(page).textContent()).trim(), 'Teeth');
    const tooth11 = page.getByRole('button', { name: 'Tooth 11, upper right central incisor: None', exact: true });
    assert.ok(await tooth11.isVisible(), 'the chart has a "Tooth 11" control');
    await tooth11.click();
    await page.getByRole('menuitemradio', { name: 'Crown', exact: true }).click();
    await screenshot(page, 'cases-wizard-teeth');
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/shade`);

    // 4. Shade A2 from the VITA classical guide.
    assert.equal((await stepHeading(page).textContent()).trim(), 'Shade');
    const shade = page.getByLabel('Shade', { exact: true });
    const group = await shade.evaluate((select) =>
      Array.from(select.options).find((option) => option.text.trim() === 'A2')?.parentElement.label);
    assert.equal(group, 'VITA classical', 'A2 is listed under VITA classical');
    await shade.selectOption({ label: 'A2' });
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/fields`);

    // 5. Prescription: the margin design.
    assert.equal((await stepHeading(page).textContent()).trim(), 'Prescription');
    await page.getByRole('group', { name: /^Margin design/ }).getByRole('radio', { name: 'Chamfer', exact: true }).check();
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/files`);

    // 6. Files: the upper scan goes up in the background, then the step reloads.
    assert.equal((await stepHeading(page).textContent()).trim(), 'Files');
    await page.getByLabel('What is it?', { exact: true }).selectOption({ label: 'Upper scan' });
    await page.getByLabel('File', { exact: true }).setInputFiles(scan.file);
    const uploaded = page.waitForResponse((response) =>
      response.request().method() === 'POST' && /\/cases\/\d+\/files$/.test(new URL(response.url()).pathname));
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const answer = await uploaded;
    assert.equal(answer.request().resourceType(), 'xhr', 'upload.js sends the file with XMLHttpRequest');
    if (answer.status() !== 200) {
      // upload.js shows the server's message beside the file field instead of reloading.
      const said = page.getByRole('alert').filter({ hasText: /\S/ }).first();
      await said.waitFor({ state: 'visible' });
      assert.fail(`the upload is refused with ${answer.status()}: ${await said.textContent()}`);
    }
    assert.match(answer.headers()['content-type'] ?? '', /application\/json/, 'upload.js asked for JSON');
    await reloaded;
    assert.equal(pathOf(page), `${draftPath}/edit/files`, 'the files step is shown again');
    const fileList = page.getByRole('list', { name: 'Files of this case', exact: true });
    assert.match((await fileList.textContent()).replace(/\s+/g, ' '), new RegExp(`${scan.name} · Upper scan · stl`),
      'the scan is listed as the upper scan');
    await screenshot(page, 'cases-wizard-files');
    await submitWith(page, page.getByRole('link', { name: 'Continue', exact: true }));
    assert.equal(pathOf(page), `${draftPath}/edit/confirm`);

    // 7. Confirm: both confirmations, then the draft.
    await page.getByLabel('I confirm that I have filled out the form completely and truthfully.').check();
    const privacy = page.getByLabel(/I confirm that I have read and accepted the privacy policy/);
    // The policy the box accepts is one link away, named in the box's description.
    assert.match(await privacy.evaluate((box) => box.getAttribute('aria-describedby')), /privacy-policy/);
    const policyLink = page.getByRole('link', { name: 'Read the privacy policy', exact: true });
    const [policyPage] = await Promise.all([page.context().waitForEvent('page'), policyLink.click()]);
    await policyPage.waitForLoadState();
    assert.equal(new URL(policyPage.url()).pathname, '/privacy');
    assert.equal((await policyPage.getByRole('main').getByRole('heading', { level: 1 }).textContent()).trim(), 'Privacy policy');
    assert.ok(await policyPage.getByText(/^This portal keeps what a clinic sends with a case/).isVisible(), 'the lab\'s text');
    await policyPage.close();
    await privacy.check();
    await submitWith(page, page.getByRole('button', { name: 'Create the draft', exact: true }));
    assert.equal(pathOf(page), draftPath, 'the draft opens');
    assert.match(await page.getByRole('status').first().textContent(), /The draft has been created/);
    const data = (await page.getByRole('region', { name: 'Draft', exact: true }).textContent()).replace(/\s+/g, ' ');
    for (const expected of [CLINIC, PATIENT_REF, PRODUCT, '11: Crown', 'A2 (VITA classical)', 'Margin design', 'Chamfer']) {
      assert.ok(data.includes(expected), `the draft shows "${expected}"`);
    }

    // Submit on the confirmation page.
    await submitWith(page, page.getByRole('link', { name: 'Submit the case', exact: true }));
    assert.equal(pathOf(page), `${draftPath}/submit`);
    assert.equal((await mainHeading(page).textContent()).trim(), 'Submit the case');
    await submitWith(page, page.getByRole('button', { name: 'Yes, submit the case', exact: true }));
    assert.equal(pathOf(page), draftPath, 'the case page opens');
    const banner = (await page.getByRole('status').filter({ hasText: 'submitted' }).textContent()).trim();
    assert.match(banner, /The case has been submitted\. Its number:/);
    assert.match(banner, CASE_NUMBER);
    caseNumber = banner.match(CASE_NUMBER)[0];
    caseUrl = `${molard.url}${draftPath}`;
    assert.ok(await page.getByRole('heading', { name: `Case ${caseNumber}`, exact: true }).isVisible());
  });

  it('previews the uploaded STL in 3D on the case page', { timeout: TEST_TIMEOUT_MS }, async () => {
    needCase();
    const { page } = dentist;
    await open(page, caseUrl);
    const files = region(page, 'Files');
    assert.ok(await files.getByRole('link', { name: scan.name, exact: true }).isVisible(), 'the scan can be downloaded');
    const canvas = files.getByRole('img', { name: '3D preview of the scan; drag to turn it', exact: true });
    assert.equal(await canvas.isVisible(), false, 'the preview stays closed until asked for');

    await files.getByRole('button', { name: `Preview ${scan.name}`, exact: true }).click();
    await canvas.waitFor({ state: 'visible' });
    // Done when drawn, or when the panel is no longer busy (it then says why not).
    await page.waitForFunction((element) => element.dataset.loaded === 'true' ||
      (element.dataset.loaded === 'false' && !element.parentElement.hasAttribute('aria-busy')),
    await canvas.elementHandle(), { timeout: 30_000 });
    const status = await files.getByRole('status').allTextContents();
    assert.equal(await canvas.getAttribute('data-loaded'), 'true',
      `the scan is drawn (the panel says: ${status.join(' ') || 'nothing'})`);
    assert.equal(await canvas.getAttribute('data-triangles'), String(scan.triangles),
      `the preview holds all ${scan.triangles} triangles`);
    const size = await canvas.boundingBox();
    assert.ok(size.width > 200 && size.height > 150, `the canvas has room (${size.width}×${size.height})`);
    await screenshot(page, 'cases-case-preview');
  });

  it('lets the lab assign the technician and move the case to Delivered', { timeout: TEST_TIMEOUT_MS }, async () => {
    needCase();
    const { page } = lab;
    await open(page, `${molard.url}/`);
    assert.equal(await mainNav(page).getByRole('link', { name: 'My cases', exact: true }).count(), 0,
      'the lab has no "My cases"');
    await submitWith(page, mainNav(page).getByRole('link', { name: 'Lab board', exact: true }));
    assert.equal(pathOf(page), '/lab/cases');
    assert.equal((await mainHeading(page).textContent()).trim(), 'Lab board');
    const board = page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });
    const row = board.getByRole('row').filter({ has: page.getByRole('link', { name: caseNumber, exact: true }) });
    assert.equal(await row.count(), 1, 'the new case is on the board');
    const cells = (await row.textContent()).replace(/\s+/g, ' ');
    assert.ok(cells.includes('Pearl Dental Group') && cells.includes(PRODUCT) && cells.includes('Received'),
      `the row shows practice, product and status (${cells})`);
    await screenshot(page, 'cases-lab-board');
    await submitWith(page, row.getByRole('link', { name: caseNumber, exact: true }));
    assert.equal(`${molard.url}${pathOf(page)}`, caseUrl);

    await page.getByLabel('Assign to', { exact: true }).selectOption({ label: TECHNICIAN.name });
    await submitWith(page, page.getByRole('button', { name: 'Assign', exact: true }));
    assert.ok((await region(page, `Case ${caseNumber}`).textContent()).includes(TECHNICIAN.name),
      'the case names the technician');

    const actions = region(page, 'Actions');
    for (const [button, move] of LAB_STEPS) {
      const control = actions.getByRole('button', { name: button, exact: true });
      assert.ok(await control.isEnabled(), `"${button}" can be pressed`);
      await submitWith(page, control);
      assert.equal(`${molard.url}${pathOf(page)}`, caseUrl, `"${button}" leads back to the case`);
      const [newest] = await timelineItems(page);
      assert.ok(newest.includes(move), `after "${button}" the newest activity is "${move}" (got "${newest}")`);
    }
    for (const [button] of LAB_STEPS) {
      assert.ok(await actions.getByRole('button', { name: button, exact: true }).isDisabled(),
        `"${button}" is no longer possible once delivered`);
    }
    await screenshot(page, 'cases-case-lab');
  });

  it('shows the dentist the timeline newest first and carries a message to the lab', { timeout: TEST_TIMEOUT_MS }, async () => {
    needCase();
    const { page } = dentist;
    await open(page, caseUrl);
    const items = await timelineItems(page);
    const at = (text) => items.findIndex((item) => item.includes(text));
    // The dentist reads stages: the lab's steps within Manufacturing make no line of their own.
    assert.ok(at('Out for delivery → Delivered') >= 0, `the timeline has "Out for delivery → Delivered" (${items.join(' | ')})`);
    assert.ok(at('Received → In design') >= 0, 'the timeline has "Received → In design"');
    assert.ok(at('Out for delivery → Delivered') < at('Received → In design'), 'newest first: delivery above the start of design');
    assert.equal(at('Out for delivery → Delivered'), 0, 'the delivery is the newest entry');
    assert.ok(at('Technician assigned') > at('Received → In design'), 'the assignment came before design started');
    for (const internal of ['Finishing', 'Quality check', 'Production', 'Shipped']) {
      assert.equal(at(internal), -1, `no "${internal}" for the dentist`);
    }
    assert.ok(at('Draft → Received') === items.length - 1, 'the submission is the oldest entry');

    const chat = region(page, 'Messages');
    assert.ok(await chat.getByText('No messages yet.', { exact: true }).isVisible());
    await chat.getByLabel('Message', { exact: true }).fill(CHAT);
    await submitWith(page, chat.getByRole('button', { name: 'Send', exact: true }));
    assert.equal(`${molard.url}${pathOf(page)}`, caseUrl);
    const sent = region(page, 'Messages').getByRole('listitem').filter({ hasText: CHAT });
    assert.equal(await sent.count(), 1, 'the message is in the conversation');
    assert.ok((await sent.textContent()).includes(PEARL_DENTIST.name), 'signed with the dentist\'s name');
    await screenshot(page, 'cases-case-dentist');

    await open(lab.page, caseUrl);
    const received = region(lab.page, 'Messages').getByRole('listitem').filter({ hasText: CHAT });
    assert.equal(await received.count(), 1, 'the lab sees the message');
    assert.ok((await received.textContent()).includes(PEARL_DENTIST.name));
  });

  it('shows the public tracker the stage and nothing personal', { timeout: TEST_TIMEOUT_MS }, async () => {
    needCase();
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await open(page, `${molard.url}/`);
      await submitWith(page, mainNav(page).getByRole('link', { name: 'Track a case', exact: true }));
      assert.equal(pathOf(page), '/track');
      assert.equal((await mainHeading(page).textContent()).trim(), 'Track a case');
      await page.getByLabel('Case number', { exact: true }).fill(caseNumber.toLowerCase());
      await submitWith(page, page.getByRole('button', { name: 'Track', exact: true }));
      assert.equal(pathOf(page), `/track/${caseNumber}`, 'the number, in any case, leads to its page');
      const answer = await open(page, `${molard.url}/track/${caseNumber}`);
      assert.equal(answer.headers()['cache-control'], 'no-store');

      const result = region(page, caseNumber);
      assert.match((await result.textContent()).replace(/\s+/g, ' '), /Stage: Delivered/);
      assert.equal((await result.locator('[aria-current="step"]').textContent()).trim(), 'Delivered',
        'the current stage is marked');
      const text = await page.getByRole('main').textContent();
      for (const personal of [PATIENT_REF, 'Pearl', PRODUCT, 'Zirconia', PEARL_DENTIST.name, TECHNICIAN.name, CLINIC, CHAT]) {
        assert.ok(!text.includes(personal), `the tracker does not show "${personal}"`);
      }
      assert.ok(await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).isVisible(),
        'nobody is signed in');
      await screenshot(page, 'cases-track');
    } finally {
      await context.close();
    }
  });

  it('answers 404 on the tracker for an unknown number', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await open(page, `${molard.url}/track/TR-000000-0000`, 404);
      assert.match(await page.getByRole('main').textContent(), /No case with this number can be shown/);
      await open(page, `${molard.url}/track/not-a-number`, 404);
      assert.match(await page.getByRole('main').textContent(), /No case with this number can be shown/);
      await screenshot(page, 'cases-track-unknown');
    } finally {
      await context.close();
    }
  });
});
