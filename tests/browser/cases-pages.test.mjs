// The cases plugin's pages in a real browser, on the demo data: My cases (quick filters,
// search), a wrong entry in the wizard, and for every page (each wizard step, the case page,
// My cases, the lab board, the tracker) in light and dark: accessible names of the form
// controls, one h1 and headings in order, text contrast; then the wizard in Arabic, right to
// left. Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, screenshot, submitWith, rootAttributes, bodyColours, luminance,
  contrastRatio, textColours,
} from './lib/browser.mjs';
import {
  LAB_ADMIN, PEARL_DENTIST, PEARL_OWNER, CASE_NUMBER, startCasesMolard, signIn, open, mainHeading, pathOf,
  unnamedControls, headingOutline, outlineProblems, lowContrastText, description,
} from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;
const WIZARD_STEPS = ['details', 'product', 'teeth', 'shade', 'fields', 'files', 'confirm'];
const PATIENT_REF_ERROR = 'Enter a reference of 1 to 64 letters, digits, spaces or - _ . / #.';

const casesTable = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });
const bodyRows = async (page) => {
  const rows = casesTable(page).getByRole('row');
  // The first row holds the column headers.
  return (await rows.all()).slice(1);
};
/** How far the cases table sticks out of its scrolling frame, in pixels. */
const tableOverflow = (page) => casesTable(page).evaluate((table) =>
  Math.max(0, table.parentElement.scrollWidth - table.parentElement.clientWidth));
/** The case data list as { term: definition }. */
const caseData = (page, heading) => page.getByRole('region', { name: heading, exact: true }).evaluate((section) =>
  Object.fromEntries(Array.from(section.querySelectorAll('dt'), (dt) =>
    [dt.textContent.trim(), dt.nextElementSibling?.textContent.trim() ?? ''])));
const saveAndContinue = (page) =>
  submitWith(page, page.getByRole('button', { name: 'Save and continue', exact: true }));

