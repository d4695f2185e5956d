#!/usr/bin/env sh
# `inolab serve` under load (BENCHMARKS.md, "Serve under load"), on a copy
# of the bundled site:
#
#   benches/serve_load.sh [BINARY] [PORT]   (defaults: target/release/inolab, 4400)
#
# 1. ab -n 20000 -c 50 -k (HTTP/1.0 keep-alive) on a sprint page, then the
#    same without -k (a connection per request), then wrk (HTTP/1.1
#    keep-alive, 10 s);
# 2. 2,000 idle connections (benches/serve_idle.py): threads and RSS of the
#    server from /proc, and a normal request meanwhile.
# Needs ab (apache2-utils), wrk, curl and python3. ab waits at most 10 s for
# an answer (-s 10): a hung keep-alive connection ends the run.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/release/inolab}
PORT=${2:-4400}
PAGE=${PAGE:-/sprinti/administrativa-sloga-audits/}
TMP=${TMPDIR:-/tmp}/inolab-serve-load-$PORT
rm -rf "$TMP" && mkdir -p "$TMP/site"
cp -r site.yaml content themes "$TMP/site/"
[ -d static ] && cp -r static "$TMP/site/"
"$BIN" serve --root "$TMP/site" --port "$PORT" 2>"$TMP/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT INT TERM
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done
URL="http://127.0.0.1:$PORT$PAGE"
curl -s -o /dev/null -w "page: HTTP %{http_code}, %{size_download} bytes\n" "$URL"
KEEP='Complete requests|Failed requests|Keep-Alive requests|Requests per second|^  50%|^  99%|^ 100%|Total of|timeout|Non-2xx'
echo "== ab -n 20000 -c 50 -k"
nice ab -s 10 -n 20000 -c 50 -k "$URL" 2>&1 | grep -E "$KEEP" || true
echo "== ab -n 20000 -c 50 (a connection per request)"
nice ab -s 10 -n 20000 -c 50 "$URL" 2>&1 | grep -E "$KEEP" || true
echo "== wrk -t 2 -c 50 -d 10s (HTTP/1.1 keep-alive)"
nice wrk -t 2 -c 50 -d 10s --latency "$URL" 2>&1 |
  grep -E 'Requests/sec|requests in|Socket errors|Non-2xx| 50%| 99%' || true
echo "== 2,000 idle connections"
nice python3 benches/serve_idle.py --port "$PORT" --pid "$PID" --connections 2000 --path "$PAGE"
