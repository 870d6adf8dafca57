#!/usr/bin/env node
// Trunk's pre_build hook (Trunk.toml). Under `./lab serve` (LAB_SERVE=1) it checks the
// exercises crate, the learner's code, and writes what rustc said to lab-build.json beside the
// page, so the page can show a compile error with its file, line and message (Trunk's own
// overlay says only "exit status: 101"; the message would be in the terminal only). In any
// other build it writes `"live": false`, so the page asks once, finds nothing to watch, and
// stops (no request that fails, on any host). Always exits 0: a failing check is reported by
// the page, and by the build that follows.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The errors in cargo's `--message-format=json` output: file, line, column, message, rendered. */
export function errorsFrom(jsonLines) {
  const errors = [];
  for (const line of jsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    let m;
    try {
      m = JSON.parse(line);
    } catch {
      continue;
    }
    if (m.reason !== 'compiler-message' || m.message?.level !== 'error') continue;
    const span = m.message.spans?.find((s) => s.is_primary) ?? m.message.spans?.[0];
    // "aborting due to N previous errors" points nowhere: it says nothing the others do not.
    if (!span) continue;
    errors.push({
      file: span.file_name,
      line: span.line_start,
      column: span.column_start,
      message: m.message.message,
      rendered: m.message.rendered ?? m.message.message,
    });
  }
  return errors;
}

/** Checks the exercises (for the browser, as Trunk builds them) and returns the status. */
export function check(root) {
  const run = spawnSync(
    'cargo',
    ['check', '-p', 'exercises', '--lib', '--target', 'wasm32-unknown-unknown', '--message-format=json', '--offline', '--locked'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  let errors = errorsFrom(run.stdout ?? '');
  if (run.status !== 0 && errors.length === 0) {
    // cargo itself failed (a broken Cargo.toml, say): show its own words.
    errors = [{ file: 'Cargo.toml', line: 1, column: 1, message: 'cargo check failed', rendered: (run.stderr ?? '').trim() }];
  }
  return { ok: errors.length === 0, live: true, checked_at: new Date().toLocaleTimeString('en-GB'), errors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const status = JSON.stringify(process.env.LAB_SERVE ? check(root) : { ok: true, live: false, errors: [] });
  // Into the build being made (kept when it succeeds) and into the site being served (seen
  // at once, and kept when the build fails).
  for (const dir of [process.env.TRUNK_STAGING_DIR, process.env.TRUNK_DIST_DIR]) {
    if (!dir) continue;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'lab-build.json'), status + '\n');
  }
}
