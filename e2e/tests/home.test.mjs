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
