#!/usr/bin/env node
// Reads `cargo metadata --no-deps --format-version 1` on stdin and checks that Trunk.toml's
// [watch] list names every workspace crate's folder, so `trunk serve` rebuilds after an edit
// anywhere. Prints the missing folders and exits 1 if any.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const meta = JSON.parse(readFileSync(0, 'utf8'));
const root = meta.workspace_root;
const toml = readFileSync(path.join(root, 'Trunk.toml'), 'utf8');
const section = toml.split(/^\[watch\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
const list = section.match(/^\s*watch\s*=\s*\[([\s\S]*?)\]/m)?.[1] ?? '';
const watched = new Set([...list.matchAll(/"([^"]+)"/g)].map((m) => path.normalize(m[1]).replace(/\/$/, '')));

const missing = meta.packages
  .map((pkg) => path.relative(root, path.dirname(pkg.manifest_path)))
  .filter((dir) => dir !== '' && !watched.has(dir));

if (missing.length > 0) {
  console.error(`Trunk.toml: add ${missing.map((d) => `"${d}"`).join(', ')} to [watch] watch = [...]`);
  console.error('so that `./lab serve` rebuilds when those crates change.');
  process.exit(1);
}
console.log(`Trunk.toml watches every workspace crate (${meta.packages.length})`);
