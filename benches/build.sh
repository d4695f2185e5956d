#!/usr/bin/env bash
# Build-speed benchmark, inolab against Hugo. See benches/build.py --help.
#   benches/build.sh [N ...] [--runs 5] [--runs-large K] [--seed 1] [--warmup auto|build|read] [--work DIR] [--no-write]
set -euo pipefail
exec python3 "$(dirname "$0")/build.py" "$@"
