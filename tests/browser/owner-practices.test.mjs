// My Account → Clinics in a real browser, on the demo data with the cases plugin: Pearl
// Dental's owner adds a clinic (a wrong entry first, its errors beside the fields), removes
// it after a confirmation page (going back once first), and removes West Bay, whose demo
// cases keep it archived and out of the wizard. Locators are by role, label and visible text.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, submitWith } from './lib/browser.mjs';
import { PEARL_DENTIST, PEARL_OWNER, startCasesMolard, signIn, open, mainHeading, pathOf } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;
const PHONE_ERROR =
  'Enter the number in international form: + then the country code and number, e.g. +97455060499.';

const main = (page) => page.getByRole('main');
const clinicsTable = (page) => main(page).getByRole('table', { name: 'Clinics in use', exact: true });
const rowHeaders = async (page) =>
  (await clinicsTable(page).getByRole('rowheader').allTextContents()).map((text) => text.trim());
const description = (locator) => locator.evaluate((element) =>
  (element.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent.trim()).join(' '));

describe('owner clinics', () => {
  let molard;
  let browser;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
  });

  after(async () => {
    await molard?.stop();
    await browser?.close();
  });

  it('adds a clinic, then removes it after confirming', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(page, molard.url, PEARL_OWNER);
      await page.getByRole('banner').getByRole('link', { name: 'Clinics', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/organization/clinics');
      assert.equal(await mainHeading(page).textContent(), 'Your clinics');
      assert.deepEqual(await rowHeaders(page), ['Pearl Dental Al Sadd', 'Pearl Dental West Bay']);

      // A wrong entry: no name, a local phone number. The errors stand beside their fields.
      const form = main(page).getByRole('form', { name: 'Add a clinic', exact: true });
      await form.getByLabel('Address', { exact: true }).fill('Marina 1, Lusail');
      await form.getByLabel('Clinic phone (optional)', { exact: true }).fill('44001122');
      await submitWith(page, form.getByRole('button', { name: 'Add clinic', exact: true }));
      const name = form.getByLabel('Clinic name', { exact: true });
      const phone = form.getByLabel('Clinic phone (optional)', { exact: true });
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.equal(await description(name), 'Fill this in (at most 200 characters).');
      assert.equal(await phone.getAttribute('aria-invalid'), 'true');
      assert.ok((await description(phone)).endsWith(PHONE_ERROR), await description(phone));
      assert.equal(await form.getByLabel('Address', { exact: true }).inputValue(), 'Marina 1, Lusail');
      await screenshot(page, 'owner-practices-errors');

      await name.fill('Pearl Dental Lusail');
      await phone.fill('+97444001122');
      await form.getByLabel('Country', { exact: true }).selectOption({ label: 'Qatar' });
      await submitWith(page, form.getByRole('button', { name: 'Add clinic', exact: true }));
      assert.equal(pathOf(page), '/organization/clinics');
      assert.ok(await main(page).getByRole('status').getByText('The clinic is added.').isVisible());
      assert.deepEqual(await rowHeaders(page),
        ['Pearl Dental Al Sadd', 'Pearl Dental Lusail', 'Pearl Dental West Bay']);

      // Removing asks first; going back keeps the clinic.
      const remove = clinicsTable(page).getByRole('link', { name: 'Remove Pearl Dental Lusail', exact: true });
      await remove.click();
      await page.waitForURL((url) => url.pathname.endsWith('/remove'));
      assert.equal(await mainHeading(page).textContent(), 'Remove a clinic');
      assert.ok(await main(page).getByText('Remove the clinic Pearl Dental Lusail?', { exact: true }).isVisible());
      await main(page).getByRole('link', { name: 'Keep it and go back', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/organization/clinics');
      assert.ok((await rowHeaders(page)).includes('Pearl Dental Lusail'));

      await remove.click();
      await page.waitForURL((url) => url.pathname.endsWith('/remove'));
      await screenshot(page, 'owner-practices-confirm');
      await submitWith(page, main(page).getByRole('button', { name: 'Yes, remove the clinic', exact: true }));
      assert.equal(pathOf(page), '/organization/clinics');
      assert.ok(await main(page).getByRole('status').getByText('The clinic is removed.').isVisible());
      assert.deepEqual(await rowHeaders(page), ['Pearl Dental Al Sadd', 'Pearl Dental West Bay']);
      assert.equal(await main(page).getByRole('heading', { name: 'Archived clinics' }).count(), 0);
    } finally {
      await context.close();
    }
  });

  it('archives a clinic that cases name, and the wizard no longer offers it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const owner = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    const dentist = await newPage(browser, { locale: 'en-US', colorScheme: 'light' });
    try {
      await signIn(dentist.page, molard.url, PEARL_DENTIST);
      await open(dentist.page, `${molard.url}/cases/new`);
      const clinic = dentist.page.getByLabel('Clinic', { exact: true });
      assert.ok((await clinic.locator('option').allTextContents()).includes('Pearl Dental West Bay'));

      const { page } = owner;
      await signIn(page, molard.url, PEARL_OWNER);
      await open(page, `${molard.url}/organization/clinics`);
      await clinicsTable(page).getByRole('link', { name: 'Remove Pearl Dental West Bay', exact: true }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/remove'));
      await submitWith(page, main(page).getByRole('button', { name: 'Yes, remove the clinic', exact: true }));
      assert.ok(await main(page).getByRole('status').getByText(/so it is archived/).isVisible());
      assert.deepEqual(await rowHeaders(page), ['Pearl Dental Al Sadd']);
      const archived = main(page).getByRole('heading', { name: 'Archived clinics', exact: true });
      assert.ok(await archived.isVisible());
      assert.ok(await main(page).getByRole('listitem').filter({ hasText: 'Pearl Dental West Bay' }).isVisible());
      await screenshot(page, 'owner-practices-archived');

      // One clinic left: the wizard asks for none and offers West Bay nowhere.
      await open(dentist.page, `${molard.url}/cases/new`);
      assert.equal(await dentist.page.getByLabel('Clinic', { exact: true }).count(), 0);
      assert.equal(await main(dentist.page).getByText('Pearl Dental West Bay').count(), 0);
    } finally {
      await owner.context.close();
      await dentist.context.close();
    }
  });
});
