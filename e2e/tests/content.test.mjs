// The presets, challenges and walkthroughs are data the page fetches (content/library.txt),
// not part of its wasm. A bundle that is missing, cut short or damaged gives a clear message;
// the learner's program and progress are left as they were, and the lab still runs them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, openBrowser } from '../lib/browser.mjs';

const DRAFT = 'task mine {\n    print("still here");\n}\n';
const PROGRESS = '{"e01":{"passed":true}}';

/** Opens the lab once (to type a program and set some progress), then again with `damage` applied
 * to the bundle; returns the page and what it logged. */
async function openWithDamagedContent(damage) {
  const browser = await openBrowser();
  const { page } = browser;
  await page.goto(BASE_URL);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="scenario-editor"]').fill(DRAFT);
  await page.evaluate((progress) => localStorage.setItem('lab.exercises.v1', progress), PROGRESS);
  // Past the service worker too: the damaged copy is what the page gets.
  await page.context().route('**/content/library.txt', damage);
  await page.context().setOffline(false);
  await page.reload();
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
  return browser;
}

const body = async () => (await fetch(new URL('content/library.txt', BASE_URL))).text();

const cases = [
  ['missing', async (route) => route.fulfill({ status: 404, body: 'not found' }), /server answered 404/],
  [
    'cut short',
    async (route) => route.fulfill({ status: 200, body: (await body()).slice(0, 30_000) }),
    /bytes into `[a-z]+\/[0-9a-z_]+\.[a-z]+`.*cut short/,
  ],
  [
    'damaged',
    async (route) => {
      const text = await body();
      route.fulfill({ status: 200, body: text.replace('\ntitle: ', '\ntitle= ') });
    },
    /challenges\/01_lost_waker\.challenge, line 3:/,
  ],
  ['not the lab\'s', async (route) => route.fulfill({ status: 200, body: '<!doctype html><p>hello' }), /does not start with `lab-content 1`/],
];

for (const [name, damage, message] of cases) {
  test(`content that is ${name}: a clear message; the program and progress untouched`, async () => {
    const browser = await openWithDamagedContent(damage);
    const { page } = browser;
    try {
      const notice = page.locator('.notice.bad');
      await notice.waitFor();
      const text = await notice.textContent();
      assert.match(text, /The presets, challenges and walkthroughs could not be loaded: content\/library\.txt/);
      assert.match(text, message);
      assert.match(text, /Your program and your progress are untouched/);
      // The learner's own program is there, and runs.
      assert.equal(await page.locator('[data-testid="scenario-editor"]').inputValue(), DRAFT);
      await page.locator('[data-testid="step-forward"]').click();
      assert.match(await page.locator('[data-testid="cursor"]').textContent(), /^event 1 of/);
      assert.equal(await page.evaluate(() => localStorage.getItem('lab.exercises.v1')), PROGRESS);
      assert.equal(await page.evaluate(() => localStorage.getItem('lab.draft.v1')), DRAFT);
      // Only the failed fetch itself may be logged.
      const others = browser.errors.filter((e) => !/Failed to load resource/.test(e));
      assert.deepEqual(others, []);
    } finally {
      await browser.close();
    }
  });
}
