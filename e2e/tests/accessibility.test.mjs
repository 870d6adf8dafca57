// axe-core, the accessibility checker, on every view of the release build: the lab (stepped,
// with an error in the program, with a notice), predict mode, the Exercises view once graded,
// the Challenges view and an open challenge, a walkthrough and its audience window, and
// presenter mode with every panel on. Each view is checked in the light and the dark colour
// scheme and at the two common laptop and projector sizes, with axe's WCAG 2.0/2.1/2.2 A and AA
// rules and its best practices, and none may fail: the first to fail in a room is colour
// contrast on a washed-out projector. Nothing is excluded from the checks.
// Every violation found is also written to e2e/results/accessibility.json, a view at a time.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, beforeEach, test } from 'node:test';
import { openBrowser, openLab, screenshot } from '../lib/browser.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
/** "view, scheme, size" -> its violations, for e2e/results/accessibility.json. */
const report = {};

/** Every WCAG 2 success criterion at levels A and AA that axe can test, and its best practices. */
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const SCHEMES = ['light', 'dark'];

let browser;
/** What the audits of the current test found: one failure-message line per violation. */
let found;
beforeEach(async () => {
  browser = await openBrowser();
  found = [];
});
afterEach(async () => {
  try {
    // Every view of a test is audited before any fails it, so one run lists everything to fix.
    const n = found.length;
    assert.equal(n, 0, `axe found ${n} violations (each a rule failing in one view, scheme and size):\n${found.join('\n')}`);
    assert.deepEqual(browser.errors.filter((e) => !/deprecated parameters/.test(e)), [], 'the page logged errors');
  } finally {
    await browser?.close();
  }
});
after(async () => {
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, 'accessibility.json'), JSON.stringify(report, null, 1) + '\n');
});

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);

const open = openLab;

/** Runs axe on the whole document as it is now; returns its violations. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, RULES);
}

/** One line per violation, and its first few elements with what to fix, for a failure message. */
function describe(where, violations) {
  return violations.map((v) => {
    const shown = v.nodes.slice(0, 4).map((n) => `    ${n.target}\n      ${n.summary.replace(/\n\s*/g, ' ')}`);
    const more = v.nodes.length > shown.length ? [`    ... and ${v.nodes.length - shown.length} more`] : [];
    return [`  [${where}] ${v.id} (${v.impact}, ${v.nodes.length} elements): ${v.help}`, ...shown, ...more].join('\n');
  });
}

/**
 * Checks the page as it is in every colour scheme and at every size asked for; what it finds
 * fails the test when the test ends (after its other views are checked too).
 */
async function audit(page, view, { sizes = SIZES } = {}) {
  const before = found.length;
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const where = `${view}, ${colorScheme}, ${size.width}x${size.height}`;
      const violations = await axeViolations(page);
      report[where] = violations;
      found.push(...describe(where, violations));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (found.length > before) await screenshot(page, `a11y-${view.replace(/\W+/g, '-')}`);
  await drawing(page);
}

/**
 * The page draws frames again before the test goes on: Playwright's click waits for two
 * animation frames to see its target stable, and in CI (2026-12-07, stop 23) a click on the
 * Exercises tab right after the presenter audits waited 30 s for them (not reproduced here
 * since: 7 runs of the two tests, 3 of a repro). If no frame comes within 2 s, say so with the
 * page's visibility and focus, bring the page to the front (Playwright's way to make it the active page again), and require
 * frames then: a page that stopped drawing fails here, with that line, not in a later click.
 */
async function drawing(page) {
  const frames = () =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
          setTimeout(() => resolve(false), 2000);
        }),
    );
  if (await frames()) return;
  const state = await page.evaluate(() => ({ visibility: document.visibilityState, focused: document.hasFocus() }));
  console.log(`# no animation frame for 2 s after the audits (${JSON.stringify(state)}): bringing the page to the front`);
  await page.bringToFront();
  assert.ok(await frames(), `the page draws no frames after the audits (${JSON.stringify(state)})`);
}

