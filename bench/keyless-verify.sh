#!/usr/bin/env bash
# Benchmark (not a test): keyless verification throughput. N generated files are signed keyless against the local
# Sigstore stand-ins (OIDC issuer, Fulcio with its CT log, Rekor: release-tool's test code, compiled here), then the
# same bundles are verified, offline and with the same trusted_root.json and identity policy, by forgeline
# (KeylessVerifyBench.java: the chain, the SCT, the identity, the signature, the log entry, the promise, the checkpoint
# and the inclusion proof) and by a sigstore-js verify loop in one node process (@sigstore/verify, default
# thresholds). Both read each file and its bundle each time and warm up; they take turns, pass after pass (the machine
# may be shared), and each keeps its best pass. A new Verifier each pass: nothing is cached from one pass to the next.
# Prints both rates and the ratio (target: forgeline at least 5x sigstore-js, on one thread as node runs).
# Usage: bench/keyless-verify.sh [N]   (default 1000 files of 16 KiB, 5 rounds; 5 files, 1 round with BENCH_TINY=1)
# Needs java, javac, mvn, node and npm (it installs release-tool/src/test/node's packages from their lock file when
# missing); the stand-ins need bcpkix (test scope) from the local Maven repository, fetched with mvn when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -n "${BENCH_TINY:-}" ]]; then default_n=5; rounds=1; else default_n=1000; rounds=5; fi
n="${1:-$default_n}"
size=16384
threads="$(nproc)"
require_tools java javac mvn node npm

echo "== building the release tool (./forgeline builds it on first use)" >&2
build_forgeline
jar="$forgeline_jar"

# The stand-ins build X.509 certificates with bcpkix, a test-scope dependency: take the version the parent POM pins.
bc="$(sed -n 's:.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*:\1:p' "$root/pom.xml" | head -n 1)"
m2="${MAVEN_REPO:-$HOME/.m2/repository}/org/bouncycastle"
for a in bcpkix bcutil; do
  if [[ ! -f "$m2/$a-jdk18on/$bc/$a-jdk18on-$bc.jar" ]]; then
    echo "== fetching org.bouncycastle:$a-jdk18on:$bc" >&2
    mvn -B -q -ntp dependency:get -Dartifact="org.bouncycastle:$a-jdk18on:$bc" >&2
  fi
done
cp="$jar:$m2/bcpkix-jdk18on/$bc/bcpkix-jdk18on-$bc.jar:$m2/bcutil-jdk18on/$bc/bcutil-jdk18on-$bc.jar"

install_sigstore_js

echo "== compiling the Sigstore stand-ins and the benchmark" >&2
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$cp" \
  "$root"/release-tool/src/test/java/dev/forgeline/release/testing/sigstore/{CtLogStandIn,FulcioStandIn,MerkleTree,OidcIssuerStandIn,RekorStandIn,SigstoreStandIns,StandInKeys,StandInServer}.java \
  "$root/bench/KeylessVerifyBench.java"

echo "== $(java -version 2>&1 | head -n 1); $(node --version); $threads cores; $n files of $((size / 1024)) KiB, best of $rounds round(s)"
java -cp "$work/classes:$cp" KeylessVerifyBench "$n" "$size" "$rounds" "$threads" "$work" "$node_dir" > "$work/rates.txt"
field() { awk -v k="$1" '$1 == k { print $2 }' "$work/rates.txt"; }
fl_1="$(field forgeline-1)"
fl_n="$(field forgeline-N)"
js="$(field sigstore-js)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
printf 'forgeline keyless verify   %10s bundles/s (1 thread)\n' "$fl_1"
printf 'forgeline keyless verify   %10s bundles/s (%s threads)\n' "$fl_n" "$threads"
printf 'sigstore-js keyless verify %10s bundles/s (one node process, after a warm-up round)\n' "$js"
echo "ratio (target >= 5x): forgeline / sigstore-js = $(ratio "$fl_1" "$js")x on 1 thread, $(ratio "$fl_n" "$js")x on $threads threads"
