#!/usr/bin/env bash
# Benchmark (not a test): what the SBOMs and the provenance cost in a release. Runs
#   ./forgeline release --local --target T --out DIR
# once into a fresh DIR and prints the time of the sbom and attest stages as a fraction of the whole
# release's wall time (target: under 0.10). A stage's time is the runner's "finished in" line for it.
# Usage: bench/sbom-provenance.sh [target]   (default: this machine's platform, `forgeline plan`'s host)
# BENCH_TINY=1 changes nothing: one host-target release is already the smallest release there is.
# Toolchains come from FORGELINE_TOOLCHAINS (default ~/.cache/forgeline-test/toolchains, shared with
# the tests); the release tool is built (./forgeline, on first use) before anything is timed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
release_bench_setup "$@"
log="$work/release.log"

timestamped_release "$target" "$out" "$log"
total="$release_seconds"

# Seconds of stage $1: the runner's own "finished in X s" line for it (its done check and its work).
stage_seconds() {
  awk -v stage="$1" '$2 == stage && $3 == "finished" && $4 == "in" { found = $5 }
    END { print found == "" ? "missing" : found }' "$log"
}
sbom="$(stage_seconds sbom)"
attest="$(stage_seconds attest)"
if [[ "$sbom" == missing || "$attest" == missing ]]; then
  cut -d' ' -f2- "$log" >&2
  echo "error: the release printed no sbom or attest stage (output above)" >&2
  exit 1
fi
echo "target: $target; release --local in ${total} s"
printf '%-8s %7.2fs   %s\n' sbom "$sbom" "$(grep -c ' sbom ' "$log") line(s)" attest "$attest" "$(grep -c ' attest ' "$log") line(s)"
awk -v s="$sbom" -v a="$attest" -v t="$total" \
  'BEGIN { printf "(sbom + attest) / release = %.3f (target < 0.10)\n", (s + a) / t }'
