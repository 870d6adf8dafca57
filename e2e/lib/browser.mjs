// Shared helpers for the end-to-end tests: Debian's Chromium driven by playwright-core.
// No browser download: playwright-core only talks to /usr/bin/chromium.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';

/** Where the site under test is served (`./lab test` starts a static server on dist/). */
export const BASE_URL = process.env.LAB_BASE_URL ?? 'http://127.0.0.1:8080/';

/** Screenshots land here (git-ignored). */
export const SCREENSHOT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** The flags from shared/TOOLCHAIN.md: headless, as root, with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts Chromium on a fresh profile and opens one page. Console errors and uncaught
 * exceptions are collected in `errors`, so a test can assert the page logged none.
 * Call `close()` when done: it ends the browser and removes the profile.
 */
export async function openBrowser() {
  const profile = await mkdtemp(path.join(tmpdir(), 'lab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.LAB_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return {
    page,
    errors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as e2e/screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A fresh browser for each test of the file that calls this, closed after the test; the test
 * fails if its page logged an error. The browser of the running test is `session.browser`.
 */
export function browserPerTest() {
  const session = {};
  beforeEach(async () => {
    session.browser = await openBrowser();
  });
  afterEach(async () => {
    try {
      assert.deepEqual(session.browser.errors, [], 'the page logged errors');
    } finally {
      await session.browser?.close();
    }
  });
  return session;
}

/**
 * Opens the lab at `hash` with a full load and waits until it is interactive. From a page of
 * the lab, an address that differs only in its fragment would be a same-document navigation,
 * and the old view's cursor would satisfy the wait before the new link had been applied.
 */
export async function openLab(page, hash = '') {
  await page.goto('about:blank');
  await page.goto(new URL(hash, BASE_URL).href);
  await page.locator('[data-testid="cursor"]').first().waitFor({ timeout: 20_000 });
  // The first screen shows before the engine (which compiles and runs) has loaded: wait for
  // it, so what the test does next runs at once.
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 20_000 });
}
