// The lab in the room, at the sizes people use (a 1366 x 768 laptop, a 1280 x 720 one, a
// 1920 x 1080 projector): the editor's room, the first screen, the splitter, the editor's keys,
// live re-run, and presenter mode fitting every walkthrough stop on one screen.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { browserPerTest, openLab, screenshot } from '../lib/browser.mjs';

const session = browserPerTest();

const $ = (page, id) => page.locator(`[data-testid="${id}"]`);
const SIZES = [
  [1366, 768],
  [1280, 720],
  [1920, 1080],
];

const open = openLab;

async function cursorAt(page) {
  return Number(/event (\d+)/.exec(await $(page, 'cursor').first().textContent())[1]);
}

/** How many characters of the program fit side by side in the editor, as drawn. */
async function visibleColumns(page) {
  return page.evaluate(() => {
    const area = document.querySelector('[data-testid="scenario-editor"]');
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(100);
    probe.style.font = getComputedStyle(area).font;
    probe.style.position = 'absolute';
    document.body.append(probe);
    const char = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const editor = area.closest('.editor');
    const gutter = editor.querySelector('.gutter').getBoundingClientRect().width;
    const pad = parseFloat(getComputedStyle(area).paddingLeft) + parseFloat(getComputedStyle(area).paddingRight);
    return Math.floor((editor.clientWidth - gutter - pad) / char);
  });
}

/** The editor's selection and text. */
const editorState = (page) =>
  $(page, 'scenario-editor').evaluate((t) => ({ value: t.value, start: t.selectionStart, end: t.selectionEnd }));

/** Puts the editor's selection at `start..end` (offsets into its text) and focuses it. */
const select = (page, start, end = start) =>
  $(page, 'scenario-editor').evaluate((t, [a, b]) => {
    t.focus();
    t.setSelectionRange(a, b);
  }, [start, end]);

/** Replaces the program, as typing would, and waits for its run. */
async function typeProgram(page, text) {
  await $(page, 'scenario-editor').fill(text);
  await page.waitForFunction(() => /ran again on edit|ran: step/.test(document.body.innerText));
}

test('at each size the editor shows 60 columns, and the controls, queue and tasks are on the first screen', async () => {
  const { page } = session.browser;
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await open(page, '#v=1&preset=tour&step=40');
    const columns = await visibleColumns(page);
    assert.ok(columns >= 60, `${width}x${height}: the editor shows ${columns} columns`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(sideways <= 0, `${width}x${height}: the page scrolls sideways by ${sideways}px`);
    for (const id of ['step-forward', 'ready-queue', 'task-table']) {
      const box = await $(page, id).boundingBox();
      assert.ok(box && box.y + Math.min(box.height, 60) <= height, `${width}x${height}: ${id} starts below the first screen (y ${box?.y})`);
    }
    await screenshot(page, `room-lab-${width}x${height}`);
  }
});

