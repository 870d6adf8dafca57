// The main journeys of a learner and an instructor, in the release build, driven only through
// the stable test hooks (data-testid) and the keyboard.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { BASE_URL, browserPerTest, openLab, openBrowser, screenshot } from '../lib/browser.mjs';

const session = browserPerTest();

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);

const open = openLab;

/** A one-task program that prints `text`. */
const program = (task, text) => `task ${task} {\n    print("${text}");\n}\n`;

/** The cursor's event number. */
async function cursor(page) {
  const text = await $(page, 'cursor').textContent();
  const m = /event (\d+) of (\d+)/.exec(text);
  assert.ok(m, `cursor text: ${text}`);
  return { at: Number(m[1]), of: Number(m[2]) };
}

async function queue(page) {
  return page.locator('[data-testid="ready-queue"] [data-task]').evaluateAll((els) => els.map((e) => e.dataset.task));
}

async function taskState(page, name) {
  return page.locator(`[data-testid="task-table"] [data-task="${name}"]`).getAttribute('data-state');
}

/** Steps forward until `ok()` holds (at most `max` steps). */
async function stepUntil(page, ok, max = 200) {
  for (let i = 0; i < max; i++) {
    if (await ok()) return;
    await $(page, 'step-forward').click();
  }
  assert.fail('the condition never held');
}

async function stepTo(page, n) {
  let { at } = await cursor(page);
  while (at < n) {
    await $(page, 'step-forward').click();
    at += 1;
  }
  assert.equal((await cursor(page)).at, n);
}

test('pick a preset, step forward and back, and read the queue and task states', async () => {
  const { page } = session.browser;
  await open(page);
  await page.locator('[data-testid="preset-picker"]').selectOption('fifo');
  assert.equal((await cursor(page)).at, 0);
  // The three spawns fill the queue in spawn order.
  await stepUntil(page, async () => (await queue(page)).length === 3);
  assert.deepEqual(await queue(page), ['a', 'b', 'c']);
  assert.equal(await taskState(page, 'a'), 'queued');
  // a is polled: it leaves the queue and runs.
  await stepUntil(page, async () => (await taskState(page, 'a')) === 'running');
  const polled = (await cursor(page)).at;
  assert.deepEqual(await queue(page), ['b', 'c']);
  // It sleeps 1ms: idle, in no queue.
  await stepUntil(page, async () => (await taskState(page, 'a')) === 'idle');
  assert.deepEqual(await queue(page), ['b', 'c']);
  // At 1ms the three timers fire in the order they were registered: a, b, c again.
  await stepUntil(page, async () => (await queue(page)).length === 3 && (await taskState(page, 'c')) === 'queued');
  assert.deepEqual(await queue(page), ['a', 'b', 'c']);
  await screenshot(page, 'journey-fifo-requeued');
  // Back: every step is reversible.
  while ((await cursor(page)).at > polled) await $(page, 'step-back').click();
  assert.deepEqual(await queue(page), ['b', 'c']);
  assert.equal(await taskState(page, 'a'), 'running');
  // To the end: everything is done.
  await page.keyboard.press('End');
  for (const t of ['a', 'b', 'c']) assert.equal(await taskState(page, t), 'done');
  assert.match(await $(page, 'event-log').textContent(), /driver_turned/);
});

