// The public tracker in a real browser, read as a patient would, by role and text: a case
// the lab put on hold shows the stages it passed, the stage it reached, then "On hold",
// and no later stage ticked; a delivered case shows every stage passed and no due date.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, submitWith } from './lib/browser.mjs';
import { LAB_ADMIN, CASE_NUMBER, startCasesMolard, signIn, open } from './lib/cases.mjs';

const TEST_TIMEOUT_MS = 120_000;

const board = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });

/** The first case of a lab board page: its number and its page. */
async function firstCase(page, url) {
  await open(page, url);
  const link = board(page).getByRole('row').nth(1).getByRole('link');
  const number = (await link.textContent()).trim();
  assert.match(number, CASE_NUMBER);
  return { number, href: await link.getAttribute('href') };
}

/** The tracker's stages as the accessibility tree names them, and the current one. */
async function stages(page) {
  const list = page.getByRole('list', { name: 'Stages of the case', exact: true });
  const items = await list.getByRole('listitem').allTextContents();
  const current = (await list.locator('[aria-current="step"]').allTextContents()).map((t) => t.trim());
  return { items: items.map((t) => t.trim()), current };
}

describe('public tracker', () => {
  let molard;
  let browser;
  let lab;
  let visitor;

  before(async () => {
    [molard, browser] = await Promise.all([startCasesMolard(), launchBrowser()]);
    lab = await newPage(browser, { locale: 'en-US' });
    visitor = await newPage(browser, { locale: 'en-US' });
    await signIn(lab.page, molard.url, LAB_ADMIN);
  });

  after(async () => {
    await lab?.context.close();
    await visitor?.context.close();
    await browser?.close();
    await molard?.stop();
  });

  it('shows where a held case stopped, then On hold', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = lab;
    // A crown the lab accepts, so it is in design, then holds.
    const received = await firstCase(page, `${molard.url}/lab/cases?status=received`);
    await open(page, new URL(received.href, molard.url).href);
    await submitWith(page, page.getByRole('button', { name: 'Receive and start design', exact: true }));
    // Each action that asks for a reason has its own Reason box, in the form of its button.
    const hold = page.getByRole('button', { name: 'Put on hold', exact: true });
    const holdForm = page.locator('form').filter({ has: hold });
    await holdForm.getByLabel('Reason', { exact: true }).fill('The margin is unclear on the scan');
    await submitWith(page, hold);

    const tracker = visitor.page;
    await open(tracker, `${molard.url}/track/${received.number}`);
    assert.ok(await tracker.getByText('Stage: On hold').isVisible(), 'the stage line says On hold');
    const { items, current } = await stages(tracker);
    assert.deepEqual(items, ['Received (done)', 'Accepted (done)', 'In design (reached)', 'On hold',
      'Manufacturing', 'Out for delivery', 'Delivered']);
    assert.deepEqual(current, ['On hold']);
    assert.equal(await tracker.getByText('The margin is unclear').count(), 0, 'the reason stays private');
  });

  it('shows a delivered case with every stage passed and no due date', { timeout: TEST_TIMEOUT_MS }, async () => {
    const delivered = await firstCase(lab.page, `${molard.url}/lab/cases?status=delivered`);
    const tracker = visitor.page;
    await open(tracker, `${molard.url}/track/${delivered.number}`);
    const { items, current } = await stages(tracker);
    assert.deepEqual(current, ['Delivered']);
    assert.equal(items.at(-1), 'Delivered');
    assert.ok(items.slice(0, -1).every((item) => item.endsWith('(done)')), `all passed: ${items.join(', ')}`);
    assert.equal(await tracker.getByText(/^Due\b/).count(), 0, 'no due date once delivered');
  });
});
