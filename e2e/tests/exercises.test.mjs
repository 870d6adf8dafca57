// The Exercises view grades in a Web Worker: the shipped (unsolved) file fails, its todo!()
// panics are reported and the worker restarted without freezing the page; the reference
// solution passes; hints come one at a time; the two traces are compared.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { BASE_URL, openBrowser, screenshot } from '../lib/browser.mjs';

let browser;
beforeEach(async () => {
  browser = await openBrowser();
});
afterEach(async () => {
  await browser?.close();
});

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);

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

  // Hints come one at a time.
  assert.equal(await page.locator('.hints li').count(), 0);
  await $(page, 'hint').click();
  assert.equal(await page.locator('.hints li').count(), 1);
  await $(page, 'hint').click();
  assert.equal(await page.locator('.hints li').count(), 2);

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
  await page.locator('[data-exercise]').nth(6).click();
  await page.locator('[data-testid="score"][data-finished="true"]').waitFor({ timeout: 60_000 });
  const title = await page.locator('[data-testid="exercise"] h2').textContent();
  assert.match(title, /^7\. /);
  await page.reload();
  await $(page, 'exercise').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="exercise"] h2').textContent(), title, 'the view and the exercise come back');
});
