#!/usr/bin/env bash
# Benchmark (not a test): forgeline's image push against skopeo's copy of the same OCI layout. Builds the
# release with its image (./forgeline release --local: every Linux target this machine builds, the multi-platform
# image a release ships; or only the targets given), starts Debian docker-registry instances (distribution 2.8,
# htpasswd auth, loopback), then times
#   skopeo copy --all --preserve-digests oci:DIR/image:VERSION docker://A/forgeline/gateway:VERSION
#   ./forgeline publish --image B/forgeline/gateway:VERSION   (blobs, manifests, tag, cosign signature, attestations)
#   the same publish again (a no-op: zero blobs uploaded)
# (after an untimed push into a third registry, so that no timed run pays for a first run's file-system caches)
# and prints ours / skopeo's (target: <= 1.0; ours signs as well). Each tool pushes into a fresh registry
# of its own in every round, so neither finds the other's blobs. BENCH_ROUNDS rounds (default 3), the order of the
# two tools alternating from one round to the next; the figures compared are the medians (one push of a 200 MB
# layer into distribution 2.8 varies by a few tenths of a second from run to run, as much as the two tools differ).
# Usage: bench/image-push.sh [target...]   e.g. bench/image-push.sh linux-x86_64 (one platform: the JVM's start-up
# weighs most there) or bench/image-push.sh linux-x86_64 linux-aarch_64 (the smallest image a release makes).
# BENCH_TINY=1 (CI's bench smoke run): the host's target alone, one round.
# BENCH_RELEASE=DIR: push that release (built with its image) instead of building one; FORGELINE_TOOL_JAR (see
# ./forgeline) selects the tool jar, so two builds of the tool can be compared on one release in the same minute.
# Needs root (the image smoke test runs in a chroot), docker-registry, skopeo and htpasswd
# (bash .ci/install-test-deps); the foreign targets their cross toolchains and QEMU (./forgeline doctor --install).
# Toolchains: FORGELINE_TOOLCHAINS (default ~/.cache/forgeline-test/toolchains).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_tools docker-registry skopeo htpasswd node python3
cd "$root"
build_forgeline
out="$work/release"
if [[ -n "${BENCH_RELEASE:-}" ]]; then # a release built already (with its image), e.g. to compare two tool jars
  out="$BENCH_RELEASE"
