# Shared by ./lab and the scripts it calls: sourced, never run on its own.
# shellcheck shell=bash

LAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LAB_ROOT

# Tools the lab installs: cargo-installed binaries (trunk, wasm-bindgen) and wasm-opt from
# the npm package binaryen, installed into .tools/ (git-ignored) so Trunk finds it on PATH.
export PATH="$LAB_ROOT/.tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Trunk: never download anything, and skip its update check.
export TRUNK_OFFLINE=true

# wasm-bindgen-test in headless Chromium (the same values as .cargo/config.toml's [env], for
# anything that runs the test runner without going through cargo).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$LAB_ROOT/e2e/webdriver.json}"

# Pinned versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, so it is read
# from there; Trunk.toml's [tools] wasm_bindgen must say the same (setup checks).
TRUNK_VERSION="0.22.1"
TRUNK_FALLBACK_VERSION="0.21.14" # if installing 0.22.1 fails (see shared/TOOLCHAIN.md)
BINARYEN_VERSION="132"           # scripts/tools/package.json pins binaryen@132.0.0

# The version of package $1 in Cargo.lock (the first one, if the lock holds several).
lock_version() {
    awk -v name="$1" '
        $0 == "[[package]]" { in_pkg = 0 }
        $0 == "name = \"" name "\"" { in_pkg = 1; next }
        in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$LAB_ROOT/Cargo.lock"
}

# Whole seconds as "1m 05s".
human_time() {
    printf '%dm %02ds' $(($1 / 60)) $(($1 % 60))
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}
