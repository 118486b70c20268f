package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.check.GlibcVersion;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.glibc.GlibcAbi;
import dev.forgeline.release.glibc.GlibcArch;
import dev.forgeline.release.glibc.GlibcStubs;
import dev.forgeline.release.glibc.UndefinedSymbols;
import dev.forgeline.release.platform.Target;
import java.io.IOException;
import java.io.PrintStream;
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
     * The stubs for {@code target} at {@code floor}, built into {@code dir} with the target's C compiler and
     * archiver; empty for non-Linux targets and when the floor is not older than the glibc the ABI lists
     * describe (linking against the build machine's glibc is then within the policy anyway).
     */
    static Optional<GlibcFloor> prepare(Target target, GlibcVersion floor, Path toolchainsDir, String cCompiler,
            String archiver, Path dir, PrintStream progress) throws IOException, InterruptedException {
        Optional<DebianArch> arch = DebianArch.of(target);
        if (arch.isEmpty()) {
            return Optional.empty();
        }
        GlibcSourceTree.Provisioned source;
        try {
            source = GlibcSourceTree.ensure(toolchainsDir);
        } catch (ForgelineException e) {
            // Not fatal: the binary check still refuses a library that needs more than the policy allows.
            progress.println("warning   " + target + ": linking against this machine's glibc, as glibc's ABI lists are "
                    + "not available (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return Optional.empty();
        }
        GlibcVersion described = GlibcVersion.parse(source.glibcSource().version().replaceFirst("^\\d+:", "").split("-")[0]);
        if (!described.isNewerThan(floor)) {
            return Optional.empty();
        }
        GlibcAbi abi = GlibcAbi.read(source.sourceTree(), GlibcArch.of(arch.get()));
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
