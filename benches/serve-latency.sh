#!/usr/bin/env sh
# Edit-to-updated-page latency of `inolab serve` (see BENCHMARKS.md, "Serve
# latency"): on a copy of the bundled site, and on a synthetic site.
#
#   benches/serve-latency.sh [RECORDS] [EDITS]     (defaults: 10000, 20)
#
# Each edit appends a unique word to a sprint on disk and polls the page over
# HTTP until it shows the word (watcher + debounce + rebuild + serving).
set -eu
cd "$(dirname "$0")/.."
RECORDS=${1:-10000}
EDITS=${2:-20}
TMP=${TMPDIR:-/tmp}/inolab-serve-latency
rm -rf "$TMP" && mkdir -p "$TMP/bundled"
cp -r site.yaml content themes "$TMP/bundled/"
[ -d static ] && cp -r static "$TMP/bundled/"
cargo build --release -p inolab-synth
./target/release/inolab-synth --records "$RECORDS" --seed 1 --out "$TMP/synth"
# The bench program (benches/serve_latency.rs), built once in the bench
# (= release) profile.
cargo bench --no-run --bench serve_latency
for site in "$TMP/bundled" "$TMP/synth"; do
  echo "== $site"
  cargo bench --bench serve_latency -- --site "$site" --edits "$EDITS" --verbose 2>&1 |
    grep -E 'first build|rebuilt in|serve latency|error'
done
