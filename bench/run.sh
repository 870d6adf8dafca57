#!/usr/bin/env bash
# The whole benchmark: the browser side (wasm32 in headless Chromium), then the native side,
# which prints the table with the wasm/native rows filled in. Extra arguments go to the native
# binary (e.g. `--quick`). Outputs: $CARGO_TARGET_DIR/bench/{wasm.txt,table.md}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The same wasm-bindgen-test setup as .cargo/config.toml, for shells without it.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
if [ -z "${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-}" ] && [ -f e2e/webdriver.json ]; then
    export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/e2e/webdriver.json"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER:-wasm-bindgen-test-runner}"

out="${CARGO_TARGET_DIR:-target}/bench"
mkdir -p "$out"

# Build everything first, so no compiler competes with a measurement.
cargo build --release -p bench
cargo test --release -p bench --target wasm32-unknown-unknown --test wasm --no-run

echo "== browser (wasm32, headless Chromium)" >&2
cargo test --release -p bench --target wasm32-unknown-unknown --test wasm -- --nocapture \
    | tee "$out/wasm.txt" >&2
echo "== native" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cargo run --release -p bench -- --wasm "$out/wasm.txt" "$@" >"$out/table.md"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The run's facts, then the table: paste into bench/RESULTS.md.
{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(lscpu | sed -n 's/^Model name: *//p' | head -n1)," \
        "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(rustc -V);" \
        "tokio $(awk '$0 == "name = \"tokio\"" {getline; gsub(/"/, "", $3); print $3}' Cargo.lock)," \
        "futures $(awk '$0 == "name = \"futures\"" {getline; gsub(/"/, "", $3); print $3}' Cargo.lock);" \
        "Chromium $(chromium --version 2>/dev/null | awk '{print $2}');" \
        "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- runtime-core || echo ' (runtime-core with uncommitted changes)');" \
        "load average (1, 5, 15 min) $load_before before the native run, $load_after after."
    echo
    cat "$out/table.md"
} | tee "$out/RESULTS.md"
echo "written to $out/RESULTS.md" >&2