test('yields wait on the defer list and come back last first, as on Tokio', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=yield_now&step=0');
  const deferred = () =>
    page.locator('[data-testid="defer-list"] [data-deferred]').evaluateAll((els) => els.map((e) => e.dataset.deferred));
  // The three tasks yield in the order a, b, c: each waker goes to the defer list, no task is queued.
  await stepUntil(page, async () => (await deferred()).length === 3 && (await taskState(page, 'c')) === 'idle');
  assert.deepEqual(await deferred(), ['a', 'b', 'c']);
  assert.deepEqual(await queue(page), []);
  assert.equal(await taskState(page, 'c'), 'idle');
  await screenshot(page, 'journey-defer-list');
  // After the driver turn the list is woken from its end: the queue is c, b, a.
  await stepUntil(page, async () => (await queue(page)).length === 3);
  assert.deepEqual(await queue(page), ['c', 'b', 'a']);
  assert.deepEqual(await deferred(), []);
  await screenshot(page, 'journey-defer-woken');
  // The prints come out a b c, c b a, a b c: step to the end, reading each event.
  await page.keyboard.press('Home');
  const prints = [];
  for (;;) {
    const { at, of } = await cursor(page);
    if (at === of) break;
    await $(page, 'step-forward').click();
    const current = await page.locator('[data-testid="event-log"] .current').textContent();
    const m = /print.*"(\w) (\d)"/.exec(current);
    if (m) prints.push(m[1] + m[2]);
  }
  assert.deepEqual(prints, ['a1', 'b1', 'c1', 'c2', 'b2', 'a2', 'a3', 'b3', 'c3']);
});

test('a program with an error shows the message at its line, and fixing it runs', async () => {
  const { page } = session.browser;
  await open(page);
  const editor = $(page, 'scenario-editor');
  await editor.fill('task a {\n    slep(10ms).await;\n}\n');
  const error = $(page, 'error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /^line 2, column 5: /);
  assert.match(text, /sleep/, 'the hint names the closest function');
  assert.equal(await page.locator('.gutter .bad-line').textContent(), '2\n');
  assert.ok(await $(page, 'run').isDisabled());
  await screenshot(page, 'journey-error');
  await editor.fill('task a {\n    sleep(10ms).await;\n    print("woke");\n}\n');
  assert.equal(await error.count(), 0);
  await $(page, 'run').click();
  await page.keyboard.press('End');
  assert.equal(await taskState(page, 'a'), 'done');
  assert.match(await $(page, 'event-log').textContent(), /timer_fired/);
});

test('a shared link opens the same program, settings and step', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=work_stealing&set=w:2&step=25');
  assert.equal((await cursor(page)).at, 25);
  const first = await queue(page);
  const workers = await page.locator('[data-testid="ready-queue"] .worker[data-worker]').count();
  assert.equal(workers, 2, 'the link set 2 workers');
  // The page keeps its own URL in step; a second page opening it lands in the same place.
  await $(page, 'step-forward').click();
  await page.waitForURL(/step=26/); // written once stepping pauses
  const url = page.url();
  const other = await openBrowser();
  try {
    await open(other.page, new URL(url).hash);
    assert.equal((await cursor(other.page)).at, 26);
    await $(page, 'step-back').click();
    await $(other.page, 'step-back').click();
    assert.deepEqual(await queue(other.page), first);
    assert.deepEqual(other.errors, []);
  } finally {
    await other.close();
  }
});

