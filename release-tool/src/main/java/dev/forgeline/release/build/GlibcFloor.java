package dev.forgeline.release.build;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.glibc.GlibcAbi;
import dev.forgeline.release.glibc.GlibcArch;
import dev.forgeline.release.glibc.GlibcStubs;
import dev.forgeline.release.glibc.UndefinedSymbols;
import dev.forgeline.release.platform.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a Linux library need no newer glibc than the policy allows, by linking it against stubs of
 * that glibc ({@link GlibcStubs}) instead of the build machine's. The binary checks still verify the
 * result independently. A symbol the floor lacks fails the link; {@link #explain} turns that failure
 * into the symbol and the glibc version that introduced it.
 */
final class GlibcFloor {
    private final Target target;
    private final GlibcAbi abi;
    private final GlibcStubs.LinkFloor linkFloor;
    private final String provenance;

    private GlibcFloor(Target target, GlibcAbi abi, GlibcStubs.LinkFloor linkFloor, String provenance) {
        this.target = target;
        this.abi = abi;
        this.linkFloor = linkFloor;
        this.provenance = provenance;
    }

    /**
     * glibc's ABI lists, fetched once for all Linux targets of a build; empty, with one warning, where they cannot
     * be had (no dpkg, no mirror). Not fatal: the binary check still refuses a library that needs more than the
     * policy allows.
     */
    static Optional<GlibcSourceTree.Provisioned> abiLists(List<Target> targets, Path toolchainsDir, PrintStream progress) {
        if (targets.stream().noneMatch(t -> DebianArch.of(t).isPresent())) {
            return Optional.empty();
        }
        try {
            return Optional.of(GlibcSourceTree.ensure(toolchainsDir));
        } catch (ForgelineException e) {
            progress.println("warning   linking Linux targets against this machine's glibc, as glibc's ABI lists are "
                    + "not available (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return Optional.empty();
        }
    }

    /**
     * The stubs for {@code target} at {@code floor}, built into {@code dir} with the target's C compiler and
     * archiver; empty for non-Linux targets, without ABI lists, and when the floor is not older than the glibc
     * the ABI lists describe (linking against the build machine's glibc is then within the policy anyway).
     */
    static Optional<GlibcFloor> prepare(Target target, GlibcVersion floor, Optional<GlibcSourceTree.Provisioned> abiLists,
            String cCompiler, String archiver, Path dir) throws IOException, InterruptedException {
        Optional<DebianArch> arch = DebianArch.of(target);
        if (arch.isEmpty() || abiLists.isEmpty() || !abiLists.get().glibcVersion().isNewerThan(floor)) {
            return Optional.empty();
        }
        GlibcSourceTree.Provisioned source = abiLists.get();
        GlibcAbi abi;
        try {
            abi = GlibcAbi.read(source.sourceTree(), GlibcArch.of(arch.get()));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read glibc's ABI lists for " + target + " in "
                    + source.sourceTree() + ": " + e.getMessage(), "delete " + source.sourceTree().getParent().getParent()
                    + " so they are fetched again", e);
        }
        if (abi.oldest().isNewerThan(floor)) {
            throw new ForgelineException(ExitCode.USAGE, "checks.maxGlibc " + floor + " is older than any glibc for "
                    + target + " (the oldest is " + abi.oldest() + ")", "raise checks.maxGlibc in release.yaml to at least "
                    + abi.oldest(), null);
        }
        GlibcStubs.LinkFloor linkFloor = GlibcStubs.build(abi.plan(floor), cCompiler, archiver, dir);
        return Optional.of(new GlibcFloor(target, abi, linkFloor, source.glibcSource().toString()));
    }

    GlibcVersion floor() {
        return linkFloor.plan().floor();
    }

    List<String> rustflags() {
        return linkFloor.rustflags();
    }

    /** The Debian package the ABI lists came from, for provenance. */
    String provenance() {
        return provenance;
    }

    /**
     * If a failed cargo build failed because the library needs symbols glibc {@link #floor()} lacks, the
     * error that says which and since when; otherwise {@code failure} itself.
     */
    ForgelineException explain(ForgelineException failure, Path cargoLog) {
        String output;
        try {
            output = Files.readString(cargoLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return failure;
        }
        List<String> tooNew = new ArrayList<>();
        for (String symbol : UndefinedSymbols.in(output)) {
            abi.introduced(symbol).filter(v -> v.isNewerThan(floor()))
                    .ifPresent(v -> tooNew.add(symbol + " (glibc " + v + ")"));
        }
        if (tooNew.isEmpty()) {
            return failure;
        }
        return new ForgelineException(ExitCode.CHECK_FAILED, "the " + target + " library calls functions glibc " + floor()
                + " does not have, so it would not load there: " + String.join(", ", tooNew) + "; nothing was packaged",
                "stop calling them (or look them up at run time with dlsym, as Rust's std does), or raise checks.maxGlibc "
                        + "in release.yaml; the linker output is in " + cargoLog, null);
    }
}
