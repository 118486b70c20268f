#!/usr/bin/env bash
# tools/call echo throughput and latency of the gateway against the official MCP Java SDK server
# (stateless Streamable HTTP on embedded Tomcat) and the official TypeScript SDK server (stateless,
# JSON responses), each with the same echo tool, the same load generator and the same concurrency,
# in one run:
#   keep-alive            wrk, BENCH_CONCURRENCY connections (bench/gateway/echo-call.lua POSTs)
#   one client            wrk, one kept-alive connection (the gateway's p50 should be under 1 ms)
#   connection/request    ab, BENCH_CONCURRENCY at a time, a new connection for every request
# Before each measurement, that server gets a JIT warm-up of that same load, in rounds, until two rounds in a
# row agree within BENCH_STABLE_PCT (5) %; the table says how many rounds it took. Prints a table and the gateway's ratios to each SDK. With nginx
# installed, a ceiling row too: nginx answering a constant body, what the machine allows with that load.
#
#   bench/gateway-throughput.sh               # full size: ~15 s per measurement
#   BENCH_TINY=1 bench/gateway-throughput.sh  # a few seconds in all, for CI (so this cannot rot)
# Knobs: BENCH_CONCURRENCY (64), BENCH_DURATION (15s), BENCH_AB_REQUESTS (20000), BENCH_WARMUP_ROUND (3s of
# wrk; an ab round is half of BENCH_AB_REQUESTS), BENCH_WARMUP_ROUNDS (at most 15), BENCH_STABLE_PCT (5).
# Needs: java 17, mvn, node 18+ and npm, wrk, ab (Debian: apt-get install wrk apache2-utils).
# Works from a fresh clone: builds the gateway (native core from source), the Java SDK server and
# installs the TypeScript SDK server's pinned packages. Exits non-zero if a gateway request failed
# (the SDK servers' failures are reported in the table).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench/gateway"

if [[ "${BENCH_TINY:-}" == 1 ]]; then
  conc="${BENCH_CONCURRENCY:-4}"; duration="${BENCH_DURATION:-1s}"; warm_round="${BENCH_WARMUP_ROUND:-1s}"
  ab_requests="${BENCH_AB_REQUESTS:-200}"; warm_rounds="${BENCH_WARMUP_ROUNDS:-2}"
else
  conc="${BENCH_CONCURRENCY:-64}"; duration="${BENCH_DURATION:-15s}"; warm_round="${BENCH_WARMUP_ROUND:-3s}"
  ab_requests="${BENCH_AB_REQUESTS:-20000}"; warm_rounds="${BENCH_WARMUP_ROUNDS:-15}"
fi
threads=$(( conc < 2 ? 1 : 2 ))
stable_pct="${BENCH_STABLE_PCT:-5}"

missing=()
for tool in java mvn node npm wrk ab; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "gateway-throughput: missing ${missing[*]}; on Debian: apt-get install -y wrk apache2-utils nodejs npm maven openjdk-17-jdk-headless" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gateway-bench.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "gateway-throughput: $*" >&2; }

# up_to_date OUTPUT SOURCES...: OUTPUT exists and no file under SOURCES is newer (reruns skip the builds).
up_to_date() {
  local output="$1"; shift
  [[ -f "$output" ]] && [[ -z "$(find "$@" -type f -newer "$output" -print -quit 2>/dev/null)" ]]
}

if up_to_date "$root/gateway/target/bench-built" "$root/gateway/src/main" "$root/gateway/pom.xml" \
    "$root/native-core/src" "$root/native-core/pom.xml" "$root/pom.xml"; then
  log "the gateway build is up to date"
else
  log "building the gateway (native core from source)"
  (cd "$root" && mvn -B -ntp -q -Pnative-from-source -pl gateway -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime) >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; log "building the gateway failed"; exit 1; }
  touch "$root/gateway/target/bench-built"
fi
gateway_cp="$(ls "$root"/gateway/target/gateway-*.jar | grep -v -e "-sources.jar" -e "-javadoc.jar" | head -1):$(cat "$root/gateway/target/bench-classpath.txt")"
if up_to_date "$bench/java-sdk/target/bench-built" "$bench/java-sdk/src" "$bench/java-sdk/pom.xml"; then
  log "the Java SDK server build is up to date"
else
  log "building the Java SDK server"
  (cd "$bench/java-sdk" && mvn -B -ntp -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) \
    >"$work/build-java-sdk.log" 2>&1 || { cat "$work/build-java-sdk.log" >&2; log "building the Java SDK server failed"; exit 1; }
  touch "$bench/java-sdk/target/bench-built"
