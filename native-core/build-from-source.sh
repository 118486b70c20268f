#!/usr/bin/env bash
# Builds the Forgeline native core for this machine from source and puts it where the Java loader
# finds it: <output>/META-INF/native/<classifier>/<library file> plus the JSON manifest next to it
# (the same layout as a released platform jar).
#
# Run by `mvn -Pnative-from-source ...` (profile native-from-source in native-core/pom.xml) in the
# generate-resources phase; it can also be run by hand:
#
#   native-core/build-from-source.sh [--classifier linux-x86_64] [--output DIR] [--target-dir DIR]
#
# Needs cargo and rustc at least as new as rust-version in native-core/Cargo.toml.
# See docs/building-from-source.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/.." && pwd)"

classifier=""
library="forgeline_native_core"
output="$here/target/classes"
target_dir="$here/target/cargo"

die() {
  printf 'build-from-source: error: %s\n' "$*" >&2
  exit 1
}
note() {
  printf 'build-from-source: %s\n' "$*" >&2
}

while (($# > 0)); do
  case "$1" in
    --classifier) classifier="${2:?--classifier needs a value}"; shift 2 ;;
    --library) library="${2:?--library needs a value}"; shift 2 ;;
    --output) output="${2:?--output needs a value}"; shift 2 ;;
    --target-dir) target_dir="${2:?--target-dir needs a value}"; shift 2 ;;
    -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

cargo_toml="$here/Cargo.toml"
[[ -f "$cargo_toml" ]] || die "$cargo_toml not found: run this from a checkout of the Forgeline sources"

# A key of the [package] table of Cargo.toml, without quotes or trailing comment ("" when absent).
package_field() {
  awk -v key="$1" '
    /^[[:space:]]*\[/ { in_package = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/); next }
    in_package && $0 ~ ("^[[:space:]]*" key "[[:space:]]*=") {
      sub(/^[^=]*=[[:space:]]*/, "")
      sub(/[[:space:]]*#.*$/, "")
      gsub(/"/, "")
      print
      exit
    }' "$cargo_toml"
}

# The x.y.z in "rustc 1.95.0 (59807616e 2026-04-14)" or "cargo 1.95.0-nightly (...)".
version_number() {
  local word="${1#* }"
  word="${word%% *}"
  printf '%s' "${word%%-*}"
}

# True when version $1 >= version $2 (dotted numbers; missing parts count as 0).
version_at_least() {
  local IFS=.
  local -a have want
  read -r -a have <<<"$1"
  read -r -a want <<<"$2"
  local i h w
  for ((i = 0; i < 3; i++)); do
    h="${have[i]:-0}"
    w="${want[i]:-0}"
    [[ "$h" =~ ^[0-9]+$ ]] || h=0
    [[ "$w" =~ ^[0-9]+$ ]] || w=0
    ((10#$h > 10#$w)) && return 0
    ((10#$h < 10#$w)) && return 1
  done
  return 0
}

# --- the toolchain, checked before anything is built ----------------------------------------------
rust_version="$(package_field rust-version)"
crate_version="$(package_field version)"
[[ -n "$crate_version" ]] || die "no version in the [package] table of $cargo_toml"
minimum="${rust_version:-any}"
install_hint="Install Rust ${minimum} or newer: with rustup (https://rustup.rs, then 'rustup update stable'), \
or on Debian/Ubuntu with 'apt-get install cargo' if the packaged version is new enough. \
Without a toolchain, use a Forgeline release for a supported platform instead (docs/building-from-source.md)."

rustc_cmd="${RUSTC:-rustc}"
command -v cargo >/dev/null 2>&1 || die "cargo was not found on PATH. $install_hint"
command -v "$rustc_cmd" >/dev/null 2>&1 || die "$rustc_cmd (the Rust compiler) was not found on PATH. $install_hint"
rustc_line="$("$rustc_cmd" -V)" || die "'$rustc_cmd -V' failed. $install_hint"
cargo_line="$(cargo -V)" || die "'cargo -V' failed. $install_hint"
if [[ -n "$rust_version" ]]; then
  version_at_least "$(version_number "$rustc_line")" "$rust_version" ||
    die "$rustc_line is older than rust-version $rust_version required by native-core/Cargo.toml. $install_hint"
  version_at_least "$(version_number "$cargo_line")" "$rust_version" ||
    die "$cargo_line is older than rust-version $rust_version required by native-core/Cargo.toml. $install_hint"
fi
host_triple="$("$rustc_cmd" -vV | sed -n 's/^host: //p')"
[[ -n "$host_triple" ]] || die "could not read the host target triple from '$rustc_cmd -vV'"

# The os-maven-plugin classifier a target triple runs as; "" when there is none.
classifier_of_triple() {
  local triple="$1" arch os
  case "$triple" in
    x86_64-*) arch=x86_64 ;;
    aarch64-* | arm64-*) arch=aarch_64 ;;
    powerpc64le-*) arch=ppcle_64 ;;
    s390x-*) arch=s390_64 ;;
    arm-* | armv7-* | armv6-* | thumbv7neon-*) arch=arm_32 ;;
    i686-* | i586-* | i386-*) arch=x86_32 ;;
    riscv64*) arch=riscv64 ;;
    loongarch64-*) arch=loongarch_64 ;;
    *) return 0 ;;
  esac
  case "$triple" in
    *-linux-*) os=linux ;;
    *-apple-darwin) os=osx ;;
    *-windows-*) os=windows ;;
    *-freebsd) os=freebsd ;;
    *) return 0 ;;
  esac
  printf '%s-%s' "$os" "$arch"
}
host_classifier="$(classifier_of_triple "$host_triple")"
if [[ -z "$classifier" ]]; then
  classifier="$host_classifier"
  [[ -n "$classifier" ]] || die "no platform classifier is known for $host_triple; pass --classifier"