else
  targets=("$@")
  [[ $# -eq 0 && -n "${BENCH_TINY:-}" ]] && targets=("$(host_target)")
  target_options=() # none: every Linux target this machine builds
  for target in "${targets[@]}"; do target_options+=(--target "$target"); done
  ./forgeline release --local "${target_options[@]}" --out "$out" >"$work/release.log" 2>&1 ||
    { cat "$work/release.log" >&2; echo "error: release --local ${target_options[*]} failed" >&2; exit 1; }
fi
version="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).project.version)' \
  "$out/release-manifest.json")"

user=bench
password="bench-$RANDOM$RANDOM"
printf '%s' "$password" | htpasswd -B -i -n "$user" >"$work/htpasswd"
start_registry() { # name -> sets $host (not a $(...) subshell: the pid must reach the trap's list)
  local name="$1" port
  port="$(free_port)"
  mkdir -p "$work/$name"
  cat >"$work/$name/config.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/$name/storage
http:
  addr: 127.0.0.1:$port
  secret: bench-only
auth:
  htpasswd:
    realm: bench
    path: $work/htpasswd
YAML
  start_docker_registry "$work/$name" "$port"
  host="127.0.0.1:$port"
}
rounds="${BENCH_ROUNDS:-$([[ -n "${BENCH_TINY:-}" ]] && echo 1 || echo 3)}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "error: BENCH_ROUNDS=$rounds is not a positive number" >&2; exit 3; }
export FORGELINE_REGISTRY_USERNAME="$user" FORGELINE_REGISTRY_PASSWORD="$password"
# The key that signed the release: FORGELINE_SIGSTORE_KEY when set (a BENCH_RELEASE built from another checkout),
# else this checkout's development key.
export FORGELINE_SIGSTORE_KEY="${FORGELINE_SIGSTORE_KEY:-$(cat "$root/.forgeline/development-keys/sigstore-private-DEVELOPMENT-ONLY.pem")}"
# A push into a registry of its own first, untimed: what is timed is every run after the first one (warm caches,
# like skopeo's).
start_registry warmup
seconds ./forgeline publish --from "$out" --image "$host/forgeline/gateway:$version" >/dev/null

stage_s() { sed -n 's/^publish-image finished in \([0-9.]*\) s$/\1/p' "$work/last.log"; } # the stage's own wall time
# sync before each timed push: the gigabyte the rounds before it wrote must not be flushed to disk while it runs.
time_skopeo() { # registry -> appends to skopeo_times
  sync
  skopeo_times+=("$(seconds skopeo copy --all --preserve-digests --dest-tls-verify=false --dest-creds "$user:$password" \
    "oci:$out/image:$version" "docker://$1/forgeline/gateway:$version")")
}
time_forgeline() { # registry -> appends to ours_times, ours_stages, rerun_times, rerun_stages
  sync
  ours_times+=("$(seconds ./forgeline publish --from "$out" --image "$1/forgeline/gateway:$version")")
  grep -q " blob(s) uploaded" "$work/last.log" || { cat "$work/last.log" >&2; exit 1; }
  ours_stages+=("$(stage_s)")
  sync
  rerun_times+=("$(seconds ./forgeline publish --from "$out" --image "$1/forgeline/gateway:$version")")
  grep -q "Image: .*: 0 blob(s) uploaded" "$work/last.log" ||
    { cat "$work/last.log" >&2; echo "error: the rerun uploaded blobs" >&2; exit 1; }
  rerun_stages+=("$(stage_s)")
}
image_platforms() { # layout -> the platforms of its image index, e.g. "linux/amd64 linux/arm64"
  node -e 'const fs = require("fs"), dir = process.argv[1];
    const blob = (d) => JSON.parse(fs.readFileSync(dir + "/blobs/" + d.replace(":", "/"), "utf8"));
    const index = blob(JSON.parse(fs.readFileSync(dir + "/index.json", "utf8")).manifests
      .find((m) => m.mediaType === "application/vnd.oci.image.index.v1+json").digest);
    console.log(index.manifests.filter((m) => m.platform)
      .map((m) => [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join("/")).join(" "))' "$1"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
skopeo_times=() ours_times=() ours_stages=() rerun_times=() rerun_stages=()
for ((round = 1; round <= rounds; round++)); do
  start_registry "skopeo-$round"
  a="$host"
  start_registry "forgeline-$round"
  b="$host"
  if ((round % 2)); then time_skopeo "$a"; time_forgeline "$b"; else time_forgeline "$b"; time_skopeo "$a"; fi
  printf 'round %d: skopeo %.2fs, forgeline %.2fs, rerun %.2fs\n' "$round" "${skopeo_times[-1]}" \
    "${ours_times[-1]}" "${rerun_times[-1]}"
done
skopeo_s="$(median "${skopeo_times[@]}")" ours_s="$(median "${ours_times[@]}")" rerun_s="$(median "${rerun_times[@]}")"
ours_stage="$(median "${ours_stages[@]}")" rerun_stage="$(median "${rerun_stages[@]}")"

size="$(du -sb "$out/image/blobs" | cut -f1)"
echo "image: $(image_platforms "$out/image"); layout $((size / 1000000)) MB; medians of $rounds round(s)"
if [[ -z "${BENCH_RELEASE:-}" ]]; then # the image stage of the release built above: the base, layers, index, smoke tests
  echo "image build (release --local's image stage, its smoke tests included): $(sed -n 's/^image  *finished in \([0-9.]*\) s$/\1/p' "$work/release.log") s"
fi
printf '%-34s %8.2fs\n' "skopeo copy --all --preserve-digests" "$skopeo_s" "forgeline publish --image" "$ours_s" \
  "forgeline publish --image (rerun)" "$rerun_s"
awk -v o="$ours_s" -v s="$skopeo_s" -v r="$rerun_s" 'BEGIN {
  printf "forgeline / skopeo = %.2f (target <= 1.0; includes the JVM start and the signature)\n", o / s
  printf "rerun / skopeo = %.2f (zero blobs uploaded)\n", r / s }'
awk -v o="$ours_s" -v os="$ours_stage" -v r="$rerun_s" -v rs="$rerun_stage" 'BEGIN {
  printf "breakdown: push stage %.2fs + start-up, verification and exit %.2fs; rerun stage %.2fs + %.2fs\n", os, o - os, rs, r - rs }'
