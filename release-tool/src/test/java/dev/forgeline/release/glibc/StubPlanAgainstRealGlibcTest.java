package dev.forgeline.release.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.cross.OlderDebian;
import dev.forgeline.release.cross.QemuJvm;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestToolchains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stub plan checked against real glibc libraries, read with binutils' readelf (an independent
 * reader): Debian 11's glibc 2.31 (before libpthread, libdl and librt were merged into libc) and Debian
 * 12's 2.36. For every symbol the stubs export, the real library of that soname must define the version
 * node (or the loader refuses the library), and the symbol at that version must be exported by that
 * library or by libc, which is always loaded (the loader matches versions by name across objects).
 */
class StubPlanAgainstRealGlibcTest {
    /**
     * aarch64's libc.abilist lists __send at the architecture's first version, 2.17, but glibc 2.31 exported it
     * from libpthread only (a cancellation wrapper): nothing in the source says so. An internal name; no Rust
     * or ordinary C code calls it.
     */
    private static final Set<String> KNOWN_RESIDUALS = Set.of("ARM64 2.31 __send@GLIBC_2.17");

    private static Path glibcSource;
    private static String readelf;

    @BeforeAll
    static void provision() {
        readelf = Prerequisites.command("readelf", "apt-get install -y binutils").toString();
        try {
            glibcSource = GlibcSourceTree.ensure(TestToolchains.dir()).sourceTree();
        } catch (ForgelineException e) {
            Prerequisites.missing("glibc's ABI lists (Debian package glibc-source): " + e.getMessage(),
                    "run on Debian with apt sources reachable");
        }
    }

    @ParameterizedTest(name = "{0} at {1} against Debian {2}")
    @CsvSource({
            "AMD64, 2.31, 11", "ARM64, 2.31, 11", "ARMHF, 2.31, 11",
            "AMD64, 2.28, 12", "ARM64, 2.28, 12", "ARMHF, 2.28, 12", "PPC64EL, 2.28, 12", "S390X, 2.28, 12"})
    void everyStubSymbolResolvesInTheRealGlibc(GlibcArch arch, String floor, int debian) throws Exception {
        DebianArch debianArch = DebianArch.valueOf(arch.name());
        Path root = root(debianArch, debian);
        StubPlan plan = GlibcAbi.read(glibcSource, arch).plan(GlibcVersion.parse(floor));
        Set<String> libcExports = exports(library(root, debianArch, "libc.so.6"));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (GlibcLibrary stub : plan.libraries()) {
            Path real = library(root, debianArch, stub.soname());
            Set<String> exports = exports(real);
            Set<String> versionNodes = versionNodes(real);
            for (AbiSymbol symbol : plan.symbolsBySoname().get(stub.soname())) {
                if (symbol.name().endsWith("_version_placeholder")) {
                    continue;
                }
                String versioned = symbol.name() + "@" + symbol.version().symbolVersion();
                checked++;
                if (!versionNodes.contains(symbol.version().symbolVersion())) {
                    wrong.add(versioned + ": " + stub.soname() + " has no version " + symbol.version().symbolVersion());
                } else if (!exports.contains(versioned) && !libcExports.contains(versioned)
                        && !KNOWN_RESIDUALS.contains(arch.name() + " " + floor + " " + versioned)) {
                    wrong.add(versioned + ": bound to " + stub.soname() + ", exported by neither it nor libc.so.6");
                }
            }
        }
        assertEquals(List.of(), wrong, checked + " symbols checked");
        assertTrue(checked > 3000, "checked " + checked);
    }

    private static Path root(DebianArch arch, int debian) {
        try {
            if (debian == 11) {
                return QemuJvm.provision(arch, TestToolchains.dir(), OlderDebian.BULLSEYE).root().orElseThrow();
            }
            return arch == DebianArch.AMD64 ? Path.of("/") : QemuJvm.provision(arch, TestToolchains.dir()).root().orElseThrow();
        } catch (ForgelineException e) {
            Prerequisites.missing(e.getMessage(), e.hint() == null ? "see the message" : e.hint());
            throw e;
        }
    }

    private static Path library(Path root, DebianArch arch, String soname) {
        for (String dir : List.of("lib/" + arch.gnuTriple(), "usr/lib/" + arch.gnuTriple(), "lib64", "lib")) {
            Path candidate = root.resolve(dir).resolve(soname);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(soname + " not found in " + root);
    }

    /** name@VERSION of every defined dynamic symbol (the default "@@" written as "@"). */
    private static Set<String> exports(Path library) throws Exception {
        Set<String> names = new HashSet<>();
        for (String line : readelf("--dyn-syms", library)) {
            String[] f = line.trim().split("\\s+");
            // ppc64le adds a "[<localentry>: 8]" column, so the section index and name are counted from the end.
            if (f.length >= 8 && f[0].endsWith(":") && !f[f.length - 2].equals("UND")) {
                names.add(f[f.length - 1].replace("@@", "@"));
            }
        }
        return names;
    }

    /** The version nodes a library defines (its .gnu.version_d). */
    private static Set<String> versionNodes(Path library) throws Exception {
        Set<String> nodes = new HashSet<>();
        boolean definitions = false;
        for (String line : readelf("-V", library)) {
            if (line.startsWith("Version definition")) {
                definitions = true;
            } else if (line.startsWith("Version needs") || line.startsWith("Version symbols")) {
                definitions = false;
            } else if (definitions && line.contains("Name: ")) {
                nodes.add(line.substring(line.indexOf("Name: ") + 6).trim().split("\\s+")[0]);
            }
        }
        return nodes;
    }

    private static List<String> readelf(String option, Path library) throws Exception {
        Process p = new ProcessBuilder(readelf, option, "-W", library.toRealPath().toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return output.lines().toList();
    }
}
