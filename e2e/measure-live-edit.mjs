// Measures live editing: with `./lab serve` running, the time from saving an exercise file to
// the page showing that exercise's new check results (Trunk rebuilds, the page reloads, the
// checks run again in the worker). Prints the samples and their median; run it with
//   ./lab serve &   then   node e2e/measure-live-edit.mjs [URL] [samples]
// It edits exercises/src/exercises/e01_countdown.rs (a comment line) and restores it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from './lib/browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const samples = Number(process.argv[3] ?? 5);
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'exercises', 'src', 'exercises', 'e01_countdown.rs');
const original = await readFile(file, 'utf8');
const browser = await openBrowser();
const { page } = browser;
const done = '[data-testid="score"][data-finished="true"][data-which="learner"]';
try {
  await page.goto(url);
  await page.locator('[data-testid="cursor"]').waitFor({ timeout: 120_000 });
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await page.locator('[data-exercise="e01_countdown"]').click();
  await page.locator(done).waitFor({ timeout: 120_000 });
  const times = [];
  for (let i = 0; i < samples; i++) {
    await page.evaluate(() => { window.__before_reload = true; });
    const t0 = Date.now();
    await writeFile(file, original + `// live-edit measurement ${Date.now()}\n`);
    // A reload clears the marker; then the checks run again and finish.
    await page.waitForFunction(() => window.__before_reload === undefined, null, { timeout: 120_000, polling: 50 });
    await page.locator(done).waitFor({ timeout: 120_000 });
    times.push((Date.now() - t0) / 1000);
    console.log(`sample ${i + 1}: ${times.at(-1).toFixed(1)} s`);
    // Restore the file and let that rebuild finish too, so no sample starts during a build.
    await page.evaluate(() => { window.__before_reload = true; });
    await writeFile(file, original);
    await page.waitForFunction(() => window.__before_reload === undefined, null, { timeout: 120_000, polling: 50 });
    await page.locator(done).waitFor({ timeout: 120_000 });
    await new Promise((r) => setTimeout(r, 1500));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`save → updated results: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} s, samples ${times.map((t) => t.toFixed(1)).join(', ')} (goal: under 5 s)`);
} finally {
  await writeFile(file, original);
  await browser.close();
}
