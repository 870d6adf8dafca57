// The Exercises view grades in a Web Worker: the shipped (unsolved) file fails, its todo!()
// panics are reported and the worker restarted without freezing the page; the reference
// solution passes; hints come one at a time, a labelled ladder of four; the two traces are
// compared.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { BASE_URL, openBrowser, screenshot } from '../lib/browser.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let browser;
beforeEach(async () => {
  browser = await openBrowser();
});
afterEach(async () => {
  await browser?.close();
});

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('grade an exercise in the browser: the shipped file fails, the solution passes', async () => {
  const { page } = browser;
  await page.goto(BASE_URL);
  await $(page, 'cursor').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await $(page, 'exercise').waitFor({ timeout: 30_000 });
  // The selected exercise is graded at once (after a live-editing reload, too).
  await page.locator('[data-testid="score"][data-finished="true"][data-which="learner"]').waitFor({ timeout: 60_000 });
  const results = await page.locator('.check-table tr[data-result]').evaluateAll((rows) => rows.map((r) => r.dataset.result));
  assert.ok(results.length >= 3);
  assert.ok(results.every((r) => r === 'fail'), `the unsolved file fails: ${results}`);
  const message = await page.locator('.check-table .message').first().textContent();
  assert.match(message, /not written yet: reached todo!\(\)/);
  // Code in a message is shown as code, not as backticks.
  assert.equal(await page.locator('.check-table .message').first().locator('code').first().textContent(), 'todo!()');
  // The page stayed responsive while the worker was replaced after each panic.
  await page.getByRole('tab', { name: 'Lab' }).click();
  await $(page, 'step-forward').click();
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await $(page, 'exercise').waitFor();

  await $(page, 'run-solution').click();
  await page.locator('[data-testid="score"][data-finished="true"][data-which="solution"]').waitFor({ timeout: 60_000 });
  const solved = await page.locator('.check-table tr[data-result]').evaluateAll((rows) => rows.map((r) => r.dataset.result));
  assert.ok(solved.every((r) => r === 'pass'), `the solution passes: ${solved}`);
  assert.match(await $(page, 'score').textContent(), /solution: (\d+) \/ \1 points/);
  await screenshot(page, 'exercises-solution');

  // Hints come one at a time, four rungs of a ladder, each labelled.
  const rungs = ['Idea', 'Invariant and API', 'Code', 'Go deeper'];
  assert.equal(await $(page, 'hint-rung').count(), 0);
  for (const [i, rung] of rungs.entries()) {
    assert.equal(await $(page, 'hint').textContent(), `Show hint ${i + 1} of 4: ${rung}`);
    await $(page, 'hint').click();
    assert.equal(await $(page, 'hint-rung').count(), i + 1);
    assert.equal(await $(page, 'hint-rung').nth(i).getAttribute('data-rung'), rung);
    assert.equal(await $(page, 'hint-rung').nth(i).locator('.rung').textContent(), rung);
  }
  assert.equal(await $(page, 'hint').count(), 0, 'no button after the last rung');
  // The last rung sends the learner to a source file: a link, pinned to a tag or a commit,
  // that opens in a new tab.
  assert.match(await $(page, 'hint-rung').nth(3).textContent(), /Read .*\.rs/);
  const source = $(page, 'hint-rung').nth(3).locator('a').first();
  assert.match(
    await source.getAttribute('href'),
    /^https:\/\/github\.com\/[\w-]+\/[\w-]+\/blob\/(tokio-1\.54\.1|0\.3\.34|v\d+\.\d+\.\d+|[0-9a-f]{40})\/.+\.rs$/,
  );
  assert.equal(await source.getAttribute('target'), '_blank');
  assert.equal(await source.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await $(page, 'hints-done').count(), 1);

  // The learner's trace beside the solution's, first difference marked.
  await $(page, 'compare').click();
  await $(page, 'trace-compare').waitFor({ timeout: 60_000 });
  await page.locator('.trace-col').nth(1).locator('.tl').first().waitFor({ timeout: 60_000 });
  await screenshot(page, 'exercises-compare');
  assert.deepEqual(browser.errors.filter((e) => !/deprecated parameters/.test(e)), []);
});

test('choosing another exercise grades it; progress survives a reload', async () => {
  const { page } = browser;
  await page.goto(BASE_URL);
  await $(page, 'cursor').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await page.locator('[data-exercise="e07_wheel_math"]').click();
  await page.locator('[data-testid="score"][data-finished="true"]').waitFor({ timeout: 60_000 });
  const title = await page.locator('[data-testid="exercise"] h2').textContent();
  assert.match(title, /^7\. /);
  await page.reload();
  await $(page, 'exercise').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="exercise"] h2').textContent(), title, 'the view and the exercise come back');
});

