//! What this library says about its own build, captured by `build.rs`.
//!
//! Only build inputs are recorded (never the time or place of the build), so the library stays
//! reproducible byte for byte and the release tool can compare these values with its plan.

use crate::json::ObjectWriter;

/// Facts fixed at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildInfo {
    pub crate_name: &'static str,
    pub crate_version: &'static str,
    /// Rust target triple, e.g. `x86_64-unknown-linux-gnu`.
    pub target: &'static str,
    /// `rustc -V` of the compiler that built the library.
    pub rustc: &'static str,
    /// Cargo profile (`release` or `debug`).
    pub profile: &'static str,
    /// `FORGELINE_SOURCE_COMMIT` at build time (lowercase hex).
    pub source_commit: Option<&'static str>,
    /// `SOURCE_DATE_EPOCH` at build time.
    pub source_date_epoch: Option<i64>,
}

/// The build info of this library.
pub fn get() -> BuildInfo {
    BuildInfo {
        crate_name: env!("CARGO_PKG_NAME"),
        crate_version: env!("CARGO_PKG_VERSION"),
        target: env!("FORGELINE_BUILD_TARGET"),
        rustc: env!("FORGELINE_BUILD_RUSTC"),
        profile: env!("FORGELINE_BUILD_PROFILE"),
        // build.rs writes an empty value for "not set".
        source_commit: Some(env!("FORGELINE_BUILD_SOURCE_COMMIT")).filter(|c| !c.is_empty()),
        source_date_epoch: env!("FORGELINE_BUILD_SOURCE_DATE_EPOCH").parse().ok(),
    }
}

impl BuildInfo {
    /// The JSON object `buildInfoJson` returns to Java (field names fixed by `NativeBindings.java`).
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .string("crateName", self.crate_name)
            .string("crateVersion", self.crate_version)
            .string("target", self.target)
            .string("rustc", self.rustc)
            .string("profile", self.profile)
            .opt_string("sourceCommit", self.source_commit)
            .opt_int("sourceDateEpoch", self.source_date_epoch)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Kind, Limits};

    #[test]
    fn get_reports_this_crate_and_toolchain() {
        let info = get();
        assert_eq!(info.crate_name, "forgeline-native-core");
        assert_eq!(info.crate_version, "0.1.0");
        assert!(info.rustc.starts_with("rustc "), "{}", info.rustc);
        assert!(info.target.contains('-'), "{}", info.target);
        assert!(
            ["debug", "release"].contains(&info.profile),
            "{}",
            info.profile
        );
        assert!(info
            .source_commit
            .map_or(true, |c| c.bytes().all(|b| b.is_ascii_hexdigit())));
    }

    #[test]
    fn to_json_has_every_field() {
        let info = BuildInfo {
            crate_name: "c",
            crate_version: "1",
            target: "t",
            rustc: "rustc 1.0 \"q\"",
            profile: "release",
            source_commit: None,
            source_date_epoch: Some(1_700_000_000),
        };
        assert_eq!(
            info.to_json(),
            r#"{"crateName":"c","crateVersion":"1","target":"t","rustc":"rustc 1.0 \"q\"","profile":"release","sourceCommit":null,"sourceDateEpoch":1700000000}"#
        );
        let live = get().to_json();
        let parsed = parse(
            live.as_bytes(),
            Limits {
                max_bytes: 4096,
                max_depth: 1,
            },
        )
        .unwrap();
        let Kind::Object(members) = &parsed.kind else {
            panic!("{live}")
        };
        assert_eq!(members.len(), 7);
    }
}
