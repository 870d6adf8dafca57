// The blocking pool on the page: the pool panel under the ready queues follows the trace at the
// cursor (threads, the tasks waiting for a thread, a worker handed over by block_in_place), and
// the parse-stall challenge passes with either of the retrospective's fixes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserPerTest, openLab, screenshot } from '../lib/browser.mjs';

const session = browserPerTest();

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);

async function cursor(page) {
  const m = /event (\d+) of (\d+)/.exec(await $(page, 'cursor').textContent());
  assert.ok(m);
  return { at: Number(m[1]), of: Number(m[2]) };
}

/** Steps forward until `ok()` holds (at most `max` steps). */
async function stepUntil(page, ok, max = 300) {
  for (let i = 0; i < max; i++) {
    if (await ok()) return;
    await $(page, 'step-forward').click();
  }
  assert.fail('the condition never held');
}

/** The pool's threads as `state:task-id` (`idle` alone for an idle one), by thread number. */
async function threads(page) {
  return page
    .locator('[data-testid="blocking-pool"] [data-testid="pool-thread"]')
    .evaluateAll((els) => els.map((e) => (e.dataset.taskId ? `${e.dataset.state}:${e.dataset.taskId}` : e.dataset.state)));
}

/** The ids of the blocking tasks waiting for a thread, front first. */
async function waiting(page) {
  return page
    .locator('[data-testid="pool-queue"] [data-task-id]')
    .evaluateAll((els) => els.map((e) => e.dataset.taskId));
}

test('spawn_blocking: the pool runs one blocking task on its one thread while the next waits', async () => {
  const { page } = session.browser;
  await openLab(page, '#v=1&preset=spawn_blocking&step=0');
  const pool = $(page, 'blocking-pool');
  // Drawn from the start, with the cap the program sets, before the pool has a thread.
  await pool.waitFor();
  assert.equal(await pool.getAttribute('data-cap'), '1');
  assert.deepEqual(await threads(page), []);
  assert.match(await pool.textContent(), /no thread yet/);
  // hog's first spawn_blocking (task 2) is queued, then taken by thread 0, the one the pool
  // spawns for it.
  await stepUntil(page, async () => (await waiting(page)).length === 1);
  assert.deepEqual(await waiting(page), ['2']);
  assert.deepEqual(await threads(page), []);
  await stepUntil(page, async () => (await threads(page)).length === 1);
  assert.deepEqual(await threads(page), ['blocking:2']);
  assert.deepEqual(await waiting(page), []);
  // The second (task 3) must wait for that thread: the cap is 1.
  await stepUntil(page, async () => (await waiting(page)).length === 1);
  assert.deepEqual(await threads(page), ['blocking:2']);
  assert.deepEqual(await waiting(page), ['3']);
  assert.equal(await pool.getAttribute('data-busy'), '1');
  assert.match(await pool.textContent(), /1 of 1 threads busy/);
  // Blocking tasks are never in a worker's queue.
  const ready = await page
    .locator('[data-testid="ready-queue"] [data-task]')
    .evaluateAll((els) => els.map((e) => e.dataset.task));
  assert.ok(!ready.includes('blocking'), `ready queue: ${ready}`);
  const mid = (await cursor(page)).at;
  await screenshot(page, 'blocking-pool-queued');
  // At 30ms the thread is free and takes the waiting task: the queue empties.
  await stepUntil(page, async () => (await threads(page))[0] === 'blocking:3');
  assert.deepEqual(await waiting(page), []);
  // Back to the step before: the same state as before, derived again from the trace.
  while ((await cursor(page)).at > mid) await $(page, 'step-back').click();
  assert.deepEqual(await threads(page), ['blocking:2']);
  assert.deepEqual(await waiting(page), ['3']);
  // At the end the thread is idle and nothing waits.
  await page.keyboard.press('End');
  assert.deepEqual(await threads(page), ['idle']);
  assert.deepEqual(await waiting(page), []);
  assert.equal(await pool.getAttribute('data-busy'), '0');
  // A program that never uses the pool draws none.
  await openLab(page, '#v=1&preset=fifo&step=5');
  assert.equal(await $(page, 'blocking-pool').count(), 0);
});

test('block_in_place: a pool thread takes the worker over until the blocking poll returns', async () => {
  const { page } = session.browser;
  await openLab(page, '#v=1&preset=block_in_place&step=0');
  const line = $(page, 'block-in-place');
  await stepUntil(page, async () => (await line.count()) === 1);
  assert.equal(await line.getAttribute('data-task'), 'crunch');
  assert.equal(await line.getAttribute('data-worker'), '0');
  assert.equal(await line.getAttribute('data-thread'), '0');
  assert.equal(await line.getAttribute('data-ended'), null);
  assert.match(await line.textContent(), /worker 0's queues moved to pool thread 0/);
  const thread = page.locator('[data-testid="pool-thread"][data-thread="0"]');
  assert.equal(await thread.getAttribute('data-state'), 'worker');
  assert.equal(await thread.getAttribute('data-task'), 'crunch');
  await screenshot(page, 'blocking-block-in-place');
  // The closure returns at 20ms; the thread keeps the worker until crunch's poll returns.
  await stepUntil(page, async () => (await line.getAttribute('data-ended')) === 'true');
  assert.equal(await thread.getAttribute('data-state'), 'worker');
  await stepUntil(page, async () => (await line.count()) === 0);
  assert.equal(await thread.getAttribute('data-state'), 'idle');
});

test('parse-stall: the loop on the blocking pool passes, and so does a yield after each record', async () => {
  const { page } = session.browser;
  await openLab(page);
  await page.getByRole('tab', { name: 'Challenges' }).click();
  await page.locator('[data-challenge="parse-stall"] button').click();
  await $(page, 'challenge').waitFor();
  await $(page, 'check-challenge').click();
  await page.locator('[data-goal-result="fail"]').first().waitFor();
  const start = await $(page, 'scenario-editor').inputValue();
  const loop = /    for record in 0\.\.30 \{\n        work\(3ms\);[^\n]*\n    \}\n    print\("parsed 30 records"\);/;
  assert.match(start, loop, 'the starting parser loop');
  const fixes = {
    pool: start.replace(
      loop,
      '    let h = spawn_blocking {\n        for record in 0..30 { work(3ms); }\n        print("parsed 30 records");\n    };\n    h.await;',
    ),
    yields: start.replace(/work\(3ms\);[^\n]*/, 'work(3ms);\n        yield_now().await;'),
  };
  for (const [fix, source] of Object.entries(fixes)) {
    assert.notEqual(source, start, fix);
    await $(page, 'scenario-editor').fill(source);
    await $(page, 'check-challenge').click();
    await $(page, 'challenge-passed').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-goal-result="fail"]').count(), 0, fix);
    // The ticker's lateness, to compare the fixes: none on the pool, one record's worth with yields.
    const late = fix === 'pool' ? /latest 0ms after its deadline/ : /latest 2ms after its deadline/;
    assert.match(await $(page, 'challenge').locator('[data-testid="goal-measure"]').first().textContent(), late, fix);
    if (fix === 'pool') {
      // The pool panel shows the parser's blocking task.
      await $(page, 'blocking-pool').waitFor();
    }
  }
});