test('every exercise is graded in the background when the view opens, and each result says when', async () => {
  const { page } = browser;
  await page.goto(BASE_URL);
  await $(page, 'cursor').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await page.locator('[data-testid="score"][data-finished="true"]').waitFor({ timeout: 60_000 });
  assert.match(await $(page, 'graded-at').textContent(), /^graded at \d\d:\d\d:\d\d$/);
  // The files as they are now: every one graded without being clicked (the shipped files are
  // unsolved, so none is complete).
  const items = page.locator('.exercise-list .progress');
  const count = await items.count();
  assert.ok(count >= 10, `exercises listed: ${count}`);
  await page.waitForFunction(
    () => [...document.querySelectorAll('.exercise-list .progress')].every((p) => p.dataset.graded === 'true'),
    null,
    { timeout: 240_000 },
  );
  const done = await page.locator('.exercise-list li.done').count();
  assert.equal(done, 0, 'the shipped files solve nothing');
});

test('under ./lab serve, a compile error shows in the page with its file and line, and clears when it compiles', async () => {
  // What the pre_build hook makes of cargo's report (a real one, kept in fixtures/).
  const { errorsFrom } = await import('../../scripts/exercise-status.mjs');
  const report = await readFile(path.join(ROOT, 'e2e', 'fixtures', 'cargo-check-error.jsonl'), 'utf8');
  const errors = errorsFrom(report);
  assert.deepEqual(
    errors.map((e) => [e.file, e.line, e.column, e.message]),
    [
      ['exercises/src/exercises/e01_countdown.rs', 25, 51, 'mismatched types'],
      ['exercises/src/exercises/e01_countdown.rs', 24, 27, 'mismatched types'],
    ],
  );
  assert.match(errors[0].rendered, /expected `u32`, found `&str`/);
  // The page reads it from beside itself (the served dist/ here).
  const status = path.join(ROOT, 'dist', 'lab-build.json');
  const built = await readFile(status, 'utf8');
  assert.deepEqual(JSON.parse(built), { ok: true, live: false, errors: [] }, 'a release build has nothing to watch');
  await writeFile(status, JSON.stringify({ ok: false, live: true, checked_at: '10:11:12', errors }));
  try {
    const { page } = browser;
    await page.goto(BASE_URL);
    await $(page, 'cursor').waitFor({ timeout: 20_000 });
    // Trunk's overlay would hide the page: the page hides it once it shows the error itself.
    await page.evaluate(() => {
      const overlay = document.createElement('div');
      overlay.id = 'trunk-like-overlay';
      overlay.style.zIndex = '1000000';
      overlay.textContent = 'Build failure: exit status: 101';
      document.body.prepend(overlay);
    });
    const banner = $(page, 'compile-banner');
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.textContent(), /e01_countdown\.rs, line 25/);
    await page.locator('#trunk-like-overlay').waitFor({ state: 'hidden', timeout: 6_000 });
    await banner.getByRole('button').click();
    const shown = $(page, 'compile-errors');
    await shown.waitFor();
    assert.match(await shown.textContent(), /exercises\/src\/exercises\/e01_countdown\.rs:25:51/);
    assert.match(await shown.locator('pre').first().textContent(), /expected `u32`, found `&str`/);
    await screenshot(page, 'exercises-compile-error');
    // Fixed and saved: the next check says so, and the message goes.
    await writeFile(status, JSON.stringify({ ok: true, live: true, checked_at: '10:11:30', errors: [] }));
    await shown.waitFor({ state: 'detached', timeout: 10_000 });
  } finally {
    await writeFile(status, built);
  }
});

test('the workshop morning: the core path with clock times, its reading, its walkthroughs, and what comes after', async () => {
  const { page } = browser;
  await page.goto(BASE_URL);
  await $(page, 'cursor').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await $(page, 'morning').waitFor({ timeout: 30_000 });
  const starts = await page.locator('[data-testid="morning"] > li .clock').allTextContents();
  assert.equal(starts[0], '8:30');
  // Each step starts when the one before ends, and the morning ends by 12:30.
  const minutes = starts.map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + m;
  });
  assert.ok(minutes.every((m, i) => i === 0 || m > minutes[i - 1]), `${starts}`);
  assert.ok(minutes.at(-1) < 12 * 60 + 30, `${starts}`);
  assert.match(await page.locator('.morning-total').textContent(), /The core path: \d h \d\d min from 8:30/);
  // The exercises after the workshop are the others: none is on both lists.
  const morning = await page.locator('[data-testid="morning"] [data-exercise]').evaluateAll((b) => b.map((x) => x.dataset.exercise));
  const after = await page.locator('[data-testid="after-workshop"] [data-exercise]').evaluateAll((b) => b.map((x) => x.dataset.exercise));
  assert.ok(morning.length >= 5 && after.length >= 3, `${morning} / ${after}`);
  assert.deepEqual(morning.filter((m) => after.includes(m)), []);
  // The reading opens in the view.
  await page.locator('[data-reading="origin"]').click();
  await $(page, 'reading').waitFor();
  assert.match(await $(page, 'reading').textContent(), /Readiness and completion/);
  assert.equal(await $(page, 'exercise').count(), 0);
  // An exercise takes the view back.
  await page.locator('[data-testid="morning"] [data-exercise]').first().click();
  await $(page, 'exercise').waitFor();
  // A walkthrough opens in the lab, at its first stop.
  await page.locator('[data-testid="morning"] li.interlude button', { hasText: 'The LIFO slot' }).click();
  await $(page, 'walkthrough').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('[data-testid="scenario-editor"]').inputValue(), /task consumer/);
});
