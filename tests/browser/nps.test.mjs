// Feedback in a real browser, as the people who give and read it see it: a clinic owner
// marks a case delivered, follows the case page's "Leave feedback" link and gives a 4 with
// a comment she agrees to publish; the lab lead gets the low score by email at once, opens
// its follow-up from the message and from the Feedback dashboard, and closes it with a
// note. The lab delivers another crown, the owner gives it a 9, and a signed-out visitor reads both comments on
// /reviews with her initials and the cases' last four characters only. Every page is
// checked for names, heading order and contrast in light and dark.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, submitWith, screenshot } from './lib/browser.mjs';
import {
  PEARL_OWNER, LAB_LEAD, LAB_ADMIN, CASE_NUMBER, signIn, open, checkPage, pathOf, lowContrastText, startCasesMolard,
} from './lib/cases.mjs';
import { startSmtpSink } from './lib/smtp.mjs';

const TEST_TIMEOUT_MS = 180_000;
const SCORE_QUESTION = 'How likely are you to recommend our lab to a colleague?';
const CONSENT = "You may publish my comment on the lab's reviews page, with my initials";
// Layla Haddad, the demo's Pearl Dental owner, as /reviews names her.
const OWNER_INITIALS = 'L. H.';

const caseTable = (page) => page.getByRole('table', { name: 'Cases, most recently changed first', exact: true });

