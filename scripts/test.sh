#!/usr/bin/env bash
# ./lab test: every check the lab has, in order, stopping at the first failure.
# To add a stage: write a `stage_NAME` function below and add "NAME|what it runs" to STAGES.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$LAB_ROOT"

# ---------------------------------------------------------------------------------------------
# Knobs the crates' engineers set.

# Miri runs the runtime-core test targets that exercise its unsafe code (the waker vtables,
# the spin lock of the inbox, the pin projections of tasks and timeouts): the unit tests, the
# futures-crate tests (wakers moved across threads) and the golden traces. The property tests
# are left out: under Miri they would take hours. An optional name filter narrows it further:
# `MIRI_TEST_FILTER=waker ./lab test miri`.
MIRI_TEST_FILTER="${MIRI_TEST_FILTER-}"
MIRI_TARGETS=(--lib --test futures_compat --test golden_traces)

# Arguments for the native test run. Add features here as crates need them, e.g.
# (--workspace --features exercises/solutions).
NATIVE_TEST_ARGS=(--workspace)

# Crates whose wasm-bindgen-test tests run in headless Chromium: every workspace crate with
# wasm-bindgen-test among its dev-dependencies (today web-ui; runtime-core once it has some).
wasm_test_crates() {
    cargo metadata --format-version 1 --no-deps --locked --offline | node -e '
        let json = "";
        process.stdin.on("data", (chunk) => (json += chunk));
        process.stdin.on("end", () => {
            for (const pkg of JSON.parse(json).packages) {
                if (pkg.dependencies.some((d) => d.name === "wasm-bindgen-test" && d.kind === "dev")) {
                    console.log(pkg.name);
                }
            }
        });'
}

# ---------------------------------------------------------------------------------------------
# Stages, in order: "function-suffix|what it runs".
STAGES=(
    "setup|./lab setup (installs or checks every tool)"
    "fmt|cargo fmt --all --check"
    "clippy|cargo clippy --workspace --all-targets -- -D warnings (native, and wasm32 for crates with browser tests)"
    "native|cargo test ${NATIVE_TEST_ARGS[*]}; the exercises again with their solutions"
    "no_std|runtime-core without default features for thumbv7em-none-eabi and wasm32-unknown-unknown"
    "miri|cargo +nightly miri test -p runtime-core ${MIRI_TARGETS[*]}; vs-tokio's Tokio run once"
    "wasm|cargo test --target wasm32-unknown-unknown in headless Chromium (wasm-bindgen-test)"
    "trunk|trunk build --release"
    "e2e|Playwright end-to-end tests (node --test) against dist/"
)

ALL_STAGES=("${STAGES[@]}")

run() {
    printf '$ %s\n' "$*"
    "$@"
}

stage_setup() {
    if [ "${LAB_SKIP_SETUP:-}" = 1 ]; then
        echo "skipped: LAB_SKIP_SETUP=1"
        return
    fi
    "$LAB_ROOT/scripts/setup.sh"
}

stage_fmt() {
    run cargo fmt --all --check
}

stage_clippy() {
    run cargo clippy --workspace --all-targets --locked -- -D warnings
    # The no_std libraries name `core` or `alloc` where an item lives there (their tests, the
    # bins and the std crates around them are free to say `std`).
    run cargo clippy -p runtime-core -p scenario -p classroom --lib --all-features --locked -- -D warnings \
        -D clippy::std_instead_of_core -D clippy::std_instead_of_alloc -D clippy::alloc_instead_of_core
    local crate
    for crate in $(wasm_test_crates); do
        run cargo clippy -p "$crate" --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
    done
}

stage_native() {
    run cargo test "${NATIVE_TEST_ARGS[@]}" --locked
    # The grader's contract with the solutions swapped in: every check passes.
    run cargo test -p exercises --features solutions --locked
}

stage_no_std() {
    # A bare-metal target has no std at all: an accidental `std::` use fails to build.
    run cargo build -p runtime-core --no-default-features --locked --target thumbv7em-none-eabi
    run cargo build -p runtime-core --no-default-features --locked --target wasm32-unknown-unknown
}

stage_miri() {
    # shellcheck disable=SC2086 # the filter is optional, and one word
    MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}" run cargo +nightly miri test \
        -p runtime-core "${MIRI_TARGETS[@]}" --locked -- $MIRI_TEST_FILTER
    # vs-tokio's one `unsafe` (a `Send` for futures that never leave the thread of Tokio's
    # current_thread runtime): one comparison run under Miri, Tokio included. Tokio's paused
    # clock starts from `Instant::now()`, which Miri's isolation forbids.
    if [ -z "$MIRI_TEST_FILTER" ]; then
        MIRIFLAGS="-Zmiri-disable-isolation" run cargo +nightly miri test -p vs-tokio \
            --test differential --locked -- yields_come_back_reversed
    fi
}

