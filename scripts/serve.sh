#!/usr/bin/env bash
# ./lab serve: sets up, then serves the lab with Trunk at http://127.0.0.1:8080/, rebuilding
# on every edit to any crate or to index.html (Trunk.toml lists what is watched).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$LAB_ROOT"

"$LAB_ROOT/scripts/setup.sh"
cargo metadata --format-version 1 --no-deps --offline | node scripts/check-trunk-watch.mjs >/dev/null ||
    echo "warning: edits to the crates named above will not rebuild the page until Trunk.toml lists them" >&2

ADDRESS="http://127.0.0.1:8080/"
cat <<MSG

  The lab will be at  $ADDRESS
  (the first build takes a minute or two; the page appears when Trunk logs "success").
  Press Ctrl-C to stop.

MSG
# The pre_build hook (scripts/exercise-status.mjs) reports compile errors to the page.
export LAB_SERVE=1
exec trunk serve "$@"