test('the lab view of the first visit (the tour, the default preset), stepped', async () => {
  const { page } = browser;
  await open(page);
  // Tasks idle, queued and running, a timer on the wheel, wakers, a selected task's Pin view.
  await page.keyboard.press('Home');
  for (let i = 0; i < 45; i++) await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid="task-table"] [data-task]').first().click();
  await page.locator('.settings-box summary').click();
  assert.ok((await page.locator('[data-testid="timer-wheel"] .slot.busy').count()) > 0, 'a timer on the wheel');
  assert.ok((await page.locator('[data-testid="task-table"] [data-state="running"]').count()) > 0, 'a running task');
  await audit(page, 'lab');
});

test('the lab view on presets that show the rest: diagnostics, every task state, workers', async () => {
  const { page } = browser;
  const cases = [
    // A lost waker: lost and stuck diagnostics, a stalled outcome, the lost waker's holder.
    ['lost waker', '#v=1&preset=lost_waker&step=100000', '[data-testid="diagnostics"] .diag'],
    // A blocking poll: the long-poll warning and the hatched bar.
    ['blocking', '#v=1&preset=blocking&step=100000', '[data-testid="diagnostics"] .diag.long-poll'],
    // Done and cancelled (aborted) tasks.
    ['abort', '#v=1&preset=join_abort&step=100000', '[data-testid="task-table"] [data-state="cancelled"]'],
    // Two workers, each with its queue.
    ['workers', '#v=1&preset=work_stealing&set=w:2&step=25', '[data-testid="ready-queue"] .worker[data-worker]'],
    // The defer list holding yielded tasks.
    ['defer list', '#v=1&preset=yield_now&step=28', '[data-testid="defer-list"] [data-deferred]'],
    // The blocking pool: a thread running a blocking task, another task waiting for it.
    ['blocking pool', '#v=1&preset=spawn_blocking&step=20', '[data-testid="pool-queue"] [data-task-id]'],
    // A worker handed to a pool thread by block_in_place.
    ['block_in_place', '#v=1&preset=block_in_place&step=13', '[data-testid="block-in-place"]'],
  ];
  for (const [name, hash, shows] of cases) {
    await page.goto('about:blank');
    await open(page, hash);
    assert.ok((await page.locator(shows).count()) > 0, `${name}: ${shows}`);
    await audit(page, `lab ${name}`, { sizes: SIZES.slice(0, 1) });
  }
});

test('a notice: a damaged link is reported in the header', async () => {
  const { page } = browser;
  await open(page, '#v=1&src=%%%&step=3');
  await page.locator('.notice').waitFor();
  await audit(page, 'notice', { sizes: SIZES.slice(0, 1) });
});

test('the lab view with an error in the program: the status, the underline, the message', async () => {
  const { page } = browser;
  await open(page);
  await $(page, 'scenario-editor').fill('task a {\n    slep(10ms).await;\n}\n');
  await $(page, 'error').waitFor();
  await audit(page, 'lab error');
  // Edited but not yet run: the other status line.
  await $(page, 'scenario-editor').fill('task a {\n    sleep(10ms).await;\n}\n');
  await audit(page, 'lab edited', { sizes: SIZES.slice(0, 1) });
});

test('predict mode: a question, then its verdict', async () => {
  const { page } = browser;
  await open(page, '#v=1&preset=fifo&step=0');
  await $(page, 'predict-toggle').click();
  for (let i = 0; i < 60 && (await $(page, 'prediction').count()) === 0; i++) await page.keyboard.press('ArrowRight');
  await $(page, 'prediction').waitFor();
  await audit(page, 'prediction', { sizes: SIZES.slice(0, 1) });
  await $(page, 'prediction-option').first().click();
  await page.locator('.prediction .verdict').waitFor();
  await audit(page, 'prediction verdict', { sizes: SIZES.slice(0, 1) });
});

test('the Exercises view, graded by its worker, with a hint and the traces compared', async () => {
  const { page } = browser;
  await open(page);
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await $(page, 'exercise').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="score"][data-finished="true"][data-which="learner"]').waitFor({ timeout: 60_000 });
  await audit(page, 'exercises');
  await $(page, 'hint').click();
  await $(page, 'compare').click();
  await page.locator('.trace-col').nth(1).locator('.tl').first().waitFor({ timeout: 60_000 });
  await audit(page, 'exercises compared', { sizes: SIZES.slice(0, 1) });
  await $(page, 'run-solution').click();
  await page.locator('[data-testid="score"][data-finished="true"][data-which="solution"]').waitFor({ timeout: 60_000 });
  await audit(page, 'exercises solved', { sizes: SIZES.slice(0, 1) });
});

