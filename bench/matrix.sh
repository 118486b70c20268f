#!/usr/bin/env bash
# Benchmark (not a test): wall time of build + smoke per target, and of the whole buildable matrix
# with and without parallelism, on this machine, using the repository's own release.yaml.
# Usage: bench/matrix.sh [target ...]   (default: every target `forgeline plan` says is buildable here;
# with BENCH_TINY=1, the host's target alone). With one target there is no matrix: the whole-matrix
# runs (serial and parallel) are left out.
# Each run is a full `forgeline release --local --target ...` into a fresh directory (cargo builds from
# a clean snapshot, smoke tests under QEMU for foreign targets); toolchains come from FORGELINE_TOOLCHAINS
# (default ~/.cache/forgeline-test/toolchains, shared with the tests), so provisioning is not timed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools node
# Reads JSON from standard input, prints what the expression $1 yields for it (j) per line; $2... are args.
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); const a = process.argv.slice(1);
  for (const x of [].concat(eval(process.argv[1]))) console.log(x)' -- "$@"; }
cd "$root"
build_forgeline

if (($#)); then
  targets=("$@")
elif [[ -n "${BENCH_TINY:-}" ]]; then
  mapfile -t targets < <(./forgeline plan | json 'j.host')
else
  mapfile -t targets < <(./forgeline plan | json 'j.targets.filter(t => t.buildableHere).map(t => t.classifier)')
fi
echo "targets: ${targets[*]}"

seconds() { local start end; start=$(date +%s.%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'; }

declare -A per_target
sum=0
for t in "${targets[@]}"; do
  s=$(seconds ./forgeline release --local --target "$t" --out "$work/one-$t")
  per_target[$t]=$s
  smoke=$(json '`${j.targets[a[1]].smoke.seconds}s on ${j.targets[a[1]].smoke.runner}`' "$t" < "$work/one-$t/release-manifest.json")
  printf '%-16s release (build, package, smoke, sign, publish) %6ss   smoke: %s\n' "$t" "$s" "$smoke"
  sum=$(awk -v a="$sum" -v b="$s" 'BEGIN { print a + b }')
done

if ((${#targets[@]} == 1)); then
  echo "one target: no whole-matrix runs"
  exit 0
fi

args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
serial=$(FORGELINE_JOBS=1 seconds ./forgeline release --local "${args[@]}" --out "$work/serial")
parallel=$(seconds ./forgeline release --local "${args[@]}" --out "$work/parallel")
echo
printf 'whole matrix, FORGELINE_JOBS=1    %6ss\n' "$serial"
printf 'whole matrix, parallel (%s cores)  %6ss\n' "$(nproc)" "$parallel"
awk -v s="$serial" -v p="$parallel" 'BEGIN { printf "speed-up from parallelism        %6.2fx\n", s / p }'
printf 'sum of single-target runs          %6ss (each includes the Maven packaging once)\n' "$sum"