test('a reload keeps the edited program; a corrupt link changes nothing and says why', async () => {
  const { page } = session.browser;
  await open(page);
  const mine = program('mine', 'my own work');
  await $(page, 'scenario-editor').fill(mine);
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor();
  assert.equal(await $(page, 'scenario-editor').inputValue(), mine);
  await page.goto(new URL('#v=1&src=%%%&step=3', BASE_URL).href);
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor();
  const notice = page.locator('.notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /This link could not be opened: the program part is damaged/);
  assert.equal(await $(page, 'scenario-editor').inputValue(), mine, 'the draft is untouched');
  // A link opened, then reloaded without an edit, still shows the link's program (the draft
  // follows what is on screen); the program it replaced can be restored.
  await open(page, '#v=1&preset=fifo');
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor();
  assert.match(await $(page, 'scenario-editor').inputValue(), /^\/\/! FIFO scheduling/);
  await page.getByRole('button', { name: 'Restore my program' }).click();
  assert.equal(await $(page, 'scenario-editor').inputValue(), mine);
  // Two links opened one after the other (each a fresh load, as from a chat): the program to
  // restore is still the learner's own, not the first link's.
  const link = (src) => `#v=1&src=${Buffer.from(src).toString('base64url')}&step=0`;
  for (const name of ['first', 'second']) {
    await open(page, link(program(name, 'from a link')));
    assert.match(await $(page, 'scenario-editor').inputValue(), new RegExp(`^task ${name} `));
  }
  await page.getByRole('button', { name: 'Restore my program' }).click();
  assert.equal(await $(page, 'scenario-editor').inputValue(), mine);
});

test('an imported program file runs, survives a reload, and what it replaced can be restored', async () => {
  const { page } = session.browser;
  await open(page);
  const mine = program('mine', 'typed here');
  const file = program('imported', 'from a file');
  await $(page, 'scenario-editor').fill(mine);
  await $(page, 'import').setInputFiles({ name: 'program.scn', mimeType: 'text/plain', buffer: Buffer.from(file) });
  await page.waitForFunction((f) => document.querySelector('[data-testid="scenario-editor"]').value === f, file);
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor();
  assert.equal(await $(page, 'scenario-editor').inputValue(), file, 'the imported program is kept like any other');
  await page.getByRole('button', { name: 'Restore my program' }).click();
  assert.equal(await $(page, 'scenario-editor').inputValue(), mine);
});

test('a reload shows what its own tab showed, whatever another tab typed', async () => {
  const { page } = session.browser;
  await open(page);
  await $(page, 'scenario-editor').fill(program('one', 'tab one'));
  const other = await page.context().newPage();
  await open(other);
  await $(other, 'scenario-editor').fill(program('two', 'tab two'));
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor();
  assert.equal(await $(page, 'scenario-editor').inputValue(), program('one', 'tab one'));
  await other.close();
});

test('presenter mode: large type, chosen panels only', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=tour&step=40');
  await page.keyboard.press('p');
  await page.locator('.app.presenter').waitFor();
  assert.equal(await $(page, 'event-log').count(), 0, 'the log is hidden by default');
  assert.equal(await $(page, 'ready-queue').count(), 1);
  assert.equal(await $(page, 'timer-wheel').count(), 1);
  // The type follows the screen (the same share of the wall on any projector): at least 1/87
  // of its width, which is 22px on a 1920 x 1080 one.
  const size = () => page.locator('.app').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const { width } = page.viewportSize();
  assert.ok((await size()) >= width / 87, `presenter type is large (${await size()}px at ${width}px wide)`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  assert.ok((await size()) >= 22, `presenter type on a 1920 x 1080 projector: ${await size()}px`);
  await page.getByLabel('Panels shown in presenter mode').getByText('Event log').click();
  assert.equal(await $(page, 'event-log').count(), 1);
  // A presentation clicker sends PageDown: one poll forward.
  const before = (await cursor(page)).at;
  await page.keyboard.press('PageDown');
  assert.ok((await cursor(page)).at > before);
  await screenshot(page, 'journey-presenter');
});

test('keyboard only: focusable controls with visible focus, arrows, space, home and end', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=fifo&step=0');
  // Tab reaches the controls and shows where focus is.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await cursor(page)).at, 2);
  await page.keyboard.press('Shift+ArrowRight');
  // The step is rendered on Yew's next turn: wait for it rather than read the cursor at once
  // (under load the read could come first; it failed so once on a busy 2-core machine).
  await page.waitForFunction(() => {
    const m = /event (\d+)/.exec(document.querySelector('[data-testid="cursor"]').textContent);
    return m && Number(m[1]) > 2;
  });
  const afterPoll = (await cursor(page)).at;
  assert.ok(afterPoll > 2);
  assert.match(await page.locator('[data-testid="event-log"] .current').textContent(), /poll_end/);
  await page.keyboard.press('Home');
  assert.equal((await cursor(page)).at, 0);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => /event [1-9]/.test(document.querySelector('[data-testid="cursor"]').textContent));
  await page.keyboard.press(' ');
  await page.keyboard.press('End');
  const { at, of } = await cursor(page);
  assert.equal(at, of);
  // Each step is announced to screen readers.
  const live = page.locator('[aria-live="polite"]');
  assert.ok((await live.textContent()).length > 10);
  // A row of the waker log is a button: focus it, Enter goes to its event.
  const row = page.locator('[data-testid="waker-log"] button').last();
  await row.focus();
  await page.keyboard.press('Enter');
  assert.ok((await cursor(page)).at < of, 'Enter on the oldest waker event went back to it');
  assert.equal(await page.locator('[data-testid="waker-log"] li.current').count(), 1);
});