elif [[ -n "$host_classifier" && "$classifier" != "$host_classifier" ]]; then
  die "the detected platform is $classifier but $rustc_cmd builds for $host_triple ($host_classifier); \
check RUSTC and your toolchain"
fi

case "$classifier" in
  osx-*) library_file="lib${library}.dylib" ;;
  windows-*) library_file="${library}.dll" ;;
  *) library_file="lib${library}.so" ;;
esac

[[ -f "$here/Cargo.lock" ]] || die "$here/Cargo.lock is missing; the build runs with --locked, so it must be committed"

# --- provenance and reproducibility ----------------------------------------------------------------
if git -C "$repo_root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if [[ -z "${SOURCE_DATE_EPOCH:-}" ]]; then
    SOURCE_DATE_EPOCH="$(git -C "$repo_root" log -1 --format=%ct 2>/dev/null || true)"
  fi
  if [[ -z "${FORGELINE_SOURCE_COMMIT:-}" ]]; then
    FORGELINE_SOURCE_COMMIT="$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || true)"
    if [[ -n "$FORGELINE_SOURCE_COMMIT" ]] && [[ -n "$(git -C "$repo_root" status --porcelain -- native-core 2>/dev/null)" ]]; then
      note "warning: native-core has uncommitted changes; the build still records commit $FORGELINE_SOURCE_COMMIT"
    fi
  fi
fi
if [[ -n "${SOURCE_DATE_EPOCH:-}" ]]; then export SOURCE_DATE_EPOCH; else unset SOURCE_DATE_EPOCH; fi
if [[ -n "${FORGELINE_SOURCE_COMMIT:-}" ]]; then export FORGELINE_SOURCE_COMMIT; else unset FORGELINE_SOURCE_COMMIT; fi

# No absolute path of this machine in the binary: map the checkout and the cargo home to fixed names.
# CARGO_ENCODED_RUSTFLAGS (0x1f-separated) keeps paths with spaces intact; existing flags are kept.
flags=()
if [[ -n "${CARGO_ENCODED_RUSTFLAGS:-}" ]]; then
  IFS=$'\x1f' read -r -a flags <<<"$CARGO_ENCODED_RUSTFLAGS"
elif [[ -n "${RUSTFLAGS:-}" ]]; then
  read -r -a flags <<<"$RUSTFLAGS"
fi
flags+=("--remap-path-prefix=${repo_root}=/forgeline" "--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo")
CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; printf '%s' "${flags[*]}")"
export CARGO_ENCODED_RUSTFLAGS
unset RUSTFLAGS

# --- build ---------------------------------------------------------------------------------------
note "building $library $crate_version for $classifier ($host_triple) with $rustc_line"
cargo build --release --locked --lib --manifest-path "$cargo_toml" --target-dir "$target_dir"

built="$target_dir/release/$library_file"
[[ -f "$built" ]] || die "cargo finished but $built does not exist (is the [lib] name in Cargo.toml '$library'?)"

# --- package like a platform jar -------------------------------------------------------------------
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}
json_string() {
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

dest="$output/META-INF/native/$classifier"
rm -rf "$dest"
mkdir -p "$dest"
cp "$built" "$dest/$library_file"
digest="$(sha256_of "$dest/$library_file")"
size="$(wc -c <"$dest/$library_file" | tr -d '[:space:]')"

commit_json=null
[[ -n "${FORGELINE_SOURCE_COMMIT:-}" ]] && commit_json="$(json_string "$FORGELINE_SOURCE_COMMIT")"
epoch_json=null
[[ -n "${SOURCE_DATE_EPOCH:-}" ]] && epoch_json="$((10#$SOURCE_DATE_EPOCH))"

printf '{"formatVersion":1,"library":%s,"classifier":%s,"target":%s,"file":%s,"sha256":%s,"size":%s,"crateVersion":%s,"rustc":%s,"profile":"release","sourceCommit":%s,"sourceDateEpoch":%s}\n' \
  "$(json_string "$library")" "$(json_string "$classifier")" "$(json_string "$host_triple")" \
  "$(json_string "$library_file")" "$(json_string "$digest")" "$size" \
  "$(json_string "$crate_version")" "$(json_string "$rustc_line")" "$commit_json" "$epoch_json" \
  >"$dest/$library.json"

note "$dest/$library_file sha256 $digest ($size bytes)"
