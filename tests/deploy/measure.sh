#!/usr/bin/env bash
# What a CI run of a content-only site costs on the release-binary path,
# measured on this machine: the GitHub Pages recipe's install step (its own
# shell text, taken from docs/deploy/github-pages.yml) against a stand-in
# release served on 127.0.0.1, cold and then from the cache, then the
# recipe's `check --format github` and a build of the bundled site.
#
#   bash tests/deploy/measure.sh PATH/TO/inolab-x86_64-unknown-linux-musl
#
# Not a test (no timing assertions anywhere): the figures go into
# docs/deploy/README.md by hand, with the machine's load beside them.
# Needs python3 with PyYAML (to read the recipe), wget, sha256sum, GNU time, bc.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:?usage: measure.sh RELEASE_BINARY}"
bin="$(realpath "$bin")"
version="$("$bin" --version | cut -d' ' -f2)"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/release/v$version" "$work/repo" "$work/home"
cp "$bin" "$work/release/v$version/inolab-x86_64-unknown-linux-musl"
sha="$(sha256sum "$bin" | cut -d' ' -f1)"
cp -r site.yaml content themes static "$work/repo/"

python3 - "$work/install.sh" <<'EOF'
import sys, yaml
wf = yaml.safe_load(open("docs/deploy/github-pages.yml"))
step = next(s for s in wf["jobs"]["build"]["steps"] if s.get("name", "").startswith("Install"))
open(sys.argv[1], "w").write(step["run"])
EOF

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/release" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  wget -q -O /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done

export HOME="$work/home" GITHUB_PATH="$work/github_path" no_proxy='*'
export INOLAB_VERSION="$version" INOLAB_SHA256="$sha" INOLAB_DOWNLOAD="http://127.0.0.1:$port"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

# Wall-clock time, and CPU time (user + system, from GNU time) which a busy
# machine inflates less.
ms() { date +%s%3N; }
step() {
  local name="$1"; shift
  local t0 t1 user sys
  t0="$(ms)"
  (cd "$work/repo" && /usr/bin/time -o "$work/cpu" -f '%U %S' "$@") >"$work/out" 2>&1 ||
    { cat "$work/out"; echo "$name failed" >&2; exit 1; }
  t1="$(ms)"
  read -r user sys <"$work/cpu"
  printf '%-36s %7d ms wall %7.2f s CPU\n' "$name" "$((t1 - t0))" "$(echo "$user + $sys" | bc)"
}

echo "binary: $(stat -c %s "$bin") bytes, inolab $version; load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
step "install (download + SHA-256, cold)" bash --noprofile --norc -eo pipefail "$work/install.sh"
step "install (from the cache)" bash --noprofile --norc -eo pipefail "$work/install.sh"
inolab="$(tail -n 1 "$GITHUB_PATH")/inolab"
step "check --format github" "$inolab" check --format github
step "build (bundled site)" "$inolab" build --base-url http://localhost:8000/ --output preview
tail -n 1 "$work/out"