fi
java_sdk_cp="$bench/java-sdk/target/mcp-java-sdk-echo-0.jar:$(cat "$bench/java-sdk/target/classpath.txt")"
stamp="$bench/ts-sdk/node_modules/.lock-sha256"
want="$(sha256sum "$bench/ts-sdk/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  (cd "$bench/ts-sdk" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 \
    || { cat "$work/npm.log" >&2; log "npm ci in bench/gateway/ts-sdk failed"; exit 1; }
  echo "$want" >"$stamp"
fi

# start NAME COMMAND...: runs a server that prints "listening on PORT" (or the gateway's URL line); sets $port.
start() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=("$!")
  local pid=$! i
  for i in $(seq 1 300); do
    port="$(grep -oE 'listening on (http://127\.0\.0\.1:)?[0-9]+' "$work/$name.out" 2>/dev/null | grep -oE '[0-9]+$' | head -1 || true)"
    [[ -n "$port" ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/$name.err" >&2
  log "$name did not start"
  exit 1
}

# The same JVM options for both Java servers.
jvm=(java -Xms256m -Xmx512m)
start gateway "${jvm[@]}" -cp "$gateway_cp" dev.forgeline.gateway.Main --port 0
gateway_port=$port
start java-sdk "${jvm[@]}" -cp "$java_sdk_cp" bench.JavaSdkEchoServer 0
java_port=$port
start ts-sdk node "$bench/ts-sdk/server.mjs" 0
ts_port=$port
log "gateway :$gateway_port, java-sdk :$java_port, ts-sdk :$ts_port; concurrency $conc, $duration per run"

declare -A url=([gateway]="http://127.0.0.1:$gateway_port/mcp" [java-sdk]="http://127.0.0.1:$java_port/mcp"
  [ts-sdk]="http://127.0.0.1:$ts_port/mcp")
targets=(gateway java-sdk ts-sdk)
declare -A errors=([gateway]=0 [java-sdk]=0 [ts-sdk]=0)

# The ceiling: nginx (one worker) answering a constant body of the same size, with no MCP at all. It is
# the most this machine's loopback, kernel and load generator allow with the same load; the gateway's share
# of it says how much room a server has left. Measured when nginx is installed (.ci/install-test-deps does).
if command -v nginx >/dev/null 2>&1; then
  ceiling_port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$ceiling_port;
    location / {
      default_type application/json;
      return 200 '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}],"isError":false}}';
    }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' >"$work/nginx.out" 2>&1 &
  pids+=("$!")
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$ceiling_port") 2>/dev/null && break
    sleep 0.1
  done
  url[ceiling]="http://127.0.0.1:$ceiling_port/mcp"
  targets+=(ceiling)
  errors[ceiling]=0
  log "ceiling (nginx, a constant answer) :$ceiling_port"
else
  log "no nginx here: the ceiling row is left out (apt-get install -y nginx)"
fi

# wrk_run TARGET CONNECTIONS THREADS DURATION -> "rps p50_us p99_us errors"
# (--timeout 10s: a slow answer counts in the latency, not as an error that the percentiles leave out)
wrk_run() {
  local target="$1" c="$2" t="$3" d="$4" kind
  kind=$([[ "$target" == gateway ]] && echo gateway || echo sdk)
  local out
  out="$(BENCH_TARGET="$kind" wrk -t"$t" -c"$c" -d"$d" --timeout 10s --latency -s "$bench/echo-call.lua" \
    "${url[$target]}" 2>"$work/wrk.err")"
  local line; line="$(grep '^BENCH ' <<<"$out")"
  local n; n="$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")"
  if [[ "$n" != 0 ]]; then
    log "$target: $n failed requests under wrk -c$c"; head -5 "$work/wrk.err" >&2
  fi
  sed -E 's/.*rps=([0-9.]+) p50_us=([0-9]+) p99_us=([0-9]+) requests=[0-9]+ errors=([0-9]+).*/\1 \2 \3 \4/' <<<"$line"
}

# ab_run TARGET -> "rps p50_us p99_us errors" (ab reports whole milliseconds)
ab_run() {
  local target="$1" body headers=()
  if [[ "$target" == gateway ]]; then
    body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
    headers=(-H "MCP-Protocol-Version: 2026-07-28" -H "Mcp-Method: tools/call" -H "Mcp-Name: echo")
  else
    body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'
    headers=(-H "MCP-Protocol-Version: 2025-06-18")
  fi
  printf '%s' "$body" >"$work/body.json"
  local out
  out="$(ab -q -n "$ab_requests" -c "$conc" -p "$work/body.json" -T application/json \
    -s 30 -H "Accept: application/json, text/event-stream" "${headers[@]}" "${url[$target]}" 2>&1)" \
    || { log "$target: ab failed: $(tail -3 <<<"$out")"; echo "0 0 0 $ab_requests"; return; }
  local bad; bad="$(awk '/^Failed requests:/ {f=$3} /^Non-2xx responses:/ {n=$3} END {print f+n}' <<<"$out")"
  if [[ "$bad" != 0 ]]; then log "$target: $bad failed requests under ab"; fi
  awk -v bad="$bad" '/^Requests per second:/ {rps=$4} /^  50%/ {p50=$2} /^  99%/ {p99=$2} END {printf "%s %d %d %d\n", rps, p50*1000, p99*1000, bad}' <<<"$out"
}

declare -A ka one ab
field() { awk -v i="$2" '{print $i}' <<<"$1"; }

# warm TARGET MODE: rounds of that very load (ka, one or ab) until a round's throughput is within
# $stable_pct % of the round before it, at most $warm_rounds rounds. A fixed warm-up is not enough: on two
# busy cores the C2 compiler threads lag far behind the load (the gateway's connection-per-request path went
# from 9.5k to 16k requests/s only after about 120,000 requests), and each load runs code of its own.
declare -A warmed
warm() {
  local target="$1" mode="$2" prev=0 rps r result
  local ab_requests=$(( ab_requests / 2 > 50 ? ab_requests / 2 : 50 ))
  for r in $(seq 1 "$warm_rounds"); do
    case $mode in
      ka) result="$(wrk_run "$target" "$conc" "$threads" "$warm_round")";;
      one) result="$(wrk_run "$target" 1 1 "$warm_round")";;
      ab) result="$(ab_run "$target")";;
    esac
    rps="$(field "$result" 1)"
    if awk -v a="$prev" -v b="$rps" -v p="$stable_pct" 'BEGIN { exit !(a > 0 && b > 0 && (b - a) / a * 100 <= p && (a - b) / a * 100 <= p) }'; then
      warmed[$target,$mode]="$r rounds, the last two $prev and $rps req/s"
      return
    fi
    prev="$rps"
  done
  warmed[$target,$mode]="NOT STABLE after $warm_rounds rounds (last $rps req/s)"
  log "$target ($mode): throughput still moving after $warm_rounds warm-up rounds"
}