test('narrower than 1024 px the page is one column, the program first', async () => {
  const { page } = session.browser;
  await page.setViewportSize({ width: 900, height: 900 });
  await open(page, '#v=1&preset=tour&step=5');
  assert.equal(await $(page, 'splitter').isVisible(), false);
  const program = await page.locator('#program-column').boundingBox();
  const views = await page.locator('.views').boundingBox();
  assert.ok(views.y >= program.y + program.height, 'the views come after the program');
  assert.ok(Math.abs(views.x - program.x) < 2, 'one column');
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px`);
  await screenshot(page, 'room-lab-900x900');
});

test('the splitter: drag it, move it with the keys, and a reload keeps it', async () => {
  const { page } = session.browser;
  await page.setViewportSize({ width: 1366, height: 768 });
  await open(page, '#v=1&preset=tour&step=3');
  const width = async () => (await page.locator('#program-column').boundingBox()).width;
  const before = await width();
  const bar = await $(page, 'splitter').boundingBox();
  const [x, y] = [bar.x + bar.width / 2, bar.y + 200];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - 60, y, { steps: 4 });
  await page.mouse.move(x - 120, y, { steps: 4 });
  await page.mouse.up();
  const dragged = await width();
  assert.ok(Math.abs(before - 120 - dragged) <= 12, `dragged 120px to the left: ${before} -> ${dragged}`);
  // The keys: focus the bar, then arrows (the page's own arrow keys do not step the trace).
  const at = await cursorAt(page);
  await $(page, 'splitter').focus();
  await page.keyboard.press('ArrowRight');
  const pressed = await width();
  assert.ok(Math.abs(pressed - (dragged + 40)) <= 2, `an arrow key moves it 40px: ${dragged} -> ${pressed}`);
  assert.equal(await cursorAt(page), at, 'the arrow key did not step the trace');
  assert.equal(await $(page, 'splitter').getAttribute('aria-valuenow'), String(Math.round(pressed)));
  await page.reload();
  await $(page, 'cursor').first().waitFor();
  assert.ok(Math.abs((await width()) - pressed) <= 1, 'a reload keeps the width');
  await $(page, 'splitter').dblclick();
  assert.ok(Math.abs((await width()) - before) <= 1, 'a double click puts the default back');
});

test('the editor keys: Enter indents, Tab and Shift+Tab, Ctrl+/ comments, and undo undoes each', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=tour&step=0');
  await typeProgram(page, 'task a {\n    print("x");\n}\n');
  const at = await cursorAt(page);
  // Enter after a line keeps its indentation.
  await select(page, 'task a {\n    print("x");'.length);
  await page.keyboard.press('Enter');
  await page.keyboard.type('print("y");');
  assert.equal((await editorState(page)).value, 'task a {\n    print("x");\n    print("y");\n}\n');
  // Ctrl+/ comments the line out; undo puts it back.
  await page.keyboard.press('Control+/');
  assert.equal((await editorState(page)).value, 'task a {\n    print("x");\n    // print("y");\n}\n');
  await page.keyboard.press('Control+z');
  assert.equal((await editorState(page)).value, 'task a {\n    print("x");\n    print("y");\n}\n');
  // Tab and Shift+Tab move the selected lines, and keep them selected.
  const text = (await editorState(page)).value;
  await select(page, text.indexOf('    print("x")'), text.indexOf('\n}'));
  await page.keyboard.press('Tab');
  let s = await editorState(page);
  assert.equal(s.value, 'task a {\n        print("x");\n        print("y");\n}\n');
  assert.equal(s.value.slice(s.start, s.end), '        print("x");\n        print("y");');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await editorState(page)).value, text);
  await page.keyboard.press('Control+z');
  assert.equal((await editorState(page)).value, 'task a {\n        print("x");\n        print("y");\n}\n', 'undo undoes the outdent');
  // Enter between braces: a new indented line, the closing brace below it.
  await typeProgram(page, 'task b {}\n');
  await select(page, 'task b {'.length);
  await page.keyboard.press('Enter');
  s = await editorState(page);
  assert.equal(s.value, 'task b {\n    \n}\n');
  assert.equal(s.start, 'task b {\n    '.length);
  assert.equal(await cursorAt(page), at, 'no key typed in the editor stepped the trace');
  // Esc, then Tab, leaves the editor: the keyboard is never trapped.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.dataset?.testid), 'scenario-editor');
});

test('live re-run: an edit runs again after a pause, at the same event or the same poll, and an error keeps the last run', async () => {
  const { page } = session.browser;
  await open(page, '#v=1&preset=tour&step=0');
  const program = 'task a {\n    print("one");\n    sleep(5ms).await;\n    print("two");\n}\n';
  await typeProgram(page, program);
  // After a's first print.
  for (let i = 0; i < 5; i++) await $(page, 'step-forward').click();
  const at = await cursorAt(page);
  assert.equal(at, 5);
  // An edit to what happens after the cursor: the same event, and the status line says so.
  await $(page, 'scenario-editor').fill(program.replace('"two"', '"three"'));
  await page.waitForFunction(() => /ran again on edit: the same event/.test(document.querySelector('[data-testid="run-status"]')?.textContent ?? ''));
  assert.equal(await cursorAt(page), at);
  // An edit before it (a print before the one just made): the same poll of the same task.
  await $(page, 'scenario-editor').fill(program.replace('print("one");', 'print("zero");\n    print("one");'));
  await page.waitForFunction(() => /a's poll 1 again/.test(document.querySelector('[data-testid="run-status"]')?.textContent ?? ''));
  assert.equal(await cursorAt(page), at, 'as far into a\'s first poll as before');
  // An error: the message, and the last good run still on screen, greyed.
  await $(page, 'scenario-editor').fill(program.replace('sleep', 'slep'));
  await $(page, 'error').first().waitFor();
  await page.locator('.views.dimmed').waitFor();
  assert.match(await $(page, 'run-status').textContent(), /error: this is its last good run/);
  assert.equal(await cursorAt(page), at);
  await screenshot(page, 'room-live-error');
});

test('presenter mode fits every walkthrough stop on one screen at 1920x1080 and 1280x720', async () => {
  const { page } = session.browser;
  // Every walkthrough the lab ships, read from its files (so a new one cannot be left out).
  const dir = new URL('../../classroom/walkthroughs/', import.meta.url);
  const walks = readdirSync(dir)
    .filter((f) => f.endsWith('.walk'))
    .sort()
    .map((f) => /^id: (.+)$/m.exec(readFileSync(new URL(f, dir), 'utf8'))[1].trim());
  assert.ok(walks.length >= 12, `walkthroughs found: ${walks}`);
  const misfits = [];
  let stops = 0;
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720],
  ]) {
    await page.setViewportSize({ width, height });
    for (const id of walks) {
      await open(page, `#v=1&walk=${id}&stop=1`);
      await page.keyboard.press('p');
      await page.locator('.app.presenter').waitFor();
      for (let stop = 1; ; stop++) {
        stops++;
        const over = await page.evaluate(() => {
          const out = [];
          const page = document.documentElement.scrollHeight - innerHeight;
          if (page > 0) out.push(`page ${page}px`);
          for (const e of document.querySelectorAll('.stage-notes, .stage-views, .stage .panel, .stage .editor')) {
            const h = e.scrollHeight - e.clientHeight;
            const w = e.scrollWidth - e.clientWidth;
            if (h > 0 || w > 0) out.push(`${e.className}: ${h}px down, ${w}px across`);
          }
          return out;
        });
        if (over.length) misfits.push(`${width}x${height} ${id} stop ${stop}: ${over.join('; ')}`);
        if (stop === 1 && id === 'timer-wheel') await screenshot(page, `room-presenter-${width}x${height}`);
        const next = $(page, 'next-stop');
        if (await next.isDisabled()) break;
        await next.click();
      }
    }
  }
  assert.ok(stops > 100, `stops checked: ${stops}`);
  assert.deepEqual(misfits, [], 'every view a stop asks for is on the screen without scrolling');
});
