#!/usr/bin/env bash
# Benchmark (not a test): what a rerun of a finished release costs. Runs
#   ./forgeline release --local --target T --out DIR
# twice into the same fresh DIR and prints the rerun's wall time as a fraction of the first run's
# (target: at most 0.10, once every stage whose recorded outputs are present with their digests is
# skipped), and where each run spent its time: the time from each progress line to the next, summed by
# the line's first word (its stage), "start" being the time before the first line.
# Usage: bench/rerun.sh [target]   (default: this machine's platform, `forgeline plan`'s host)
# BENCH_TINY=1 changes nothing: one host-target release is already the smallest release there is.
# Toolchains come from FORGELINE_TOOLCHAINS (default ~/.cache/forgeline-test/toolchains, shared with
# the tests); the release tool is built (./forgeline, on first use) before anything is timed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
release_bench_setup "$@"

# CPU seconds (user + system) of a shell's children, reaped descendants included, from what bash's `times`
# wrote to file $1 (its second line). `times` must run in the shell that ran them, not in a $(...) subshell.
children_cpu() {
  awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); cpu += p[1] * 60 + p[2] } } END { printf "%.1f", cpu }' "$1"
}

# Runs the release, writing "<seconds since start> <line>" per output line to $1; prints the wall seconds
# and the CPU seconds of the release and everything it ran (cargo, Maven, the smoke JVMs).
timed_release() {
  local log="$1"
  times > "$log.cpu0"
  timestamped_release "$target" "$out" "$log"
  times > "$log.cpu1"
  printf '%s %s\n' "$release_seconds" \
    "$(awk -v a="$(children_cpu "$log.cpu0")" -v b="$(children_cpu "$log.cpu1")" 'BEGIN { printf "%.1f", b - a }')"
}

# Seconds per stage: from each line to the next, summed by the line's first word.
by_stage() {
  awk -v total="$2" '
    { t = $1; word = ($2 == "" ? "(blank)" : $2)
      if (NR == 1) { add("start", t) } else { add(prev, t - prevt) }
      prev = word; prevt = t }
    END { add(prev, total - prevt); for (i = 1; i <= n; i++) printf "%s %.1f\n", order[i], secs[order[i]] }
    function add(w, s) { if (!(w in secs)) order[++n] = w; secs[w] += s }' "$1"
}

echo "target: $target; release into $out twice"
read -r first first_cpu < <(timed_release "$work/first.log")
read -r rerun rerun_cpu < <(timed_release "$work/rerun.log")

by_stage "$work/first.log" "$first" > "$work/first.stages"
by_stage "$work/rerun.log" "$rerun" > "$work/rerun.stages"
printf '%-12s %8s %8s\n' stage first rerun
awk 'NR == FNR { r[$1] = $2; next } $2 >= 0.1 || r[$1] >= 0.1 { printf "%-12s %7.1fs %7.1fs\n", $1, $2, r[$1] + 0 }' \
  "$work/rerun.stages" "$work/first.stages"
printf '%-12s %7.1fs %7.1fs   (stages of at least 0.1 s shown)\n' total "$first" "$rerun"
grep -h -i -E 'already|skipp(ed|ing) (stage|build|smoke|sign|publish)' "$work/rerun.log" | cut -d' ' -f2- | grep -v -E '^[a-z0-9_-]+ +skipped ' | sed 's/^/rerun: /' || true
printf '%-12s %7.1fs %7.1fs   (CPU, user + system, of the release and all it ran)\n' cpu "$first_cpu" "$rerun_cpu"
awk -v a="$first_cpu" -v b="$rerun_cpu" 'BEGIN { printf "rerun / first run, CPU time  = %.2f (on a shared machine, steadier than the wall time)\n", b / a }'
awk -v a="$first" -v b="$rerun" 'BEGIN { printf "rerun / first run, wall time = %.2f (target <= 0.10)\n", b / a }'
