#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml): writes the lab's content (the presets, challenges and
// walkthroughs) into one file, content/library.txt, beside the page. The page fetches it when
// it starts, so the text is not part of the page's wasm; the service worker keeps it for
// offline use. The format is classroom's (classroom/src/library.rs reads it; a test there runs
// this script and compares): a first line, then each file after a header with its length.
//
// It also writes content/first-run.bin, the run the page's first screen shows before its
// engine has loaded: the first preset, run by the engine module Trunk has just built (the
// same wasm the page loads later; its format is engine's `first_run`).
//
//   node scripts/content-bundle.mjs [OUT_DIR]   (default: $TRUNK_STAGING_DIR, else dist)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// The program a first visit opens: web-ui/src/app.rs's FIRST_PRESET.
const FIRST_PRESET = 'tour';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// In the order the page reads them (walkthroughs name presets), each folder's files sorted
// by name: their numbers give the teaching order.
const FOLDERS = [
  ['presets', 'scenario/presets', '.scn'],
  ['challenges', 'classroom/challenges', '.challenge'],
  ['walkthroughs', 'classroom/walkthroughs', '.walk'],
];

export function bundle() {
  const parts = [Buffer.from('lab-content 1\n')];
  let count = 0;
  for (const [name, dir, ext] of FOLDERS) {
    const files = readdirSync(path.join(root, dir))
      .filter((f) => f.endsWith(ext))
      .sort();
    for (const file of files) {
      const text = readFileSync(path.join(root, dir, file));
      parts.push(Buffer.from(`--- ${name}/${file} ${text.length}\n`), text);
      count += 1;
    }
  }
  parts.push(Buffer.from(`--- end ${count}\n`));
  return Buffer.concat(parts);
}

// The engine module in `dir` (engine.js, `--target no-modules`, defines `wasm_bindgen`),
// loaded into a sandbox of its own, runs the first preset with the default settings.
export function firstRun(dir) {
  const script = readFileSync(path.join(dir, 'engine.js'), 'utf8');
  const sandbox = vm.createContext({ TextEncoder, TextDecoder, WebAssembly, console });
  vm.runInContext(`${script}\n;globalThis.engine = wasm_bindgen;`, sandbox);
  // The options object is the sandbox's own: the script tells its options from older
  // arguments by their prototype.
  const options = vm.runInContext('({})', sandbox);
  options.module = readFileSync(path.join(dir, 'engine_bg.wasm'));
  sandbox.engine.initSync(options);
  const presets = path.join(root, 'scenario/presets');
  const file = readdirSync(presets).find((f) => f.endsWith(`_${FIRST_PRESET}.scn`));
  if (!file) throw new Error(`no preset file is named NN_${FIRST_PRESET}.scn`);
  return Buffer.from(sandbox.engine.first_run(readFileSync(path.join(presets, file), 'utf8')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? path.join(root, 'dist');
  mkdirSync(path.join(out, 'content'), { recursive: true });
  writeFileSync(path.join(out, 'content', 'library.txt'), bundle());
  if (existsSync(path.join(out, 'engine.js'))) {
    writeFileSync(path.join(out, 'content', 'first-run.bin'), firstRun(out));
  } else if (process.env.TRUNK_STAGING_DIR) {
    // In a build the engine is always there: without it the page would start slower.
    console.error(`content-bundle: ${out}/engine.js is missing, so no first run was written`);
    process.exit(1);
  }
}
