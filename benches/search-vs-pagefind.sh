#!/usr/bin/env bash
# Search head-to-head, inolab against Pagefind. See benches/search_vs_pagefind.py --help.
#   benches/search-vs-pagefind.sh [bundled|N ...] [--runs 3] [--seed 1] [--work DIR]
#                                 [--pagefind-version 1.6.0] [--no-write]
set -euo pipefail
exec python3 "$(dirname "$0")/search_vs_pagefind.py" "$@"
