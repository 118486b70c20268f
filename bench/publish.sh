#!/usr/bin/env bash
# Benchmark (not a test): forgeline publish against Maven's deploy plugin uploading the same files, in one run
# against the same nginx (Debian's, WebDAV PUT with basic auth, loopback, started here):
#   ./forgeline publish --from REL --repository http://127.0.0.1:P/forgeline/      (one run, parallel uploads)
#   mvn deploy:deploy-file -Dfile=JAR -DpomFile=POM -Dfiles=... -Dclassifiers=...   (one run per module, serial,
#       into http://127.0.0.1:P/maven/, as a release script without a reactor does it)
# and prints maven / forgeline (target: >= 2.0). Forgeline does more per file (a check before, a read-back after,
# four checksum files where Maven 3.8 writes two): the figures say what the whole job costs each.
# Then the peak heap of publishing a 1 GiB release with -Xmx256m (it must pass: files are streamed), read from the
# JVM's GC log (the largest heap before a collection, and after the last).
# The releases are generated (bench/PublishBenchRelease.java, compiled here with the tests' FixtureRelease): MODULES
# modules of a POM, a jar and CLASSIFIERS classifier jars of SIZE each. Usage: bench/publish.sh [MODULES]
# (default 12 modules of 3 jars of 1 MiB, and the 1 GiB release as 4 modules of 2 jars of 128 MiB; BENCH_TINY=1:
# 3 modules of 3 jars of 64 KiB, and 32 MiB)
# Needs java, javac, mvn (3.8+; maven-deploy-plugin from ~/.m2 or Maven Central), nginx, htpasswd (apache2-utils) and
# python3 (bash .ci/install-test-deps installs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -n "${BENCH_TINY:-}" ]]; then
  modules="${1:-3}"; classifiers=2; size=$((64 * 1024)); big_modules=2; big_size=$((8 * 1024 * 1024))
else
  modules="${1:-12}"; classifiers=2; size=$((1024 * 1024)); big_modules=4; big_size=$((128 * 1024 * 1024))
fi
require_tools java javac mvn "$(command -v nginx || echo /usr/sbin/nginx)" htpasswd python3

echo "== building the release tool (./forgeline builds it on first use)" >&2
build_forgeline
cp="$forgeline_jar"
# The generator writes its releases with the tests' own builder (one writer of fixture releases), compiled with it.
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$cp" "$root/bench/PublishBenchRelease.java" \
  "$root/release-tool/src/test/java/dev/forgeline/release/testing/FixtureRelease.java"

user=bench
password="bench-$RANDOM$RANDOM$RANDOM"
# {SHA} (base64 of the SHA-1), a scheme nginx reads; the password reaches no command line (htpasswd -i reads stdin).
printf '%s' "$password" | htpasswd -i -s -n "$user" >"$work/htpasswd"
port="$(free_port)"
mkdir -p "$work/served" "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    default_type application/octet-stream;
    sendfile on;
    server {
        listen 127.0.0.1:$port;
        root $work/served;
        location / {
            dav_methods PUT DELETE MKCOL COPY MOVE;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
            client_max_body_size 0;
            limit_except GET HEAD {
                auth_basic "bench";
                auth_basic_user_file $work/htpasswd;
            }
        }
    }
}
CONF
start_nginx "$work/nginx" "$port"
base="http://127.0.0.1:$port"

echo "== generating a release of $modules modules, each a POM and $((classifiers + 1)) jars of $size bytes" >&2
java -cp "$cp:$work/classes" PublishBenchRelease "$work/release" "$modules" "$classifiers" "$size"
export FORGELINE_REPOSITORY_USERNAME="$user" FORGELINE_REPOSITORY_PASSWORD="$password"
ours_s="$(seconds "$root/forgeline" publish --from "$work/release" --repository "$base/forgeline/")"
rerun_s="$(seconds "$root/forgeline" publish --from "$work/release" --repository "$base/forgeline/")"

cat >"$work/settings.xml" <<XML
<settings><servers><server><id>bench</id><username>\${env.FORGELINE_REPOSITORY_USERNAME}</username>
<password>\${env.FORGELINE_REPOSITORY_PASSWORD}</password></server></servers></settings>
XML
maven_deploy() {
  while IFS=$'\t' read -r pom jar files names; do
    mvn -B -q -s "$work/settings.xml" org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file \
      -Dfile="$jar" -DpomFile="$pom" -Dfiles="$files" -Dclassifiers="$names" \
      -Dtypes="$(sed 's/[^,]*/jar/g' <<<"$names")" -DrepositoryId=bench -Durl="$base/maven/" || return 1
  done <"$work/release/deploy-file.tsv"
}
maven_s="$(seconds maven_deploy)"

# The same artifacts on both sides, byte for byte.
for side in forgeline maven; do
  (cd "$work/served/$side" && find . -type f \( -name '*.jar' -o -name '*.pom' \) -exec sha256sum {} + | sort -k2) \
    >"$work/$side.sums"
done
diff -q "$work/forgeline.sums" "$work/maven.sums" >/dev/null ||
  { echo "error: forgeline and maven published different artifacts" >&2; diff "$work/forgeline.sums" "$work/maven.sums" >&2; exit 1; }
files="$(wc -l <"$work/forgeline.sums")"

echo "release: $modules modules, $files files (a POM and $((classifiers + 1)) jars of $size bytes each), one nginx"
printf '%-44s %8.2fs\n' "mvn deploy:deploy-file, one run per module" "$maven_s" \
  "forgeline publish" "$ours_s" "forgeline publish (rerun: uploads nothing)" "$rerun_s"
awk -v o="$ours_s" -v m="$maven_s" 'BEGIN {
  printf "maven / forgeline = %.2f (target >= 2.0; both include their JVM starts)\n", m / o }'

big_total=$((big_modules * 2 * big_size))
echo "== generating a release of $big_modules modules of 2 jars of $big_size bytes ($((big_total / 1048576)) MiB)" >&2
java -cp "$cp:$work/classes" PublishBenchRelease "$work/big" "$big_modules" 1 "$big_size"
rm -rf "$work/served/maven" "$work/release"
big_s="$(seconds env JAVA_TOOL_OPTIONS="-Xmx256m -Xlog:gc:file=$work/gc.log" \
  "$root/forgeline" publish --from "$work/big" --repository "$base/big/")"
# GC log lines end "...: 123M->45M(256M) 1.234ms": the peak is the largest heap before a collection.
peak="$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/gc.log" | sed -E 's/M->.*//' | sort -n | tail -n 1)"
echo "publishing $((big_total / 1048576)) MiB with -Xmx256m: passed in ${big_s}s; peak heap ${peak:-0} MiB (of 256 MiB; GC log)"
