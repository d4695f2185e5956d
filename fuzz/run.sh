#!/usr/bin/env bash
# One coverage-guided libFuzzer run of one target (docs/fuzzing.md):
#   bash fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the
# -Z flags cargo-fuzz passes. Needs `cargo install cargo-fuzz` once.
# New corpus entries go to fuzz/work/TARGET (ignored by git), seeded from
# fuzz/seeds/TARGET and fuzz/regressions/TARGET; crashes to fuzz/artifacts/.
# Niced, one job: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags]}
secs=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "fuzz/work/$target" "fuzz/regressions/$target"
dict=()
[ -f "fuzz/dict/$target.dict" ] && dict=("-dict=fuzz/dict/$target.dict")
export RUSTC_BOOTSTRAP=1
unset CARGO_TARGET_DIR
exec nice -n 10 cargo fuzz run -O -a -s none "$target" \
  "fuzz/work/$target" "fuzz/seeds/$target" "fuzz/regressions/$target" -- \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 "${dict[@]}" "$@"
