#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml): writes the lab's content (the presets, challenges and
// walkthroughs) into one file, content/library.txt, beside the page. The page fetches it when
// it starts, so the text is not part of the page's wasm; the service worker keeps it for
// offline use. The format is classroom's (classroom/src/library.rs reads it; a test there runs
// this script and compares): a first line, then each file after a header with its length.
//
//   node scripts/content-bundle.mjs [OUT_DIR]   (default: $TRUNK_STAGING_DIR, else dist)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? path.join(root, 'dist');
  mkdirSync(path.join(out, 'content'), { recursive: true });
  writeFileSync(path.join(out, 'content', 'library.txt'), bundle());
}
