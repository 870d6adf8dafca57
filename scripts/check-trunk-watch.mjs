#!/usr/bin/env node
// Reads `cargo metadata --no-deps --format-version 1` on stdin and checks that Trunk.toml's
// [watch] list names the folder of every workspace crate the site is built from (web-ui and
// the workspace crates it depends on, directly or not), so `trunk serve` rebuilds after an
// edit in any of them. Crates the site does not use (the benchmarks) need not be watched.
// Prints the missing folders and exits 1 if any.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const meta = JSON.parse(readFileSync(0, 'utf8'));
const root = meta.workspace_root;
const toml = readFileSync(path.join(root, 'Trunk.toml'), 'utf8');
const section = toml.split(/^\[watch\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
const list = section.match(/^\s*watch\s*=\s*\[([\s\S]*?)\]/m)?.[1] ?? '';
const watched = new Set([...list.matchAll(/"([^"]+)"/g)].map((m) => path.normalize(m[1]).replace(/\/$/, '')));

const byName = new Map(meta.packages.map((p) => [p.name, p]));
const used = new Set();
const stack = ['web-ui'];
while (stack.length > 0) {
  const name = stack.pop();
  const pkg = byName.get(name);
  if (!pkg || used.has(name)) continue;
  used.add(name);
  for (const dep of pkg.dependencies) {
    if (dep.kind !== 'dev' && byName.has(dep.name)) stack.push(dep.name);
  }
}
const missing = meta.packages
  .filter((pkg) => used.has(pkg.name))
  .map((pkg) => path.relative(root, path.dirname(pkg.manifest_path)))
  .filter((dir) => dir !== '' && !watched.has(dir));

if (missing.length > 0) {
  console.error(`Trunk.toml: add ${missing.map((d) => `"${d}"`).join(', ')} to [watch] watch = [...]`);
  console.error('so that `./lab serve` rebuilds when those crates change.');
  process.exit(1);
}
console.log(`Trunk.toml watches every crate the site is built from (${used.size})`);
