// An aligner case's patient details, in a real browser, where the lab allows names
// (cases.patientNames=true): a Pearl Dental dentist sends clear aligners with the patient's
// name, gender, date of birth and country (a date in the future is refused beside its
// field), submits the case, then corrects the patient's last name on the case page; the
// timeline says so. Locators are by role, label and visible text only.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import { PEARL_DENTIST, CASE_NUMBER, startCasesMolard, signIn, open, pathOf, checkPage } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 90_000;
const CLINIC = 'Pearl Dental Al Sadd';

const saveAndContinue = (page) =>
  submitWith(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
const stepHeading = (page) => page.getByRole('main').getByRole('heading', { level: 2 }).first();
const flat = (text) => text.replace(/\s+/g, ' ').trim();
// The case page's data as term → description.
const caseData = (region) => region.locator('dl').first().evaluate((list) => Object.fromEntries(
  Array.from(list.querySelectorAll('dt')).map((term) => [term.textContent.trim(), term.nextElementSibling.textContent.trim()])));

describe('an aligner patient\'s details', () => {
  let molard;
  let browser;
  let dentist; // { context, page }
  let caseUrl = '';

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard({ 'cases.patientNames': 'true' }), launchBrowser()]);
    dentist = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    await signIn(dentist.page, molard.url, PEARL_DENTIST);
  });

  after(async () => {
    await dentist?.context.close();
    await browser?.close();
    await molard?.stop();
  });

  it('sends clear aligners with the patient\'s gender, date of birth and country', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = dentist;
    await open(page, `${molard.url}/cases/new`);
    await page.getByLabel('Clinic', { exact: true }).selectOption({ label: CLINIC });
    await page.getByLabel('Patient reference', { exact: true }).fill('P-8841');
    await saveAndContinue(page);
    const draftPath = pathOf(page).replace(/\/edit\/product$/, '');
    await page.getByRole('radio', { name: 'Clear aligners', exact: true }).check();
    await saveAndContinue(page);

    // The patient step follows the product, for aligner work.
    assert.equal(pathOf(page), `${draftPath}/edit/patient`);
    assert.equal((await stepHeading(page).textContent()).trim(), 'Patient details');
    await checkPage(page, 'the patient step');
    const country = page.getByLabel('Country', { exact: true });
    const countries = await country.evaluate((select) => Array.from(select.options).map((o) => o.text.trim()));
    assert.deepEqual(countries.slice(0, 7),
      ['Not given', 'Qatar', 'United Arab Emirates', 'Saudi Arabia', 'Kuwait', 'Bahrain', 'Oman'],
      'the Gulf first');
    assert.equal(countries[7], 'India', 'then South Asia');
    const gender = page.getByLabel('Gender', { exact: true });
    assert.deepEqual(await gender.evaluate((select) => Array.from(select.options).map((o) => o.text.trim())),
      ['Not given', 'Female', 'Male', 'Other']);
    const birthDate = page.getByLabel('Date of birth', { exact: true });
    assert.equal(await birthDate.getAttribute('type'), 'date');

    await page.getByLabel('First name', { exact: true }).fill('Jane');
    await page.getByLabel('Last name', { exact: true }).fill('Hadad');
    await gender.selectOption({ label: 'Female' });
    await birthDate.fill('2099-01-01');
    await country.selectOption({ label: 'Qatar' });
    await saveAndContinue(page);
    // Refused beside the field, which names its message; what was typed stays.
    assert.equal(pathOf(page), `${draftPath}/edit/patient`);
    const dateField = page.getByLabel('Date of birth', { exact: true });
    assert.equal(await dateField.getAttribute('aria-invalid'), 'true');
    const described = await dateField.getAttribute('aria-describedby');
    assert.equal(flat(await page.locator(`#${described}`).textContent()), 'The date of birth cannot be in the future.');
    assert.equal(await page.getByLabel('Last name', { exact: true }).inputValue(), 'Hadad');
    await screenshot(page, 'cases-patient-details-refused');
    await dateField.fill('2010-04-25');
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/teeth`);

    await page.getByRole('radio', { name: 'Both arches', exact: true }).check();
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/fields`);
    for (const [field, option] of [['Impression type', 'Intraoral scan'], ['Treatment type', '7-7 Full treatment'],
      ['Overjet', 'Maintain'], ['Overbite', 'Maintain'], ['Midline', 'Maintain'], ['IPR', 'As recommended'],
      ['Attachments', 'As recommended'], ['Design', 'Standard']]) {
      await page.getByRole('group', { name: new RegExp(`^${field}`) }).getByRole('radio', { name: option, exact: true }).check();
    }
    await saveAndContinue(page);
    assert.equal(pathOf(page), `${draftPath}/edit/files`);
    await submitWith(page, page.getByRole('link', { name: 'Continue', exact: true }));
    await page.getByLabel('I confirm that I have filled out the form completely and truthfully.').check();
    await page.getByLabel(/I confirm that I have read and accepted the privacy policy/).check();
    await submitWith(page, page.getByRole('button', { name: 'Create the draft', exact: true }));
    await submitWith(page, page.getByRole('link', { name: 'Submit the case', exact: true }));
    await submitWith(page, page.getByRole('button', { name: 'Yes, submit the case', exact: true }));
    assert.equal(pathOf(page), draftPath, 'the case page opens');
    const banner = (await page.getByRole('status').filter({ hasText: 'submitted' }).textContent()).trim();
    const caseNumber = banner.match(CASE_NUMBER)[0];
    caseUrl = `${molard.url}${draftPath}`;

    const data = await caseData(page.getByRole('region', { name: `Case ${caseNumber}`, exact: true }));
    for (const [term, value] of [['Patient name', 'Jane Hadad'], ['Gender', 'Female'], ['Date of birth', 'Apr 25, 2010'],
      ['Country', 'Qatar']]) {
      assert.equal(data[term], value, `the case shows its ${term}`);
    }
  });

  it('lets the clinic correct the patient\'s last name, and says so on the timeline', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(caseUrl, 'the first test submitted the case');
    const { page } = dentist;
    await open(page, caseUrl);
    await checkPage(page, 'the case page');
    const form = page.getByRole('region', { name: 'Correct the patient\'s name', exact: true });
    const lastName = form.getByLabel('Last name', { exact: true });
    assert.equal(await lastName.inputValue(), 'Hadad');
    // A blank last name is refused beside it.
    await lastName.fill('');
    await submitWith(page, form.getByRole('button', { name: 'Save the name', exact: true }));
    const refused = page.getByRole('region', { name: 'Correct the patient\'s name', exact: true }).getByLabel('Last name', { exact: true });
    assert.equal(await refused.getAttribute('aria-invalid'), 'true');
    assert.equal(flat(await page.locator(`#${await refused.getAttribute('aria-describedby')}`).textContent()),
      'Enter the patient\'s last name.');

    await refused.fill('Haddad');
    await submitWith(page, page.getByRole('region', { name: 'Correct the patient\'s name', exact: true })
      .getByRole('button', { name: 'Save the name', exact: true }));
    assert.match(await page.getByRole('status').first().textContent(), /The patient's name was corrected\./);
    const data = await caseData(page.getByRole('region', { name: /^Case / }));
    assert.equal(data['Patient name'], 'Jane Haddad', 'the new name shows');
    const timeline = (await page.getByRole('region', { name: 'Activity', exact: true }).getByRole('listitem').allTextContents())
      .map(flat);
    assert.ok(timeline[0].includes('Patient name corrected'), `the newest entry says so (${timeline[0]})`);
    assert.ok(!timeline.some((entry) => entry.includes('Haddad')), 'the timeline does not repeat the name');
    await screenshot(page, 'cases-patient-details-renamed');
  });
});
