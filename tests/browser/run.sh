#!/usr/bin/env bash
# Real-browser test suite for the inolab site. CI entry point.
#   tests/browser/run.sh                 build the site, serve it, run every test
#   tests/browser/run.sh axe.test.mjs    run only some test files (names relative to tests/browser)
#   After the bundled site, a second, small site: the one `inolab init` writes for a new lab,
#   Latvian-only and rebranded with --color (34 pages), checked by the page-generic files
#   (INIT_FILES): axe, Nu checker, focus contrast, links (root and sub-path). INIT_SITE=0 skips
#   it; INIT_SITE=only runs nothing else.
# Env: SITE_DIR=<dir>   test an existing build instead of running `cargo run -- build`
#      INOLAB_BIN       the inolab binary for the init site (default: cargo run --release)
#      SITE_SUB_DIR=<dir> the same site built under a sub-path (links.test.mjs); built here if unset
#      CHROMIUM_PATH    (default /usr/bin/chromium)   AXE_WORKERS (default 2)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
START=$(date +%s)

cd "$HERE"
if [ ! -d node_modules ]; then
  echo "# installing npm dependencies (npm ci --ignore-scripts)"
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use the system java.
  npm ci --ignore-scripts --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "Chromium not found at $CHROMIUM_PATH (apt-get install -y chromium)"; echo "0 passed, 1 failed"; exit 1
fi
command -v java >/dev/null || { echo "java not found (needed for vnu.jar)"; echo "0 passed, 1 failed"; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/inolab-browser.XXXXXX")"
SERVER_PID=""
INIT_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  if [ -n "$INIT_PID" ]; then kill "$INIT_PID" 2>/dev/null; wait "$INIT_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ "${INIT_SITE:-1}" = only ]; then
  STATUS=0; PASS=0; FAIL=0
else
if [ -z "${SITE_DIR:-}" ]; then
  echo "# building the site: cargo run --release -q -- build --output $TMP/public"
  ( cd "$ROOT" && cargo run --release -q -- build --output "$TMP/public" ) || { echo "site build failed"; echo "0 passed, 1 failed"; exit 1; }
  export SITE_DIR="$TMP/public"
fi
if [ -z "${SITE_SUB_DIR:-}" ]; then
  # The same site published under a sub-path: every link must stay under it (links.test.mjs).
  echo "# building the site under a sub-path: --base-url https://inovacija.example/lab/"
  ( cd "$ROOT" && cargo run --release -q -- build --output "$TMP/public-sub" --base-url https://inovacija.example/lab/ >/dev/null ) || { echo "sub-path build failed"; echo "0 passed, 1 failed"; exit 1; }
  export SITE_SUB_DIR="$TMP/public-sub"
fi

# Serve the build on 127.0.0.1 (random free port) with the suite's static server.
node "$HERE/server.mjs" "$SITE_DIR" 0 > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q '^serving' "$TMP/server.log" 2>/dev/null && break
  sleep 0.1
done
ORIGIN="$(sed -n 's/^serving .* at \(http[^ ]*\)$/\1/p' "$TMP/server.log")"
[ -n "$ORIGIN" ] || { cat "$TMP/server.log"; echo "static server did not start"; echo "0 passed, 1 failed"; exit 1; }
export SITE_ORIGIN="$ORIGIN"
echo "# serving $SITE_DIR at $SITE_ORIGIN"

if [ $# -gt 0 ]; then FILES=("$@"); else
  FILES=(selftest.test.mjs axe.test.mjs vnu.test.mjs keyboard.test.mjs nav.test.mjs focus.test.mjs search.test.mjs filters.test.mjs nojs.test.mjs print.test.mjs checklist.test.mjs content.test.mjs links.test.mjs)
fi
# TAP reporter: prints the "# pass N" / "# fail M" summary lines. Two files at a time (2 cores):
# vnu (Java) overlaps the browser tests.
node --test --test-reporter=tap --test-concurrency=2 "${FILES[@]}" 2>&1 | tee "$TMP/tap.log"
STATUS=${PIPESTATUS[0]}

PASS=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/tap.log" | tail -1)
FAIL=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/tap.log" | tail -1)
PASS=${PASS:-0}; FAIL=${FAIL:-1}
fi

# The init site (issue 22): what a new lab gets from `inolab init`, with a brand colour, must
# pass the same page-generic checks as the bundled site. Only when running the whole suite.
if [ $# -eq 0 ] && [ "${INIT_SITE:-1}" != 0 ]; then
  INIT_START=$(date +%s)
  if [ -n "${INOLAB_BIN:-}" ]; then inolab() { "$INOLAB_BIN" "$@"; }
  else inolab() { ( cd "$ROOT" && cargo run --release -q -- "$@" ); }
  fi
  echo "# init site: inolab init --name … --institution … --languages lv --color '#2e6b30', then build (root and /lab/)"
  if inolab init "$TMP/initlab" --name "Pilsētas inovācijas laboratorija" --institution "Pilsētas dome" --languages lv --color "#2e6b30" >/dev/null \
     && inolab build --root "$TMP/initlab" --output "$TMP/init-public" >/dev/null 2>&1 \
     && inolab build --root "$TMP/initlab" --output "$TMP/init-public-sub" --base-url https://musu-lab.example/lab/ >/dev/null 2>&1; then
    node "$HERE/server.mjs" "$TMP/init-public" 0 > "$TMP/init-server.log" 2>&1 &
    INIT_PID=$!
    for _ in $(seq 1 100); do
      grep -q '^serving' "$TMP/init-server.log" 2>/dev/null && break
      sleep 0.1
    done
    INIT_ORIGIN="$(sed -n 's/^serving .* at \(http[^ ]*\)$/\1/p' "$TMP/init-server.log")"
    INIT_FILES=(axe.test.mjs vnu.test.mjs focus.test.mjs links.test.mjs)
    SITE_DIR="$TMP/init-public" SITE_SUB_DIR="$TMP/init-public-sub" SITE_ORIGIN="$INIT_ORIGIN" \
      SITE_LANGS=lv SITE_MIN_PAGE_TYPES=15 \
      node --test --test-reporter=tap --test-concurrency=2 "${INIT_FILES[@]}" 2>&1 | tee "$TMP/init-tap.log"
    INIT_STATUS=${PIPESTATUS[0]}
    kill "$INIT_PID" 2>/dev/null; wait "$INIT_PID" 2>/dev/null
    IP=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/init-tap.log" | tail -1)
    IF=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/init-tap.log" | tail -1)
    [ "$INIT_STATUS" -eq 0 ] || [ "${IF:-1}" -gt 0 ] || IF=1
    echo "# init site: ${IP:-0} passed, ${IF:-1} failed in $(( $(date +%s) - INIT_START )) s"
    PASS=$(( PASS + ${IP:-0} )); FAIL=$(( FAIL + ${IF:-1} ))
  else
    echo "# init site: init or build failed"; FAIL=$(( FAIL + 1 ))
  fi
fi
echo "# total time: $(( $(date +%s) - START )) s"
echo "${PASS} passed, ${FAIL} failed"
[ "$STATUS" -eq 0 ] && [ "$FAIL" -eq 0 ]