stage_wasm() {
    local crates
    crates=$(wasm_test_crates)
    [ -n "$crates" ] || die "no crate has wasm-bindgen-test dev-dependencies (web-ui should)"
    local crate
    for crate in $crates; do
        run cargo test --target wasm32-unknown-unknown -p "$crate" --locked
    done
}

stage_trunk() {
    cargo metadata --format-version 1 --no-deps --locked --offline | node scripts/check-trunk-watch.mjs
    rm -rf dist
    # Verbose, into a log: its debug lines show which wasm-bindgen and wasm-opt Trunk used.
    local log="$LAB_ROOT/target/lab-trunk-build.log"
    mkdir -p "$(dirname "$log")"
    printf '$ trunk build --release -v   (full log: %s)\n' "${log#"$LAB_ROOT"/}"
    if ! trunk build --release -v >"$log" 2>&1; then
        grep -Ev ' (DEBUG|TRACE) ' "$log" | tail -n 60
        die "trunk build failed (full log: $log)"
    fi
    grep -E ' (INFO|WARN|ERROR) |using system installed binary|Finished' "$log" |
        sed -E 's/ (app|version|offline|client_options)=.*//'
    [ -f dist/index.html ] || die "trunk build left no dist/index.html"
    local file
    for file in dist/*; do
        printf '  %-44s %8d bytes, %7d gzipped\n' "${file#dist/}" "$(wc -c <"$file")" "$(gzip -9c "$file" | wc -c)"
    done
    # The page formats no floats: core's float printing costs it ~7 KB gzipped (format an
    # integer instead: `as u64`, or tenths as in classroom::words::duration). Cargo's output
    # still has its function names, so the check is a text search.
    local page_wasm="target/wasm32-unknown-unknown/wasm-release/web-ui.wasm"
    if grep -q 'float_to_decimal' "$page_wasm"; then
        die "the page's wasm formats a float (core::fmt::float): format integers instead (see this check in scripts/test.sh)"
    fi
}

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

stage_e2e() {
    [ -f dist/index.html ] || die "no dist/: the trunk stage builds it"
    local log
    log=$(mktemp)
    # dist/ is also served under a sub-path, to show its relative paths work from any folder.
    node scripts/static-server.mjs dist 0 /any/sub/folder/ >"$log" 2>&1 &
    SERVER_PID=$!
    local url="" tries
    for tries in $(seq 1 100); do
        url=$(sed -n 's/^listening on //p' "$log")
        [ -n "$url" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log"; die "the static server did not start"; }
        sleep 0.1
    done
    [ -n "$url" ] || die "the static server printed no address within 10 s"
    echo "serving dist/ at $url (pid $SERVER_PID)"
    (cd e2e && export LAB_BASE_URL="$url" && run npm test)
    stop_server
    rm -f "$log"
    echo "screenshots: e2e/screenshots/"
}

# ---------------------------------------------------------------------------------------------
CURRENT_STAGE=""
on_exit() {
    local status=$?
    stop_server
    if [ "$status" -ne 0 ] && [ -n "$CURRENT_STAGE" ]; then
        printf '\n=== FAILED at stage %s after %s\n' "$CURRENT_STAGE" "$(human_time "$SECONDS")" >&2
    fi
}
trap on_exit EXIT

# `./lab test` runs every stage; `./lab test wasm e2e` runs setup and just those, in order.
select_stages() {
    [ $# -gt 0 ] || return 0
    local wanted=" setup $* " entry known=" "
    for entry in "${STAGES[@]}"; do known+="${entry%%|*} "; done
    local name
    for name in "$@"; do
        [[ "$known" == *" $name "* ]] || die "no stage named '$name' (stages:$known)"
    done
    local kept=()
    for entry in "${STAGES[@]}"; do
        [[ "$wanted" == *" ${entry%%|*} "* ]] && kept+=("$entry")
    done
    STAGES=("${kept[@]}")
}

main() {
    select_stages "$@"
    # Stages run under `set -e` (not inside an `if`), so any failing command stops the run.
    local start=$SECONDS total=${#STAGES[@]} i=0 entry name what stage_start
    for entry in "${STAGES[@]}"; do
        i=$((i + 1))
        name=${entry%%|*}
        what=${entry#*|}
        printf '\n=== [%d/%d] %s: %s\n' "$i" "$total" "$name" "$what"
        stage_start=$SECONDS
        CURRENT_STAGE="$i/$total ($name)"
        "stage_$name"
        CURRENT_STAGE=""
        printf '=== %s: ok (%s)\n' "$name" "$(human_time $((SECONDS - stage_start)))"
    done
    printf '\n=== lab test: all %d stages passed in %s\n' "$total" "$(human_time $((SECONDS - start)))"
    [ "$total" -eq "${#ALL_STAGES[@]}" ] || echo "=== (only the stages asked for: ${*})"
}

main "$@"
