#!/usr/bin/env bash
# Peak memory of `inolab build`, per stage, on one site: cold builds into
# new, absent folders (deleted after the last run), inputs read into the page
# cache first. For sites Hugo cannot build here (50 000 sprints), so no pairs.
#   benches/memory.sh SITE_DIR [RUNS]        (default 3 runs)
# A synthetic site: cargo run --release -p inolab-synth -- --records 50000 --seed 1 --out SITE_DIR
set -euo pipefail
site=${1:?usage: benches/memory.sh SITE_DIR [RUNS]}
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin inolab
bin="$repo/target/release/inolab"
work=$(mktemp -d "${TMPDIR:-/tmp}/inolab-memory-XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "commit $(git -C "$repo" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
find "$site" -type f -print0 | xargs -0 cat >/dev/null
for i in $(seq "$runs"); do
  /usr/bin/time -f "run $i: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
    "$bin" build --root "$site" --output "$work/out-$i" --timings 2>&1 |
    grep -E '^  [a-z/]+ +[0-9.]+ ms +peak memory|^run |^built'
done
