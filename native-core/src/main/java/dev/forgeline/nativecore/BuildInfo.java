package dev.forgeline.nativecore;

/** What the loaded native library says about its own build. */
public record BuildInfo(
        String crateName,
        String crateVersion,
        String target,
        String rustc,
        String profile,
        String sourceCommit,
        Long sourceDateEpoch) {}
