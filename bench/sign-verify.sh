#!/usr/bin/env bash
# Benchmark (not a test): sign then verify N generated 64 KiB artifacts with forgeline, with a gpg
# --detach-sign / gpg --verify loop and with a sigstore-js verify loop, in one run; prints artifacts
# per second and the ratios. Then SHA-256 throughput on the same files: forgeline's FileDigest against
# `openssl dgst -sha256` (SHA-NI), on one thread / one process and on nproc threads / nproc processes,
# taking turns pass by pass (SignVerifyBench.java spawns openssl), plus the digest alone in memory
# against `openssl speed` (is the JVM's SHA-256 on par with OpenSSL's?), and sha256sum (coreutils, no
# SHA-NI) for the record.
# Usage: bench/sign-verify.sh [N]   (default 1000; 5 with BENCH_TINY=1, for CI's bench smoke run)
# Needs java, mvn, gpg, openssl, node and npm (it installs release-tool/src/test/node's packages from
# their lock file when missing). BENCH_JAVA=/path/to/bin/java runs forgeline's half on another JVM.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -n "${BENCH_TINY:-}" ]]; then default_n=5; passes=1; else default_n=1000; passes=10; fi
n="${1:-$default_n}"
java="${BENCH_JAVA:-java}"
threads="$(nproc)"
require_tools "$java" gpg openssl node npm sha256sum
mkdir -p "$work/files" "$work/gpgfiles" "$work/keys" "$work/gnupg"
chmod 700 "$work/gnupg"
export GNUPGHOME="$work/gnupg"
on_exit 'gpgconf --kill all >/dev/null 2>&1'

echo "== building the release tool (./forgeline builds it on first use: mvn -pl release-tool -am from the root pom)" >&2
build_forgeline
cp="$forgeline_jar"

install_sigstore_js

echo "== generating $n artifacts of 64 KiB" >&2
for i in $(seq -w 1 "$n"); do head -c 65536 /dev/urandom > "$work/files/a$i.bin"; done
cp "$work"/files/*.bin "$work/gpgfiles/"
files=("$work"/files/*.bin)
bytes=$((n * 65536))

echo "== $("$java" -version 2>&1 | head -n 1); $(nproc) cores; $(openssl version)"
# Whether HotSpot's SHA-256 intrinsic is on, and whether the JVM saw SHA-NI ("sha" in its CPU features).
intrinsic=$("$java" -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "UseSHA256Intrinsics" { print $4 }')
sha_ni=$("$java" -Xlog:os+cpu=info -version 2>/dev/null | grep -q -E 'CPU: total.*, sha(,|$)' && echo yes || echo no)
echo "== JVM: UseSHA256Intrinsics=${intrinsic:-unknown}; SHA-NI among the CPU features it detected: $sha_ni"
"$java" -cp "$cp" "$root/bench/SignVerifyBench.java" "$work/files" "$work/keys" "$threads" "$passes" > "$work/forgeline.txt"
grep -v '^sha256 ratios' "$work/forgeline.txt"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { printf f, a / b }'; }

sha_cpu=$( { TIMEFORMAT='%3U %3S'; time sha256sum "${files[@]}" > /dev/null; } 2>&1 | awk '{ print $1 + $2 }')
sha_mb=$(awk -v s="$sha_cpu" -v b="$bytes" 'BEGIN { printf "%.0f", (s > 0 ? b / 1e6 / s : 0) }')
echo "sha256sum            $(printf '%8s' "$sha_mb") MB/CPU-s (coreutils, no SHA-NI; one run, including start-up)"

gpg --batch --quiet --import "$work/keys/pgp-secret.asc" 2>/dev/null
t0=$(now)
for f in "$work"/gpgfiles/*.bin; do gpg --batch --quiet --yes --armor --detach-sign "$f"; done
t1=$(now)
for f in "$work"/gpgfiles/*.bin; do gpg --batch --quiet --verify "$f.asc" "$f" 2>/dev/null; done
t2=$(now)
gpg_sign=$(rate "$n" "$(elapsed "$t0" "$t1")")
gpg_verify=$(rate "$n" "$(elapsed "$t1" "$t2")")
echo "gpg sign loop        $(printf '%8s' "$gpg_sign") artifacts/s"
echo "gpg verify loop      $(printf '%8s' "$gpg_verify") artifacts/s"

t0=$(now)
node "$node_dir/verify-bundles.js" "$work/keys/sigstore-public.pem" --repeat 1 "${files[@]}" > /dev/null 2>&1
t1=$(now)
js_verify=$(rate "$n" "$(elapsed "$t0" "$t1")")
echo "sigstore-js verify   $(printf '%8s' "$js_verify") artifacts/s (one node process, including start-up)"

field() { awk -v k="$1" '$1 " " $2 == k { print $3 }' "$work/forgeline.txt"; }
fl_sign=$(field "forgeline sign")
fl_verify=$(field "forgeline verify")
fl_sha_1=$(field "forgeline sha256-1")
echo "ratios: forgeline sign / gpg sign = $(ratio "$fl_sign" "$gpg_sign" %.1f)x;" \
  "forgeline verify / gpg verify = $(ratio "$fl_verify" "$gpg_verify" %.1f)x;" \
  "forgeline verify / sigstore-js verify = $(ratio "$fl_verify" "$js_verify" %.1f)x;" \
  "forgeline sha256 (1 thread) / sha256sum = $(ratio "$fl_sha_1" "$sha_mb" %.1f)x"
grep '^sha256 ratios' "$work/forgeline.txt"