describe('cases pages', () => {
  let molard;
  let browser;
  let dentist;
  let draftPath = '';
  let demoCasePath = '';
  let demoNumber = '';

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
    dentist = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    const { page } = dentist;
    await signIn(page, molard.url, PEARL_DENTIST);

    // A zirconia crown draft, so that every step of the wizard exists.
    await open(page, `${molard.url}/cases/new`);
    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: 'Pearl Dental West Bay' });
    await page.getByLabel('Patient reference', { exact: true }).fill('P-A11Y');
    await saveAndContinue(page);
    await page.getByRole('radio', { name: 'Zirconia crown', exact: true }).check();
    await saveAndContinue(page);
    await page.getByRole('button', { name: /^Tooth 21, / }).click();
    await page.getByRole('menuitemradio', { name: 'Crown', exact: true }).click();
    await saveAndContinue(page);
    draftPath = pathOf(page).replace(/\/edit\/shade$/, '');
    assert.match(draftPath, /^\/cases\/\d+$/, 'the draft reached the shade step');

    // A submitted demo case with a scan: P-002 gets one from the demo data.
    await open(page, `${molard.url}/cases?q=P-002`);
    const [row] = await bodyRows(page);
    assert.ok(row, 'the demo case P-002 is listed');
    const link = row.getByRole('link');
    demoNumber = (await link.textContent()).trim();
    assert.match(demoNumber, CASE_NUMBER);
    demoCasePath = new URL(await link.getAttribute('href'), molard.url).pathname;
  });

  after(async () => {
    await dentist?.context.close();
    await browser?.close();
    await molard?.stop();
  });

  it('filters My cases with the quick filter counts', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/cases`);
    assert.equal((await mainHeading(page).textContent()).trim(), 'My cases');
    const filters = page.getByRole('navigation', { name: 'Cases by status', exact: true });
    const links = await filters.getByRole('link').all();
    const counts = new Map();
    for (const link of links) {
      const match = /^(.+?)\s+(\d+)$/.exec((await link.textContent()).replace(/\s+/g, ' ').trim());
      assert.ok(match, `a quick filter reads "<status> <count>" (${await link.textContent()})`);
      counts.set(match[1], Number(match[2]));
    }
    assert.ok(counts.get('All') >= 20, `"All" counts the demo cases (${counts.get('All')})`);
    assert.equal(counts.get('Received'), 1, 'one demo case is received');
    assert.equal(counts.get('Draft'), 3, 'two demo drafts and the test\'s own');
    const sum = [...counts].filter(([label]) => label !== 'All').reduce((total, [, n]) => total + n, 0);
    assert.equal(sum, counts.get('All'), 'the statuses add up to "All"');
    await screenshot(page, 'cases-my-cases');
    assert.equal(await tableOverflow(page), 0, 'at desktop width the whole table, ETA included, is in view');

    // A clinic's stages, never the lab's own steps.
    for (const internal of ['Design', 'Production', 'Finishing', 'Quality check', 'Invoicing']) {
      assert.ok(!counts.has(internal), `no quick filter for the lab's "${internal}"`);
    }
    for (const label of ['Received', 'Delivered', 'Draft', 'In design', 'Manufacturing']) {
      const link = filters.getByRole('link', { name: new RegExp(`^${label} \\d+$`) });
      await submitWith(page, link);
      assert.equal(await filters.getByRole('link', { name: new RegExp(`^${label} \\d+$`) }).getAttribute('aria-current'), 'page',
        `"${label}" is marked as the current filter`);
      const rows = await bodyRows(page);
      assert.equal(rows.length, Math.min(counts.get(label), 25), `"${label} ${counts.get(label)}" lists as many cases`);
      for (const row of rows) {
        const status = (await row.getByRole('cell').nth(2).textContent()).trim();
        assert.equal(status, label, `every case under "${label}" has that status`);
      }
    }
  });

  it('shows a clinic its stages on My cases, the case page and its timeline', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/cases`);
    const stages = (await page.getByRole('combobox', { name: 'Status', exact: true }).getByRole('option').allTextContents())
      .map((text) => text.trim());
    for (const stage of ['Received', 'Accepted', 'In design', 'Manufacturing', 'Out for delivery', 'Delivered', 'On hold',
      'Cancelled', 'Remake requested']) {
      assert.ok(stages.includes(stage), `the status choice offers "${stage}" (${stages.join(', ')})`);
    }
    for (const internal of ['Design', 'Production', 'Finishing', 'Quality check', 'Invoicing']) {
      assert.ok(!stages.includes(internal), `the status choice hides the lab's "${internal}"`);
    }
    // The demo's cases in finishing and in quality check read Manufacturing, on the page and in the timeline.
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Manufacturing' });
    await submitWith(page, page.getByRole('button', { name: 'Apply filters', exact: true }));
    const rows = await bodyRows(page);
    assert.equal(rows.length, 3, 'production, finishing and quality check are one stage');
    const links = await Promise.all(rows.map((row) => row.getByRole('link').getAttribute('href')));
    for (const href of links) {
      await open(page, new URL(href, molard.url).href);
      const summary = page.getByRole('region', { name: /^Case TR-/ });
      assert.ok(await summary.getByText('Manufacturing', { exact: true }).isVisible(), `${href} reads Manufacturing`);
      const timeline = await page.getByRole('region', { name: 'Activity', exact: true }).getByRole('listitem').allTextContents();
      assert.ok(timeline.some((entry) => entry.includes('In design → Manufacturing')), `the move into Manufacturing: ${timeline.join(' | ')}`);
      for (const internal of ['Finishing', 'Quality check', 'Production', 'Manufacturing → Manufacturing']) {
        assert.ok(!timeline.some((entry) => entry.includes(internal)), `the timeline hides "${internal}"`);
        assert.equal(await summary.getByText(internal, { exact: true }).count(), 0, `the case page hides "${internal}"`);
      }
    }
  });

  it('finds a case on My cases by its number', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/cases`);
    const search = page.getByRole('searchbox', { name: 'Case number, patient reference or product', exact: true });
    await search.fill(demoNumber.toLowerCase());
    await submitWith(page, page.getByRole('button', { name: 'Apply filters', exact: true }));
    const rows = await bodyRows(page);
    assert.equal(rows.length, 1, `searching for ${demoNumber} lists one case`);
    assert.equal((await rows[0].getByRole('link').textContent()).trim(), demoNumber);
    assert.equal(await page.getByRole('searchbox', { name: 'Case number, patient reference or product' }).inputValue(),
      demoNumber.toLowerCase(), 'the search stays in the box');

    await search.fill('TR-000000-0000');
    await submitWith(page, page.getByRole('button', { name: 'Apply filters', exact: true }));
    assert.ok(await page.getByText('No cases match.', { exact: true }).isVisible(), 'an unknown number finds nothing');
  });

  it('keeps the other input and explains an empty patient reference beside the field', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/cases/new`);
    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: 'Pearl Dental Al Sadd' });
    await page.getByLabel('Patient reference', { exact: true }).fill('   ');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/cases/new');
    await saveAndContinue(page);
    assert.equal((await answer).status(), 400, 'the form is refused with 400');
    assert.equal(pathOf(page), '/cases/new', 'no draft is made');

    assert.match(await page.getByRole('alert').first().textContent(), /Some fields need your attention/);
    const field = page.getByLabel('Patient reference', { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    const said = await description(field);
    assert.ok(said.includes(PATIENT_REF_ERROR), `the field is described by its error (${said})`);
    const error = page.getByText(PATIENT_REF_ERROR, { exact: true });
    const [fieldBox, errorBox] = [await field.boundingBox(), await error.boundingBox()];
    assert.ok(errorBox.y >= fieldBox.y + fieldBox.height - 1 && errorBox.y - (fieldBox.y + fieldBox.height) < 80,
      'the message is right below the field');
    const clinic = page.getByLabel('Clinic', { exact: true });
    assert.equal(await clinic.evaluate((select) => select.selectedOptions[0].text), 'Pearl Dental Al Sadd',
      'the chosen clinic is kept');
    const colours = await textColours(error);
    assert.ok(contrastRatio(colours.text, colours.background) >= 4.5, 'the error is readable');
    await screenshot(page, 'cases-wizard-error');

    // A name in place of a reference is refused too, and the typed text is kept to correct.
    await field.fill('Ahmed <Khalil>');
    await saveAndContinue(page);
    assert.equal(await page.getByLabel('Patient reference', { exact: true }).inputValue(), 'Ahmed <Khalil>');
    assert.equal(await page.getByLabel('Patient reference', { exact: true }).getAttribute('aria-invalid'), 'true');
  });

  it('explains a missing margin design beside the choice', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${draftPath}/edit/fields`);
    await page.getByLabel('Notes for the lab', { exact: true }).fill('Light occlusal contact, please.');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${draftPath}/edit/fields`);
    await saveAndContinue(page);
    assert.equal((await answer).status(), 400, 'the prescription is refused without a margin design');
    const margin = page.getByRole('group', { name: /^Margin design/ });
    const said = await description(margin);
    assert.notEqual(said, '', 'the margin design group is described by its error');
    assert.ok(await margin.getByText(said, { exact: true }).isVisible(), `the error "${said}" is shown inside the group`);
    assert.equal(await page.getByLabel('Notes for the lab', { exact: true }).inputValue(), 'Light occlusal contact, please.',
      'the notes typed are kept');
  });

  it('shows the lab board whole at desktop width', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(page, molard.url, LAB_ADMIN);
      await open(page, `${molard.url}/lab/cases`);
      assert.equal(await tableOverflow(page), 0, 'the board\'s table, ETA included, is in view');
      const overdue = casesTable(page).getByText(/overdue/).first();
      assert.ok(await overdue.isVisible(), 'an overdue case says so');
      const [box, viewport] = [await overdue.boundingBox(), page.viewportSize()];
      assert.ok(box.x + box.width <= viewport.width, 'the overdue mark is on screen');
    } finally {
      await context.close();
    }
  });

  it('shows when a case was created, submitted and updated', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${demoCasePath}`);
    const data = await caseData(page, `Case ${demoNumber}`);
    for (const term of ['Created', 'Submitted', 'Updated']) {
      // As English writes a date and a time: "Dec 2, 2026, 5:13 AM".
      assert.match(data[term] ?? '', /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\u202f[AP]M$/,
        `"${term}" shows a time (${JSON.stringify(data[term])})`);
    }
  });

  it('previews the demo data\'s scans', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}${demoCasePath}`);
    const files = page.getByRole('region', { name: 'Files', exact: true });
    await files.getByRole('button', { name: 'Preview demo-upper.stl', exact: true }).click();
    const canvas = files.getByRole('img', { name: '3D preview of the scan; drag to turn it', exact: true });
    await page.waitForFunction((element) => element.dataset.loaded === 'true' ||
      (element.dataset.loaded === 'false' && !element.parentElement.hasAttribute('aria-busy')),
    await canvas.elementHandle(), { timeout: 30_000 });
    const said = (await files.getByRole('status').allTextContents()).join(' ');
    assert.equal(await canvas.getAttribute('data-loaded'), 'true', `the demo cube is drawn (the panel says: ${said})`);
    assert.equal(await canvas.getAttribute('data-triangles'), '12', 'a cube of 12 triangles');
  });

  for (const colorScheme of ['light', 'dark']) {
    it(`passes the page checks on every page in the ${colorScheme} scheme`, { timeout: 4 * TEST_TIMEOUT_MS }, async () => {
      const problems = [];
      const people = {
        dentist: await newPage(browser, { locale: 'en-US', colorScheme }),
        lab: await newPage(browser, { locale: 'en-US', colorScheme }),
        visitor: await newPage(browser, { locale: 'en-US', colorScheme }),
      };
      try {
        await signIn(people.dentist.page, molard.url, PEARL_DENTIST);
        await signIn(people.lab.page, molard.url, LAB_ADMIN);
        const pages = [
          ...WIZARD_STEPS.map((step) => ['dentist', `${draftPath}/edit/${step}`, `wizard-${step}`]),
          ['dentist', '/cases/new', 'wizard-new'],
          ['dentist', draftPath, 'case-draft'],
          ['dentist', `${draftPath}/submit`, 'submit'],
          ['dentist', demoCasePath, 'case-dentist'],
          ['dentist', '/cases', 'my-cases'],
          ['lab', '/lab/cases', 'lab-board'],
          ['lab', demoCasePath, 'case-lab'],
          ['visitor', '/track', 'track-form'],
          ['visitor', `/track/${demoNumber}`, 'track'],
        ];
        for (const [who, path, name] of pages) {
          const { page } = people[who];
          await open(page, `${molard.url}${path}`);
          const where = `${path} (${who}, ${colorScheme})`;
          const theme = await rootAttributes(page);
          const { text, background } = await bodyColours(page);
          const lum = luminance(background);
          if (colorScheme === 'dark' ? lum > 0.2 : lum < 0.5) {
            problems.push(`${where}: background luminance ${lum.toFixed(3)} in data-theme=${theme.theme}`);
          }
          const bodyRatio = contrastRatio(text, background);
          if (bodyRatio < 4.5) problems.push(`${where}: body text ${bodyRatio.toFixed(2)}:1`);
          const { unnamed, checked } = await unnamedControls(page);
          if (checked === 0) problems.push(`${where}: no form controls found`);
          problems.push(...unnamed.map((u) => `${where}: unnamed ${u}`));
          problems.push(...outlineProblems(await headingOutline(page)).map((p) => `${where}: ${p}`));
          problems.push(...(await lowContrastText(page)).map((p) => `${where}: ${p}`));
          if (['wizard-teeth', 'case-dentist', 'lab-board', 'track', 'my-cases', 'case-lab'].includes(name)) {
            await screenshot(page, `cases-${name}-${colorScheme}`);
          }
        }
      } finally {
        for (const { context } of Object.values(people)) await context.close();
      }
      assert.deepEqual(problems, [], 'page check failures');
    });
  }

  it('shows the wizard right to left in Arabic', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      // A signed-in person's language is the one in their profile (the footer's choice
      // only applies to visitors), so the practice owner picks Arabic there.
      await signIn(page, molard.url, PEARL_OWNER);
      await open(page, `${molard.url}/account/profile`);
      await page.getByLabel('Site language', { exact: true }).selectOption('ar');
      await submitWith(page, page.getByRole('button', { name: 'Save profile', exact: true }));
      await open(page, `${molard.url}/cases/new`);
      const root = await rootAttributes(page);
      assert.equal(root.lang, 'ar');
      assert.equal(root.dir, 'rtl');
      assert.equal((await mainHeading(page).textContent()).trim(), 'إرسال حالة');
      assert.ok(await page.getByLabel('العيادة', { exact: true }).isVisible(), 'the clinic is labelled in Arabic');
      assert.ok(await page.getByLabel('الرقم المرجعي للمريض', { exact: true }).isVisible(),
        'the patient reference is labelled in Arabic');
      assert.ok(await page.getByRole('button', { name: 'حفظ ومتابعة', exact: true }).isVisible());
      const { unnamed } = await unnamedControls(page);
      assert.deepEqual(unnamed, [], 'controls without a name in Arabic');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `nothing sticks out sideways (${overflow}px)`);
      await screenshot(page, 'cases-wizard-arabic');

      await open(page, `${molard.url}${draftPath}/edit/teeth`);
      assert.equal((await rootAttributes(page)).dir, 'rtl');
      const tooth = page.getByRole('button', { name: /^السن 21، / });
      assert.ok(await tooth.isVisible(), 'the chart names tooth 21 in Arabic');
      const name = await tooth.getAttribute('aria-label');
      assert.ok(name.endsWith(': تاج'), `the tooth states are translated (${name})`);
      const teethOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(teethOverflow <= 1, `the tooth chart fits (${teethOverflow}px too wide)`);
      await screenshot(page, 'cases-wizard-teeth-arabic');
    } finally {
      await context.close();
    }
  });
});
