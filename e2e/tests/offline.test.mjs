// Works offline once loaded: after one visit, the page loads and steps with no network, and
// the content it fetches (presets, challenges, walkthroughs: content/library.txt) is there too.
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
  // Wait until the service worker controls the page and has cached what a reload needs: the
  // document, the script and the wasm. (Polled with `evaluate`, which awaits the check:
  // `waitForFunction` with an async predicate took the pending promise for a yes.)
  const ready = async () =>
    page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const urls = [];
      for (const k of await caches.keys()) {
        const c = await caches.open(k);
        urls.push(...(await c.keys()).map((r) => new URL(r.url)));
      }
      const has = (test) => urls.some(test);
      return (
        has((u) => u.pathname.endsWith('/') || u.pathname.endsWith('/index.html')) &&
        has((u) => u.pathname.endsWith('.js') && !u.pathname.endsWith('sw.js')) &&
        has((u) => u.pathname.endsWith('.wasm')) &&
        has((u) => u.pathname.endsWith('/content/library.txt')) &&
        has((u) => u.pathname.endsWith('/content/first-run.bin')) &&
        has((u) => u.pathname.endsWith('/engine_bg.wasm'))
      );
    });
  const deadline = Date.now() + 30_000;
  while (!(await ready())) {
    assert.ok(Date.now() < deadline, 'the service worker took control and cached the site within 30 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.context().setOffline(true);
  try {
    await page.reload();
    await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="step-forward"]').click();
    assert.match(await page.locator('[data-testid="cursor"]').textContent(), /^event 1 of/);
    // A fetched preset other than the first one opens and runs with no network.
    await page.locator('[data-testid="preset-picker"]').selectOption('budget');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scenario-editor"]').value.includes('config { budget: 4; }'),
    );
    await page.locator('[data-testid="step-forward"]').click();
    assert.match(await page.locator('[data-testid="cursor"]').textContent(), /^event 1 of/);
    // So does a challenge (the same bundle).
    await page.getByRole('tab', { name: 'Challenges' }).click();
    assert.ok((await page.locator('.challenge-list li').count()) >= 14);
  } finally {
    await page.context().setOffline(false);
  }
});
