#!/usr/bin/env bash
# Benchmark (not a test): sign then verify N generated 64 KiB artifacts with forgeline, with a gpg
# --detach-sign / gpg --verify loop and with a sigstore-js verify loop, in one run; prints artifacts
# per second and the ratios, and SHA-256 throughput against sha256sum on the same files.
# Usage: bench/sign-verify.sh [N]   (default 1000; needs gpg, node and release-tool/src/test/node/node_modules)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/files" "$work/gpgfiles" "$work/keys" "$work/gnupg"
chmod 700 "$work/gnupg"
export GNUPGHOME="$work/gnupg"

echo "== building release-tool (skip tests)" >&2
mvn -B -q -f "$root/release-tool/pom.xml" -DskipTests package >&2
cp_file="$work/classpath"
mvn -B -q -f "$root/release-tool/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
cp="$root/release-tool/target/classes:$(cat "$cp_file")"

echo "== generating $n artifacts of 64 KiB" >&2
for i in $(seq -w 1 "$n"); do head -c 65536 /dev/urandom > "$work/files/a$i.bin"; done
cp "$work"/files/*.bin "$work/gpgfiles/"

java -cp "$cp" "$root/bench/SignVerifyBench.java" "$work/files" "$work/keys" | tee "$work/forgeline.txt"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

t0=$(now); sha256sum "$work"/files/*.bin > /dev/null; t1=$(now)
sha_mb=$(awk -v s="$(elapsed "$t0" "$t1")" -v n="$n" 'BEGIN { printf "%.0f", n * 65536 / 1e6 / s }')
echo "sha256sum          $(printf '%8s' "$sha_mb") MB/s"

gpg --batch --quiet --import "$work/keys/pgp-secret.asc" 2>/dev/null
t0=$(now)
for f in "$work"/gpgfiles/*.bin; do gpg --batch --quiet --yes --armor --detach-sign "$f"; done
t1=$(now)
for f in "$work"/gpgfiles/*.bin; do gpg --batch --quiet --verify "$f.asc" "$f" 2>/dev/null; done
t2=$(now)
gpg_sign=$(rate "$n" "$(elapsed "$t0" "$t1")")
gpg_verify=$(rate "$n" "$(elapsed "$t1" "$t2")")
echo "gpg sign loop      $(printf '%8s' "$gpg_sign") artifacts/s"
echo "gpg verify loop    $(printf '%8s' "$gpg_verify") artifacts/s"

t0=$(now)
node "$root/release-tool/src/test/node/verify-bundles.js" "$work/keys/sigstore-public.pem" --repeat 1 "$work"/files/*.bin > /dev/null 2>&1
t1=$(now)
js_verify=$(rate "$n" "$(elapsed "$t0" "$t1")")
echo "sigstore-js verify $(printf '%8s' "$js_verify") artifacts/s (one node process, including start-up)"

fl_sign=$(awk '/forgeline sign/ { print $3 }' "$work/forgeline.txt")
fl_verify=$(awk '/forgeline verify/ { print $3 }' "$work/forgeline.txt")
fl_sha=$(awk '/forgeline sha256/ { print $3 }' "$work/forgeline.txt")
echo "ratios: forgeline sign / gpg sign = $(awk -v a="$fl_sign" -v b="$gpg_sign" 'BEGIN { printf "%.1f", a / b }')x;" \
  "forgeline verify / gpg verify = $(awk -v a="$fl_verify" -v b="$gpg_verify" 'BEGIN { printf "%.1f", a / b }')x;" \
  "forgeline verify / sigstore-js verify = $(awk -v a="$fl_verify" -v b="$js_verify" 'BEGIN { printf "%.1f", a / b }')x;" \
  "forgeline sha256 / sha256sum = $(awk -v a="$fl_sha" -v b="$sha_mb" 'BEGIN { printf "%.2f", a / b }')"
