// The release build loads, the Yew app mounts, and the page logs no errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, openBrowser, screenshot } from '../lib/browser.mjs';

let browser;

before(async () => {
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
});

test('the home page shows the heading and the cursor', async () => {
  const { page, errors } = browser;
  const response = await page.goto(BASE_URL);
  assert.equal(response?.status(), 200, `GET ${BASE_URL}`);

  const heading = page.locator('h1');
  await heading.waitFor({ timeout: 15_000 });
  assert.equal(await heading.textContent(), 'Inside Async Rust — the lab');
  assert.equal(await page.title(), 'Inside Async Rust — the lab');
  assert.equal(await page.locator('[data-testid="cursor"]').count(), 1);

  const file = await screenshot(page, 'home');
  console.log(`screenshot: ${file}`);
  assert.deepEqual(errors, [], 'the page logged errors');
});

test('the release build works from a sub-folder of a static host (relative paths)', async () => {
  const { page, errors } = browser;
  const folder = '/any/sub/folder/';
  const url = new URL(folder, BASE_URL).href;
  const requested = [];
  const onRequest = (request) => {
    const u = new URL(request.url());
    if (u.origin === new URL(BASE_URL).origin) requested.push(u.pathname);
  };
  page.on('request', onRequest);
  try {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `GET ${url}`);
    await page.locator('h1').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('h1').textContent(), 'Inside Async Rust — the lab');
  } finally {
    page.off('request', onRequest);
  }
  // Every asset came from the sub-folder: none from the host's root.
  assert.ok(requested.some((p) => p.endsWith('.wasm')), `the wasm was loaded: ${requested}`);
  assert.deepEqual(requested.filter((p) => !p.startsWith(folder)), [], 'requests outside the sub-folder');
  assert.deepEqual(errors, [], 'the page logged errors');
});
