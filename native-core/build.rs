//! Captures the facts `src/build_info.rs` reports about this build.
//!
//! Everything here must be a pure function of the inputs (toolchain, target, profile, and the two
//! environment variables below) so that two builds of one commit are identical byte for byte: no
//! wall-clock time, no host name, no absolute path.

use std::env;
use std::process::Command;

/// Set by the release tool to the commit being built; absent for local builds.
const SOURCE_COMMIT_VAR: &str = "FORGELINE_SOURCE_COMMIT";
/// The reproducible-builds.org convention for "the time of the source", in seconds since the epoch.
const SOURCE_DATE_VAR: &str = "SOURCE_DATE_EPOCH";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed={SOURCE_COMMIT_VAR}");
    println!("cargo:rerun-if-env-changed={SOURCE_DATE_VAR}");

    let target = required("TARGET");
    let profile = required("PROFILE");
    let rustc = rustc_version();
    let commit = optional(SOURCE_COMMIT_VAR)
        .map(check_commit)
        .unwrap_or_default();
    let date = optional(SOURCE_DATE_VAR)
        .map(check_epoch)
        .unwrap_or_default();

    // An empty value means "absent"; build_info.rs maps it back to None.
    emit("FORGELINE_BUILD_TARGET", &target);
    emit("FORGELINE_BUILD_PROFILE", &profile);
    emit("FORGELINE_BUILD_RUSTC", &rustc);
    emit("FORGELINE_BUILD_SOURCE_COMMIT", &commit);
    emit("FORGELINE_BUILD_SOURCE_DATE_EPOCH", &date);
}

fn emit(name: &str, value: &str) {
    println!("cargo:rustc-env={name}={value}");
}

fn required(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| panic!("cargo did not set {name} for the build script"))
}

fn optional(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

/// `$RUSTC -V`, e.g. "rustc 1.95.0 (59807616e 2026-04-14)". Cargo passes the compiler it will use
/// (which may differ from the `rustc` on PATH, as in cross builds with RUSTC=/usr/bin/rustc).
fn rustc_version() -> String {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(&rustc).arg("-V").output().unwrap_or_else(|e| {
        panic!("could not run `{rustc} -V`: {e}; ensure RUSTC names a working compiler")
    });
    assert!(
        out.status.success(),
        "`{rustc} -V` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let version = String::from_utf8(out.stdout).expect("`rustc -V` printed non-UTF-8 output");
    version.trim().to_owned()
}

/// A git object id (abbreviated or full, SHA-1 or SHA-256). Rejecting anything else keeps a typo
/// or a stray newline from being baked into a release.
fn check_commit(value: String) -> String {
    let ok = (7..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(ok, "{SOURCE_COMMIT_VAR}={value:?} is not a git commit id (7 to 64 hex digits); unset it for a local build");
    value.to_ascii_lowercase()
}

/// Normalised through i64 so that "0042" cannot end up as an invalid JSON number in build info.
fn check_epoch(value: String) -> String {
    let parsed = Some(&value)
        .filter(|v| v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<i64>().ok());
    match parsed {
        Some(seconds) => seconds.to_string(),
        None => panic!("{SOURCE_DATE_VAR}={value:?} is not a number of seconds since 1970 (see reproducible-builds.org)"),
    }
}
