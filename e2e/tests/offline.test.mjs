// Works offline once loaded: after one visit, the page loads and steps with no network.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, openBrowser } from '../lib/browser.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

test('a loaded lab keeps working offline', async () => {
  const { page } = browser;
  await page.goto(BASE_URL);
  await page.locator('[data-testid="cursor"]').waitFor({ timeout: 20_000 });
  // Wait until the service worker controls the page and has cached the wasm.
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const keys = await caches.keys();
    for (const k of keys) {
      const c = await caches.open(k);
      const all = await c.keys();
      if (all.some((r) => r.url.endsWith('.wasm'))) return true;
    }
    return false;
  }, null, { timeout: 30_000, polling: 500 });
  await page.context().setOffline(true);
  try {
    await page.reload();
    await page.locator('[data-testid="cursor"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="step-forward"]').click();
    assert.match(await page.locator('[data-testid="cursor"]').textContent(), /^event 1 of/);
  } finally {
    await page.context().setOffline(false);
  }
});