# Mode by mode, the three servers one after another: on a shared machine, close in time is fairer.
for target in "${targets[@]}"; do
  log "$target: keep-alive, $conc connections (warm-up, then $duration)"
  warm "$target" ka
  ka[$target]="$(wrk_run "$target" "$conc" "$threads" "$duration")"
done
for target in "${targets[@]}"; do
  log "$target: keep-alive, one connection (warm-up, then $duration)"
  warm "$target" one
  one[$target]="$(wrk_run "$target" 1 1 "$duration")"
done
for target in "${targets[@]}"; do
  log "$target: a connection per request (warm-up, then $ab_requests requests, $conc at a time)"
  warm "$target" ab
  ab[$target]="$(ab_run "$target")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

echo
echo "tools/call echo, loopback, $(nproc) cores; concurrency $conc; wrk $duration per run; ab $ab_requests requests"
printf '%-22s %-9s %12s %10s %10s %8s\n' "load" "server" "req/s" "p50 ms" "p99 ms" "errors"
for mode in ka one ab; do
  case $mode in ka) label="keep-alive x$conc";; one) label="keep-alive x1";; ab) label="conn/request x$conc";; esac
  for target in "${targets[@]}"; do
    declare -n m=$mode
    printf '%-22s %-9s %12s %10s %10s %8s\n' "$label" "$target" "$(field "${m[$target]}" 1)" \
      "$(ms "$(field "${m[$target]}" 2)")" "$(ms "$(field "${m[$target]}" 3)")" "$(field "${m[$target]}" 4)"
    errors[$target]=$(( ${errors[$target]} + $(field "${m[$target]}" 4) ))
  done
done
echo
for mode in ka one ab; do
  case $mode in ka) label="keep-alive x$conc";; one) label="keep-alive x1";; ab) label="conn/request x$conc";; esac
  declare -n m=$mode
  g="${m[gateway]}"
  printf '%-22s throughput gateway/java-sdk %s, gateway/ts-sdk %s; p99 java-sdk/gateway %s, ts-sdk/gateway %s\n' "$label" \
    "$(ratio "$(field "$g" 1)" "$(field "${m[java-sdk]}" 1)")" "$(ratio "$(field "$g" 1)" "$(field "${m[ts-sdk]}" 1)")" \
    "$(ratio "$(field "${m[java-sdk]}" 3)" "$(field "$g" 3)")" "$(ratio "$(field "${m[ts-sdk]}" 3)" "$(field "$g" 3)")"
done
if [[ -n "${url[ceiling]:-}" ]]; then
  for mode in ka one ab; do
    case $mode in ka) label="keep-alive x$conc";; one) label="keep-alive x1";; ab) label="conn/request x$conc";; esac
    declare -n m=$mode
    printf '%-22s the gateway reaches %s of the ceiling (nginx, a constant answer), the java-sdk %s\n' "$label" \
      "$(ratio "$(field "${m[gateway]}" 1)" "$(field "${m[ceiling]}" 1)")" \
      "$(ratio "$(field "${m[java-sdk]}" 1)" "$(field "${m[ceiling]}" 1)")"
  done
fi
for mode in ka one ab; do
  for target in "${targets[@]}"; do
    printf 'warm-up %-4s %-9s %s\n' "$mode" "$target" "${warmed[$target,$mode]}"
  done
done
echo "one kept-alive client, gateway p50: $(ms "$(field "${one[gateway]}" 2)") ms (target: under 1 ms)"
echo "targets: throughput >= 2x java-sdk and >= 10x ts-sdk, p99 no worse (p99 ratios >= 1)"
echo "uptime: $(uptime)"
if (( ${errors[gateway]} > 0 )); then
  log "the gateway failed ${errors[gateway]} requests"
  exit 1
fi