test('the Pin view shows the state machine of the selected task', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=backpressure&step=60');
  await page.locator('[data-testid="task-table"] [data-task="consumer"]').click();
  const pin = $(page, 'pin-panel');
  assert.match(await pin.textContent(), /enum ConsumerFuture/);
  assert.match(await pin.textContent(), /address#0 same at all \d+ polls: pinned, never moved/);
  assert.equal(await pin.locator('.variant.active').count(), 1);
  await screenshot(page, 'journey-pin');
});

test('the timer wheel places timers by level and slot', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=wheel_cascade&step=0');
  await page.keyboard.press('t'); // the first timer event: near's timer at 3 ms, level 0
  await page.keyboard.press('t');
  await page.keyboard.press('t'); // far's timer: 100 ms is level 2, slot 1 on the small wheel
  const busy = await page
    .locator('[data-testid="timer-wheel"] .slot.busy')
    .evaluateAll((els) => els.map((e) => `${e.dataset.level}/${e.dataset.slot}`));
  assert.deepEqual(busy.sort(), ['0/3', '1/2', '2/1']);
  await screenshot(page, 'journey-wheel');
});

test('Export for Perfetto downloads the run as a Chrome trace', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=select_cancel&set=w:2&step=0');
  const [download] = await Promise.all([page.waitForEvent('download'), $(page, 'export-chrome-trace').click()]);
  assert.equal(download.suggestedFilename(), 'select_cancel.trace.json');
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(file.displayTimeUnit, 'ms');
  const events = file.traceEvents;
  assert.ok(Array.isArray(events) && events.length > 10);
  const threads = new Map(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, e.args.name]),
  );
  // A track per task, and per worker (the link asked for two).
  for (const name of ['server', 'client', 'worker 0', 'worker 1']) {
    assert.ok([...threads.values()].includes(name), `a track named ${name}: ${[...threads.values()]}`);
  }
  const last = new Map();
  for (const e of events.filter((e) => e.ph !== 'M')) {
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid) && Number.isInteger(e.ts), JSON.stringify(e));
    assert.ok(threads.has(e.tid), `tid ${e.tid} is named`);
    assert.ok(e.ts >= (last.get(e.tid) ?? 0), 'time never goes back on a track');
    last.set(e.tid, e.ts);
    if (e.ph === 'X') assert.ok(Number.isInteger(e.dur) && e.dur >= 0 && typeof e.args.poll === 'number');
    else if (e.ph === 'i') assert.equal(e.s, 't');
    else assert.ok(['s', 'f'].includes(e.ph), `phase ${e.ph}`);
  }
  const polls = events.filter((e) => e.ph === 'X' && e.cat === 'poll');
  const starts = events.filter((e) => e.ph === 's');
  const ends = events.filter((e) => e.ph === 'f');
  assert.ok(starts.length > 0);
  assert.deepEqual(starts.map((e) => e.id).sort(), ends.map((e) => e.id).sort(), 'every arrow has one end');
  for (const f of ends) {
    assert.equal(f.bp, 'e');
    assert.ok(polls.some((p) => p.tid === f.tid && p.ts === f.ts), 'an arrow ends where a poll starts');
  }
  // The two prints are instants with their text.
  const prints = events.filter((e) => e.name === 'print').map((e) => e.args.text);
  assert.deepEqual(prints, ['round 0: got pong', 'round 1: timed out']);
});
