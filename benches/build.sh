#!/usr/bin/env bash
# Build-speed benchmark, inolab against Hugo. See benches/build.py --help.
#   benches/build.sh [N ...] [--runs 5] [--seed 1] [--work DIR] [--no-write]
set -euo pipefail
exec python3 "$(dirname "$0")/build.py" "$@"
