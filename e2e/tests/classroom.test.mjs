// The classroom: answering a prediction, completing a challenge, and an audience window that
// follows the presenter's window live.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, browserPerTest, screenshot } from '../lib/browser.mjs';

const session = browserPerTest();

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);
const cursorAt = async (page) => Number(/event (\d+)/.exec(await $(page, 'cursor').textContent())[1]);

test('predict mode: stepping stops at a question; answering reveals and scores it', async () => {
  const { page } = session.browser;
  await page.goto(new URL('#v=1&preset=fifo&step=0', BASE_URL).href);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
  await $(page, 'predict-toggle').click();
  // Step until a question appears; stepping on must then wait for an answer.
  for (let i = 0; i < 60 && (await $(page, 'prediction').count()) === 0; i++) {
    await page.keyboard.press('ArrowRight');
  }
  await $(page, 'prediction').waitFor();
  const at = await cursorAt(page);
  await page.keyboard.press('ArrowRight');
  assert.equal(await cursorAt(page), at, 'no step past an unanswered question');
  const options = $(page, 'prediction-option');
  assert.ok((await options.count()) >= 2);
  await options.first().click();
  await page.locator('.prediction .verdict').waitFor();
  assert.match(await $(page, 'quiz-score').textContent(), /Predict mode: [01] right, [01] wrong/);
  await screenshot(page, 'classroom-prediction');
  await page.keyboard.press('ArrowRight');
  assert.equal(await cursorAt(page), at + 1, 'answered: the next event is revealed');
});

test('a challenge: the starting program fails its goals, the fixed one completes it', async () => {
  const { page } = session.browser;
  await page.goto(BASE_URL);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Challenges' }).click();
  await page.locator('[data-challenge="lost-waker"] button').click();
  await $(page, 'challenge').waitFor();
  await $(page, 'check-challenge').click();
  await page.locator('[data-goal-result="fail"]').first().waitFor();
  assert.equal(await $(page, 'challenge-passed').count(), 0);
  // The learner fixes the program in the editor.
  const source = await $(page, 'scenario-editor').inputValue();
  // The starting program awaits `lost_wake()`; the fix awaits a real wake-up instead.
  const repaired = source.replace(/lost_wake\(\)\.await;/g, 'yield_now().await;');
  assert.notEqual(repaired, source, 'the starting program uses lost_wake()');
  await $(page, 'scenario-editor').fill(repaired);
  // A reload keeps both the edit and the challenge being worked on.
  await page.reload();
  await $(page, 'challenge').waitFor({ timeout: 20_000 });
  assert.equal(await $(page, 'scenario-editor').inputValue(), repaired);
  await $(page, 'check-challenge').click();
  await $(page, 'challenge-passed').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-goal-result="fail"]').count(), 0);
  await screenshot(page, 'classroom-challenge');
  await page.getByRole('tab', { name: 'Challenges' }).click();
  assert.match(await $(page, 'challenge-progress').textContent(), /Completed: 1 of \d+/);
  assert.equal(await page.locator('[data-challenge="lost-waker"].done').count(), 1);
});

test('a walkthrough link opens at its stop, and the audience window follows the presenter', async () => {
  const { page } = session.browser;
  await page.goto(new URL('#v=1&walk=self-wake&stop=2', BASE_URL).href);
  await $(page, 'walkthrough').waitFor({ timeout: 20_000 });
  assert.match(await $(page, 'walkthrough').textContent(), /stop 2 of \d+/);
  // A link opens in the learner layout; the instructor presents with P.
  assert.equal(await page.locator('.app.presenter').count(), 0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await page.locator('.app.presenter').waitFor();
  // The audience window: opened from the presenter's, in the same browser.
  const [audience] = await Promise.all([
    page.context().waitForEvent('page'),
    $(page, 'open-audience').click(),
  ]);
  await audience.locator('[data-testid="walkthrough"]').waitFor({ timeout: 20_000 });
  assert.equal(await audience.locator('.app.audience.presenter').count(), 1);
  assert.equal(await audience.locator('[data-testid="next-stop"]').count(), 0, 'no controls for the audience');
  // The presenter goes to the next stop with a clicker: the audience follows.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => /stop 3 of/.test(document.querySelector('[data-testid="walkthrough"]').textContent));
  await audience.waitForFunction(() => /stop 3 of/.test(document.querySelector('[data-testid="walkthrough"]').textContent), null, { timeout: 10_000 });
  const presenterQueue = await page.locator('[data-testid="ready-queue"] [data-task]').evaluateAll((e) => e.map((x) => x.dataset.task));
  const audienceQueue = await audience.locator('[data-testid="ready-queue"] [data-task]').evaluateAll((e) => e.map((x) => x.dataset.task));
  assert.deepEqual(audienceQueue, presenterQueue);
  // A single step, too: the audience shows the same event.
  await $(page, 'step-forward').click();
  const at = await cursorAt(page);
  await audience.waitForFunction(
    (n) => new RegExp(`^event ${n} of`).test(document.querySelector('[data-testid="cursor"]').textContent),
    at,
    { timeout: 10_000 },
  );
  await screenshot(page, 'classroom-presenter');
  await screenshot(audience, 'classroom-audience');
});

test('a walkthrough link pasted into an open lab opens there, in the learner layout', async () => {
  const { page } = session.browser;
  await page.goto(new URL('#v=1&preset=fifo&step=3', BASE_URL).href);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
  assert.match(await $(page, 'cursor').textContent(), /^event 3 of/);
  // The address bar changes within the same document: no reload, only a `hashchange`.
  await page.evaluate(() => { window.location.hash = '#v=1&walk=fifo-and-join&stop=3'; });
  await page.waitForFunction(() => /stop 3 of/.test(document.querySelector('[data-testid="walkthrough"]')?.textContent ?? ''));
  assert.equal(await page.locator('.app.presenter').count(), 0, 'a learner gets the usual layout');
  assert.equal(await $(page, 'scenario-editor').count(), 1, 'with the program beside the notes');
});
