#!/usr/bin/env bash
# ./lab setup: installs everything the lab needs on a Debian machine with rustup and
# node/npm, skipping each tool already present at its pinned version. Safe to rerun.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$LAB_ROOT"

LOG_DIR="$LAB_ROOT/target/lab-setup-logs"
mkdir -p "$LOG_DIR"

# One line per tool: "  name ....... skipped (version)" or "installed (version)".
report() {
    printf '  %-36s %s\n' "$1" "$2"
}

# Runs "$@" with its output in $LOG_DIR/$1.log (name given first); on failure shows the tail.
logged() {
    local name=$1
    shift
    local log="$LOG_DIR/$name.log"
    if ! "$@" >"$log" 2>&1; then
        echo "  ---- last lines of $log ----" >&2
        tail -n 30 "$log" >&2
        return 1
    fi
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi

command -v rustup >/dev/null || die "rustup is required (https://rustup.rs), then rerun ./lab setup"
command -v cargo >/dev/null || die "cargo is required (install it with rustup)"
command -v node >/dev/null && command -v npm >/dev/null ||
    die "node and npm are required (Debian: apt-get install nodejs npm)"

echo "lab setup: checking tools (logs in ${LOG_DIR#"$LAB_ROOT"/})"

# --- Rust targets: wasm32 for the web UI, a bare-metal target to prove runtime-core is no_std.
installed_targets=$(rustup target list --installed)
rustc_version=$(rustc --version | awk '{print $2}')
for target in wasm32-unknown-unknown thumbv7em-none-eabi; do
    if grep -qx "$target" <<<"$installed_targets"; then
        report "rust target $target" "skipped (rustc $rustc_version)"
    else
        logged "target-$target" rustup target add "$target"
        report "rust target $target" "installed (rustc $rustc_version)"
    fi
done

# --- Nightly with Miri, for `cargo +nightly miri test`.
if rustup toolchain list | grep -q '^nightly-'; then
    report "nightly toolchain" "skipped ($(rustc +nightly --version | cut -d' ' -f2-))"
else
    logged nightly rustup toolchain install nightly --profile minimal --component miri,rust-src
    report "nightly toolchain" "installed ($(rustc +nightly --version | cut -d' ' -f2-))"
fi
nightly_components=$(rustup component list --installed --toolchain nightly)
nightly_version=$(rustc +nightly --version | awk '{print $2, $4}' | tr -d ')')
for component in miri rust-src; do
    if grep -q "^$component" <<<"$nightly_components"; then
        report "nightly component $component" "skipped ($nightly_version)"
    else
        logged "nightly-$component" rustup component add --toolchain nightly "$component"
        report "nightly component $component" "installed ($nightly_version)"
    fi
done
# Miri's own build of the standard library (compiled once, then reused).
logged miri-setup cargo +nightly miri setup
report "miri sysroot" "ready"

# --- Trunk (builds and serves the web UI).
trunk_version() { trunk --version 2>/dev/null | awk '{print $2}'; }
have=$(trunk_version || true)
if [ "$have" = "$TRUNK_VERSION" ] || [ "$have" = "$TRUNK_FALLBACK_VERSION" ]; then
    report "trunk" "skipped ($have)"
else
    echo "  trunk: installing $TRUNK_VERSION with cargo install (8-11 minutes on 2 cores)..."
    # 0.22 declares a newer rustc than the machine's 1.95; it builds fine with 1.95.
    if logged trunk cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version; then
        :
    else
        echo "  trunk $TRUNK_VERSION failed to install; trying $TRUNK_FALLBACK_VERSION" >&2
        logged trunk-fallback cargo install trunk --version "$TRUNK_FALLBACK_VERSION" --locked --ignore-rust-version
    fi
    report "trunk" "installed ($(trunk_version))"
fi

# --- wasm-bindgen-cli (wasm-bindgen and wasm-bindgen-test-runner) = wasm-bindgen in Cargo.lock.
WASM_BINDGEN_VERSION=$(lock_version wasm-bindgen)
[ -n "$WASM_BINDGEN_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
trunk_pin=$(sed -n 's/^wasm_bindgen *= *"\(.*\)"/\1/p' Trunk.toml)
[ "$trunk_pin" = "$WASM_BINDGEN_VERSION" ] ||
    die "Trunk.toml pins wasm_bindgen = \"$trunk_pin\" but Cargo.lock has wasm-bindgen $WASM_BINDGEN_VERSION: make them equal"

install_wasm_bindgen_cli() {
    local version=$1
    # Its own lockfile pins webpki-roots 1.0.11, which the registry mirror lacks, so a plain
    # `--locked` install fails: install from a copy of its source with that one crate moved to
    # 1.0.10, keeping every other version as its authors locked them.
    if cargo install wasm-bindgen-cli --version "$version" --locked >"$LOG_DIR/wasm-bindgen-locked.log" 2>&1; then
        return 0
    fi
    # That attempt left the crate's source in cargo's registry cache.
    echo "  wasm-bindgen-cli: its own lockfile cannot be used as is; retrying with webpki-roots 1.0.10"
    local src
    src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "wasm-bindgen-cli-$version" | head -n 1)
    if [ -n "$src" ]; then
        local copy
        copy=$(mktemp -d)
        cp -R "$src" "$copy/cli"
        if logged wasm-bindgen-patched bash -c "cd '$copy/cli' && cargo update -p webpki-roots --precise 1.0.10 && cargo install --path . --locked"; then
            rm -rf "$copy"
            return 0
        fi
        rm -rf "$copy"
    fi
    # Last resort: let cargo resolve the newest compatible dependencies.
    echo "  wasm-bindgen-cli: locked installs failed; installing unlocked" >&2
    logged wasm-bindgen-unlocked cargo install wasm-bindgen-cli --version "$version"
}

wbg_version() { wasm-bindgen --version 2>/dev/null | awk '{print $2}'; }
runner_version() { wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}'; }
if [ "$(wbg_version || true)" = "$WASM_BINDGEN_VERSION" ] && [ "$(runner_version || true)" = "$WASM_BINDGEN_VERSION" ]; then
    report "wasm-bindgen-cli" "skipped ($WASM_BINDGEN_VERSION)"
else
    echo "  wasm-bindgen-cli: installing $WASM_BINDGEN_VERSION with cargo install (about 2-4 minutes)..."
    install_wasm_bindgen_cli "$WASM_BINDGEN_VERSION"
    [ "$(wbg_version)" = "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen --version says $(wbg_version), wanted $WASM_BINDGEN_VERSION"
    report "wasm-bindgen-cli" "installed ($WASM_BINDGEN_VERSION)"
fi

# --- wasm-opt from npm's binaryen (Debian's binaryen is too old for what rustc 1.95 emits).
wasm_opt_version() { "$LAB_ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}'; }
if [ "$(wasm_opt_version || true)" = "$BINARYEN_VERSION" ] &&
    cmp -s scripts/tools/package-lock.json .tools/package-lock.json; then
    report "wasm-opt (binaryen)" "skipped (version $BINARYEN_VERSION)"
else
    rm -rf .tools
    mkdir -p .tools
    cp scripts/tools/package.json scripts/tools/package-lock.json .tools/
    logged tools-npm bash -c "cd .tools && npm ci --no-audit --no-fund"
    [ "$(wasm_opt_version)" = "$BINARYEN_VERSION" ] || die "wasm-opt --version does not say $BINARYEN_VERSION"
    report "wasm-opt (binaryen)" "installed (version $BINARYEN_VERSION)"
fi

# --- Debian's Chromium and ChromeDriver (Playwright's own browser download cannot work here).
if command -v chromium >/dev/null && [ -x /usr/bin/chromedriver ]; then
    report "chromium + chromium-driver" "skipped ($(chromium --version 2>/dev/null | awk '{print $2}'))"
else
    command -v apt-get >/dev/null || die "chromium and chromium-driver are needed, and this is not a Debian machine"
    logged apt-update "${SUDO[@]}" apt-get update
    logged apt-chromium env DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y chromium chromium-driver
    report "chromium + chromium-driver" "installed ($(chromium --version 2>/dev/null | awk '{print $2}'))"
fi

# --- Crate sources, so Trunk's offline builds find everything.
logged cargo-fetch cargo fetch --locked
report "crates (cargo fetch --locked)" "ready"

# --- The end-to-end tests' npm packages: playwright-core (it drives Debian's Chromium, no
#     browser download) and axe-core (the accessibility checker the tests inject in the page).
stamp="e2e/node_modules/.lab-package-lock"
if [ -f "$stamp" ] && cmp -s e2e/package-lock.json "$stamp"; then
    report "e2e npm packages (npm ci)" "skipped (e2e/package-lock.json unchanged)"
else
    logged e2e-npm bash -c "cd e2e && npm ci --no-audit --no-fund"
    cp e2e/package-lock.json "$stamp"
    report "e2e npm packages (npm ci)" "installed"
fi

echo "lab setup: done"