test('the Challenges view, and a challenge opened and checked', async () => {
  const { page } = browser;
  await open(page);
  await page.getByRole('tab', { name: 'Challenges' }).click();
  await $(page, 'challenge-progress').waitFor();
  await audit(page, 'challenges');
  await page.locator('[data-challenge="lost-waker"] button').click();
  await $(page, 'challenge').waitFor();
  await $(page, 'check-challenge').click();
  await page.locator('[data-goal-result="fail"]').first().waitFor();
  await page.getByRole('button', { name: /^Hint 1 of/ }).click();
  await page.locator('.challenge .hints li').first().waitFor();
  await audit(page, 'challenge');
});

test('a walkthrough, in the learner layout and presented', async () => {
  const { page } = browser;
  await open(page, '#v=1&walk=self-wake&stop=2');
  await $(page, 'walkthrough').waitFor({ timeout: 20_000 });
  await audit(page, 'walkthrough');
  // Stepped away from the stop: the notes are greyed and say so.
  await $(page, 'step-forward').click();
  await $(page, 'away-from-stop').waitFor();
  await audit(page, 'walkthrough away', { sizes: SIZES.slice(0, 1) });
  await $(page, 'step-back').click();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await page.locator('.app.presenter').waitFor();
  await audit(page, 'walkthrough presenter');
  const [audience] = await Promise.all([page.context().waitForEvent('page'), $(page, 'open-audience').click()]);
  await audience.locator('[data-testid="walkthrough"]').waitFor({ timeout: 20_000 });
  await audit(audience, 'audience');
});

test('presenter mode with every panel on', async () => {
  const { page } = browser;
  await open(page, '#v=1&preset=tour&step=40');
  await page.keyboard.press('p');
  await page.locator('.app.presenter').waitFor();
  const choices = page.getByLabel('Panels shown in presenter mode').locator('input[type="checkbox"]');
  const n = await choices.count();
  assert.ok(n >= 8, `a choice for each panel (${n})`);
  for (let i = 0; i < n; i++) await choices.nth(i).check();
  assert.equal(await $(page, 'event-log').count(), 1);
  assert.equal(await $(page, 'scenario-editor').count(), 1);
  await page.locator('[data-testid="task-table"] [data-task]').first().click();
  await audit(page, 'presenter');
  // The presenter's Exercises and Challenges views; the sixth exercise's lesson has code wider
  // than the panel in presenter type.
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await page.locator('[data-exercise]').nth(5).click();
  await page.locator('[data-testid="score"][data-finished="true"]').waitFor({ timeout: 60_000 });
  await audit(page, 'presenter exercises');
  await page.getByRole('tab', { name: 'Challenges' }).click();
  await $(page, 'challenge-progress').waitFor();
  await audit(page, 'presenter challenges', { sizes: SIZES.slice(1) });
});

test('under ./lab serve: a compile error, in the lab (banner) and in the Exercises view', async () => {
  const { page } = browser;
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { errorsFrom } = await import('../../scripts/exercise-status.mjs');
  const errors = errorsFrom(await readFile(path.join(root, 'e2e', 'fixtures', 'cargo-check-error.jsonl'), 'utf8'));
  const status = path.join(root, 'dist', 'lab-build.json');
  const built = await readFile(status, 'utf8');
  await writeFile(status, JSON.stringify({ ok: false, live: true, checked_at: '10:11:12', errors }));
  try {
    await open(page);
    await $(page, 'compile-banner').waitFor({ timeout: 10_000 });
    await audit(page, 'compile error banner');
    await $(page, 'compile-banner').getByRole('button').click();
    await $(page, 'compile-errors').waitFor();
    await audit(page, 'compile errors in the Exercises view');
  } finally {
    await writeFile(status, built);
  }
});

test('the lab after a live re-run, with a view folded and the splitter focused', async () => {
  const { page } = browser;
  await open(page, '#v=1&preset=fifo&step=5');
  const editor = $(page, 'scenario-editor');
  await editor.fill((await editor.inputValue()).replace('//!', '// !'));
  await $(page, 'run-status').waitFor();
  await page.locator('.panel .fold').first().click();
  await $(page, 'splitter').focus();
  await audit(page, 'live re-run');
});
