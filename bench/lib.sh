# Sourced by the benchmarks (bench/*.sh) for what each of them starts with:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# gives $root (the repository), $work (a fresh directory, removed on exit, after every server started here is
# stopped and every command given to on_exit has run), FORGELINE_TOOLCHAINS (default shared with the tests), and
# the functions below. Scripts keep `set -euo pipefail` themselves.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FORGELINE_TOOLCHAINS="${FORGELINE_TOOLCHAINS:-$HOME/.cache/forgeline-test/toolchains}"
work="$(mktemp -d)"
bench_pids=()
bench_exit_commands=()
bench_cleanup() {
  local command pid
  for command in "${bench_exit_commands[@]}"; do eval "$command" || true; done
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap bench_cleanup EXIT

# on_exit COMMAND: runs COMMAND (a shell string) on exit, before $work is removed.
on_exit() { bench_exit_commands+=("$1"); }

# require_tools TOOL...: exits 3 naming the first tool not on PATH.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null ||
      { echo "error: $tool not found (bash .ci/install-test-deps installs what the tests and benchmarks need)" >&2; exit 3; }
  done
}

# build_forgeline: builds the release tool unless it is built (./forgeline does on first use), before anything is
# timed; sets $forgeline_jar, whose manifest's Class-Path names its dependencies (target/lib): the whole classpath.
build_forgeline() {
  "$root/forgeline" --version >/dev/null
  forgeline_jar="$(ls "$root"/release-tool/target/release-tool-*.jar | head -n 1)"
}

# host_target: this machine's platform, `forgeline plan`'s host (needs node).
host_target() {
  "$root/forgeline" plan | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).host)'
}

# release_bench_setup [TARGET]: what a benchmark of `release --local` starts with: node, the release tool built, the
# working directory the repository; sets $target (TARGET, default this machine's platform) and $out ($work/out).
release_bench_setup() {
  require_tools node
  cd "$root"
  build_forgeline
  target="${1:-$(host_target)}"
  out="$work/out"
}

# timestamped_release TARGET OUT LOG: ./forgeline release --local --target TARGET --out OUT, writing each output line
# to LOG as "<seconds since the start> <line>"; sets $release_seconds (the wall time); on failure prints the output
# and exits 1.
timestamped_release() {
  local target="$1" out="$2" log="$3" start line us
  start=${EPOCHREALTIME/./} # microseconds (bash 5)
  if ! "$root/forgeline" release --local --target "$target" --out "$out" 2>&1 | while IFS= read -r line; do
    us=$((${EPOCHREALTIME/./} - start))
    printf '%d.%06d %s\n' $((us / 1000000)) $((us % 1000000)) "$line"
  done > "$log"; then
    cut -d' ' -f2- "$log" >&2
    echo "error: forgeline release --local --target $target failed (its output is above)" >&2
    exit 1
  fi
  us=$((${EPOCHREALTIME/./} - start))
  release_seconds="$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
}

# seconds COMMAND...: runs it (its output in $work/last.log) and prints its wall seconds; on failure prints the
# output's end and exits 1.
seconds() {
  local start=${EPOCHREALTIME/./}
  "$@" >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; echo "error: $* failed" >&2; exit 1; }
  local us=$((${EPOCHREALTIME/./} - start))
  printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}

# free_port: a loopback port nothing listens on at this moment.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for_http URL [STATUS]: until GET URL answers (with STATUS, if given); 10 s at most, then exits 1.
wait_for_http() {
  local url="$1" want="${2:-}" status
  for _ in $(seq 100); do
    status="$(python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as e: print(e.code)
except Exception: print(0)' "$url")"
    [[ "$status" != 0 && ( -z "$want" || "$status" == "$want" ) ]] && return 0
    sleep 0.1
  done
  echo "error: $url did not answer${want:+ $want} within 10 s" >&2
  exit 1
}

# start_nginx DIR PORT: nginx with DIR/nginx.conf (which must say `daemon off;` and listen on 127.0.0.1:PORT), its
# prefix and console output in DIR, stopped on exit; returns once it answers HTTP.
start_nginx() {
  local dir="$1" port="$2" nginx
  nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/out" 2>&1 &
  bench_pids+=($!)
  wait_for_http "http://127.0.0.1:$port/"
}

# start_docker_registry DIR PORT: docker-registry serving DIR/config.yml (its http.addr 127.0.0.1:PORT, with auth),
# its log in DIR/log, stopped on exit; returns once /v2/ asks for a login.
start_docker_registry() {
  local dir="$1" port="$2"
  docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  bench_pids+=($!)
  wait_for_http "http://127.0.0.1:$port/v2/" 401
}

# install_sigstore_js: npm ci in release-tool/src/test/node when its lock changed (the stamp .ci/install-test-deps
# keeps too); sets $node_dir.
install_sigstore_js() {
  node_dir="$root/release-tool/src/test/node"
  local stamp="$node_dir/node_modules/.lock-sha256" want
  want="$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "== installing sigstore-js (npm ci in $node_dir)" >&2
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" > "$stamp"
  fi
}
