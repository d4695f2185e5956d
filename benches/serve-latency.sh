#!/usr/bin/env sh
# Edit-to-updated-page latency of `inolab serve` (see BENCHMARKS.md, "Serve
# latency"): on a copy of the bundled site, and on a synthetic site.
#
#   benches/serve-latency.sh [RECORDS] [EDITS]     (defaults: 10000, 20)
#   KINDS="body title dates topics glossary chapter new delete" benches/serve-latency.sh 10000 10
#
# Each edit changes a file on disk (KINDS: what is edited; default: a
# sprint's body; `new`/`delete`: a sprint file saved / deleted) and polls
# its page over HTTP until it shows the change (watcher + debounce +
# preview or rebuild + serving). The sites are copied to a fresh
# temporary folder (mktemp), removed at the end. Honours CARGO_TARGET_DIR.
set -eu
cd "$(dirname "$0")/.."
RECORDS=${1:-10000}
EDITS=${2:-20}
KINDS=${KINDS:-body}
TARGET=${CARGO_TARGET_DIR:-target}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/inolab-serve-latency.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/bundled"
cp -r site.yaml content themes "$TMP/bundled/"
[ -d static ] && cp -r static "$TMP/bundled/"
cargo build --release -p inolab-synth
"$TARGET/release/inolab-synth" --records "$RECORDS" --seed 1 --out "$TMP/synth"
# The bench program (benches/serve_latency.rs), built once in the bench
# (= release) profile.
cargo bench --no-run --bench serve_latency
KIND_ARGS=""
for k in $KINDS; do KIND_ARGS="$KIND_ARGS --kind $k"; done
for site in "$TMP/bundled" "$TMP/synth"; do
  echo "== $site"
  # shellcheck disable=SC2086
  cargo bench --bench serve_latency -- --site "$site" --edits "$EDITS" $KIND_ARGS --verbose 2>&1 |
    grep -E 'first build|rebuilt in|serve latency|error'
done