/** Pages in light and dark: every control named, headings in order, text readable. */
async function checkBothThemes(browser, url, person, what) {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await newPage(browser, { locale: 'en-US', colorScheme });
    try {
      if (person) await signIn(page, url.origin, person);
      await open(page, url.href);
      await checkPage(page, `${what} (${colorScheme})`);
      problems.push(...(await lowContrastText(page)).map((p) => `${what} (${colorScheme}): ${p}`));
      await screenshot(page, `nps-${url.pathname.replace(/\W+/g, '-').replace(/^-/, '')}-${colorScheme}`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, [], `${what} is readable in light and dark`);
}

/**
 * Opens the first zirconia crown of the clinic's list in a status, has `deliver` deliver it
 * (on its case page), and follows the page's Feedback box to the form. Returns the case
 * number.
 */
async function openFeedbackForm(page, baseUrl, status, deliver) {
  await open(page, `${baseUrl}/cases`);
  const filters = page.getByRole('search', { name: 'Search and filter cases', exact: true });
  await filters.getByLabel('Status', { exact: true }).selectOption({ label: status });
  await filters.getByLabel('Product', { exact: true }).selectOption({ label: 'Zirconia crown' });
  await submitWith(page, filters.getByRole('button', { name: 'Apply filters', exact: true }));
  const link = caseTable(page).getByRole('row').nth(1).getByRole('link', { name: CASE_NUMBER });
  const number = (await link.textContent()).trim();
  await submitWith(page, link);

  const panel = page.getByRole('region', { name: 'Feedback', exact: true });
  assert.equal(await panel.count(), 0, 'no Feedback box before delivery');
  await deliver(page);
  assert.match((await panel.innerText()).replace(/\s+/g, ' '), /How did this case go\?/);
  await submitWith(page, panel.getByRole('link', { name: 'Leave feedback', exact: true }));
  assert.match(pathOf(page), /^\/feedback\/cases\/\d+$/);
  assert.ok((await page.getByRole('main').innerText()).includes(number), 'the form names the case');
  await checkPage(page, 'the feedback form');
  assert.deepEqual(await lowContrastText(page), [], 'the feedback form is readable');
  await screenshot(page, 'nps-feedback-form');
  return number;
}

/** The clinic marks the case of the open page delivered. */
async function clinicMarksDelivered(page) {
  await submitWith(page, page.getByRole('button', { name: 'Mark delivered', exact: true }));
}

/** The lab admin takes the case of the open page on to delivery; the page is reloaded. */
function labDelivers(browser, baseUrl) {
  return async (page) => {
    const lab = await newPage(browser, { locale: 'en-US' });
    try {
      await signIn(lab.page, baseUrl, LAB_ADMIN);
      await open(lab.page, page.url());
      for (const action of ['Move to finishing', 'Move to quality check', 'Ship', 'Mark delivered']) {
        const button = lab.page.getByRole('button', { name: action, exact: true });
        if (await button.count() > 0) await submitWith(lab.page, button);
      }
    } finally {
      await lab.context.close();
    }
    await open(page, page.url());
  };
}

/** Answers the open feedback form as a clinic member would, and checks what follows. */
async function answer(page, { score, comment, fit }) {
  const form = page.getByRole('form', { name: 'Feedback on this case', exact: true });
  await form.getByRole('group', { name: SCORE_QUESTION }).getByRole('radio', { name: String(score), exact: true }).check();
  const fitGroup = form.getByRole('group', { name: 'Fit', exact: true });
  assert.ok(await fitGroup.getByRole('radio', { name: 'Not rated', exact: true }).isChecked(),
    'stars are "Not rated" until chosen');
  await fitGroup.getByRole('radio', { name: fit, exact: true }).check();
  await form.getByLabel('Comment (optional)', { exact: true }).fill(comment);
  await form.getByRole('checkbox', { name: CONSENT, exact: true }).check();
  await submitWith(page, form.getByRole('button', { name: 'Send feedback', exact: true }));

  assert.equal(await page.getByRole('status').filter({ hasText: 'Thank you. Your feedback is saved.' }).count(), 1);
  // Still within the time to change it: the form again, filled in as answered.
  const again = page.getByRole('form', { name: 'Feedback on this case', exact: true });
  assert.ok(await again.getByRole('radio', { name: String(score), exact: true }).isChecked());
  assert.equal(await again.getByLabel('Comment (optional)', { exact: true }).inputValue(), comment);
  assert.ok(await again.getByRole('button', { name: 'Save changes', exact: true }).isVisible());

  // The case page now shows the score.
  await submitWith(page, page.getByRole('link', { name: 'Back to the case', exact: true }));
  const panel = page.getByRole('region', { name: 'Feedback', exact: true });
  assert.match((await panel.innerText()).replace(/\s+/g, ' '), new RegExp(`Your feedback: ${score}/10`));
  assert.ok(await panel.getByRole('link', { name: 'Change', exact: true }).isVisible());
}

describe('feedback and reviews', () => {
  let sink;
  let molard;
  let browser;
  let owner;

  before(async () => {
    [sink, browser] = await Promise.all([startSmtpSink(), launchBrowser()]);
    molard = await startCasesMolard({
      'notify-email.host': '127.0.0.1',
      'notify-email.port': String(sink.port),
      'notify-email.security': 'none',
      'notify-email.from': 'Molar Dental Lab <lab@lab.example>',
      'jobs.pollMillis': '50',
      // The demo data queues a few hundred messages at start; more workers clear them sooner.
      'jobs.workers': '8',
    }, ['cases', 'nps', 'notify-email'], { ownPublicUrl: true });
    owner = await newPage(browser, { locale: 'en-US' });
    await signIn(owner.page, molard.url, PEARL_OWNER);
  });

  after(async () => {
    await owner?.context.close();
    await browser?.close();
    await molard?.stop();
    await sink?.stop();
  });

  it('a clinic leaves a 4 and the lab lead is alerted at once and closes the follow-up', { timeout: TEST_TIMEOUT_MS }, async () => {
    const comment = 'The contacts were too tight; we adjusted chairside.';
    const number = await openFeedbackForm(owner.page, molard.url, 'Out for delivery', clinicMarksDelivered);
    await answer(owner.page, { score: 4, comment, fit: '2 stars' });

    // The lead's email, sent at once, links to the follow-up.
    const mail = await sink.waitFor((m) => m.envelope.rcptTos.includes(LAB_LEAD.email) &&
      m.subject.includes(number) && m.subject.includes('4/10'), `to the lab lead about ${number}'s 4/10`, 60_000);
    const link = mail.html.match(/href="([^"]+\/lab\/feedback\/followups\/\d+)"/)?.[1];
    assert.ok(link, `the email links to the follow-up:\n${mail.text}`);

    const lead = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = lead;
      await signIn(page, molard.url, LAB_LEAD);
      // From the main navigation: the open follow-up, not yet overdue.
      await submitWith(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feedback', exact: true }));
      assert.equal(pathOf(page), '/lab/feedback');
      await checkPage(page, 'the feedback dashboard');
      const openOnes = page.getByRole('table', { name: 'Open follow-ups, the most overdue first', exact: true });
      const row = openOnes.getByRole('row').filter({ hasText: number });
      assert.equal(await row.count(), 1, 'the follow-up is listed');
      assert.match(await row.innerText(), /4\/10/);
      assert.match(await row.innerText(), /Open/);
      assert.doesNotMatch(await row.innerText(), /Overdue/);

      // The email's link opens the same follow-up: the answer, and the form that closes it.
      await open(page, link);
      await checkPage(page, 'the follow-up');
      assert.deepEqual(await lowContrastText(page), [], 'the follow-up is readable');
      await screenshot(page, 'nps-follow-up');
      const answer = page.getByRole('region', { name: "The clinic's feedback", exact: true });
      assert.ok((await answer.innerText()).includes(comment), 'the follow-up shows the comment');
      assert.ok((await answer.innerText()).includes('4/10'));
      await page.getByLabel('What was done', { exact: true }).fill('Called Dr Haddad; we remake the contacts at no cost.');
      await submitWith(page, page.getByRole('button', { name: 'Close the follow-up', exact: true }));
      assert.equal(await page.getByRole('status').filter({ hasText: 'The follow-up is closed.' }).count(), 1);
      assert.ok((await page.getByRole('region', { name: 'How it was followed up', exact: true }).innerText())
        .includes(LAB_LEAD.name));

      await open(page, `${molard.url}/lab/feedback`);
      const closed = page.getByRole('table', { name: 'Recently closed follow-ups', exact: true });
      assert.equal(await closed.getByRole('row').filter({ hasText: number }).count(), 1, 'listed as closed');
    } finally {
      await lead.context.close();
    }
    await checkBothThemes(browser, new URL('/lab/feedback', molard.url), LAB_LEAD, 'the feedback dashboard');
  });

  it('a consented review with a 9 appears on /reviews with initials and the last four only', { timeout: TEST_TIMEOUT_MS }, async () => {
    const comment = 'Perfect fit at the first try, thank you!';
    const number = await openFeedbackForm(owner.page, molard.url, 'Manufacturing', labDelivers(browser, molard.url));
    await answer(owner.page, { score: 9, comment, fit: '5 stars' });

    const visitor = await newPage(browser, { locale: 'en-US' });
    try {
      const { page } = visitor;
      await open(page, `${molard.url}/`);
      await submitWith(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews', exact: true }));
      assert.equal(pathOf(page), '/reviews');
      await checkPage(page, '/reviews');
      const score = page.getByRole('region', { name: 'Net Promoter Score', exact: true });
      assert.match(await score.innerText(), /-?\d+\s+from \d+ answers in the last 90 days/);

      const review = page.getByRole('article', { name: `${OWNER_INITIALS} · Case …${number.slice(-4)}`, exact: true });
      assert.equal(await review.count(), 1, 'the review names the author by initials and the case by its last four');
      const text = await review.innerText();
      assert.ok(text.includes(comment));
      assert.ok(text.includes('9/10'));
      // The newest first: the 9 before the 4 of the first test.
      const first = page.getByRole('article').first();
      assert.equal(await first.getAttribute('aria-labelledby'), await review.getAttribute('aria-labelledby'));

      const seen = await page.locator('body').innerText();
      const markup = await page.content();
      for (const secret of [number, PEARL_OWNER.name, 'Pearl Dental']) {
        assert.ok(!seen.includes(secret) && !markup.includes(secret), `/reviews does not show "${secret}"`);
      }
    } finally {
      await visitor.context.close();
    }
    await checkBothThemes(browser, new URL('/reviews', molard.url), null, '/reviews');
  });
});
