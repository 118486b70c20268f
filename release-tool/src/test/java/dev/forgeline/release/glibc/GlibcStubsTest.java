package dev.forgeline.release.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.check.BinaryCheck;
import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.check.CheckReport;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestToolchains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glibc stubs against Debian's real glibc ABI lists. The expected exports are history, not what the
 * code computes: pthread_key_create was libpthread's until 2.34, dlsym libdl's, memcpy got GLIBC_2.14 in
 * 2.14, clock_gettime moved into libc in 2.17, stat64 was a libc_nonshared.a wrapper until 2.33.
 */
class GlibcStubsTest {
    private static Path glibcSource;

    @TempDir
    Path temp;

    @BeforeAll
    static void provision() {
        try {
            glibcSource = GlibcSourceTree.ensure(TestToolchains.dir()).sourceTree();
        } catch (ForgelineException e) {
            Prerequisites.missing("glibc's ABI lists (Debian package glibc-source): " + e.getMessage(),
                    "run on Debian with apt sources reachable");
        }
    }

    private static StubPlan plan(GlibcArch arch, String floor) {
        return GlibcAbi.read(glibcSource, arch).plan(GlibcVersion.parse(floor));
    }

    private static StubPlan.Export export(String soname, String version) {
        return new StubPlan.Export(soname, GlibcVersion.parse(version));
    }

    @Test
    void plan_x86_64_at228_putsEachSymbolWhereGlibc228HadIt() {
        StubPlan plan = plan(GlibcArch.AMD64, "2.28");
        assertEquals(Optional.of(export("libpthread.so.0", "2.2.5")), plan.find("pthread_key_create"));
        assertEquals(Optional.of(export("libpthread.so.0", "2.2.5")), plan.find("pthread_getattr_np"));
        assertEquals(Optional.of(export("libdl.so.2", "2.2.5")), plan.find("dlsym"));
        assertEquals(Optional.of(export("librt.so.1", "2.2.5")), plan.find("shm_open"));
        assertEquals(Optional.of(export("libutil.so.1", "2.2.5")), plan.find("openpty"));
        assertEquals(Optional.of(export("libanl.so.1", "2.2.5")), plan.find("getaddrinfo_a"));
        assertEquals(Optional.of(export("libc.so.6", "2.14")), plan.find("memcpy"));
        assertEquals(Optional.of(export("libc.so.6", "2.17")), plan.find("clock_gettime"));
        assertEquals(Optional.of(export("libc.so.6", "2.2.5")), plan.find("__libc_start_main"));
        assertEquals(Optional.of(export("libc.so.6", "2.2.5")), plan.find("malloc"));
        // libc had pthread_self too, but binding nptl's functions to libpthread is the safe direction.
        assertEquals(Optional.of(export("libpthread.so.0", "2.2.5")), plan.find("pthread_self"));
        assertEquals(Optional.of(export("libpthread.so.0", "2.2.5")), plan.find("__pthread_mutex_lock"));
        assertEquals(Optional.of(export("libresolv.so.2", "2.2.5")), plan.find("__res_send"));
        assertEquals(Optional.of(export("libm.so.6", "2.26")), plan.find("__isnanf128"));
        assertEquals(Optional.of(export("libc.so.6", "2.28")), plan.find("statx"));
        assertEquals(Optional.of(export("ld-linux-x86-64.so.2", "2.3")), plan.find("__tls_get_addr"));
        assertEquals(Optional.empty(), plan.find("gettid"), "gettid came in 2.30");
        assertEquals(Optional.empty(), plan.find("stat64"), "stat64 was not exported before 2.33");
        assertTrue(plan.wraps("stat64") && plan.wraps("fstat64") && plan.wraps("fstatat64"));
    }

    @Test
    void plan_atOrAfterTheMerge_keepsEverythingInLibc() {
        StubPlan plan = plan(GlibcArch.AMD64, "2.34");
        assertEquals(Optional.of(export("libc.so.6", "2.34")), plan.find("pthread_key_create"));
        assertEquals(Optional.of(export("libc.so.6", "2.33")), plan.find("stat64"));
        assertFalse(plan.wraps("stat64"));
        assertEquals(Optional.of(export("libc.so.6", "2.2.5")), plan(GlibcArch.AMD64, "2.13").find("memcpy"));
    }

    @Test
    void plan_otherArchitectures_useTheirOwnBaselines() {
        assertEquals(Optional.of(export("libpthread.so.0", "2.17")), plan(GlibcArch.ARM64, "2.28").find("pthread_key_create"));
        assertEquals(Optional.of(export("libpthread.so.0", "2.4")), plan(GlibcArch.ARMHF, "2.28").find("pthread_key_create"));
        assertEquals(Optional.of(export("libpthread.so.0", "2.2")), plan(GlibcArch.S390X, "2.28").find("pthread_key_create"));
        assertEquals(Optional.of(export("ld64.so.2", "2.17")), plan(GlibcArch.PPC64EL, "2.28").find("__tls_get_addr"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(GlibcArch.ARM64, "2.16"));
        assertTrue(e.getMessage().contains("the oldest is 2.17"), e.getMessage());
    }

    @Test
    void stubs_linkALibraryThatNeedsNoNewerGlibcAndLoadsOnThisOne() throws Exception {
        String gcc = Prerequisites.command("gcc", "apt-get install -y gcc").toString();
        String ar = Prerequisites.command("ar", "apt-get install -y binutils").toString();
        GlibcStubs.LinkFloor floor = GlibcStubs.build(plan(GlibcArch.AMD64, "2.28"), gcc, ar, temp.resolve("stubs"));
        Path library = link(gcc, floor, """
                #define _GNU_SOURCE
                #include <pthread.h>
                #include <sys/stat.h>
                #include <dlfcn.h>
                static pthread_key_t key;
                int probe(const char *path) {
                    struct stat64 st;
                    if (pthread_key_create(&key, 0) != 0) return -1;
                    pthread_key_delete(key);
                    return stat64(path, &st) == 0 && dlsym(RTLD_DEFAULT, "malloc") != 0 ? 1 : 0;
                }
                """);
        CheckReport report = BinaryCheck.check(library, TargetCatalog.byClassifier("linux-x86_64").orElseThrow(),
                BinaryPolicy.defaults());
        assertTrue(report.passed(), report.summary());
        assertFalse(report.requiredGlibc().orElseThrow().isNewerThan(GlibcVersion.parse("2.28")), report.summary());
        assertTrue(report.needed().containsAll(List.of("libpthread.so.0", "libdl.so.2", "libc.so.6")), report.needed().toString());
        // Linked with -z now, so loading resolves every symbol against the real glibc 2.36 of this machine.
        System.load(library.toString());
    }

    @Test
    void stubs_intoARelativeDirectory_areBuiltAndNamedByAbsolutePath() throws Exception {
        // forgeline release --local writes under "dist" by default: a relative path must work too.
        String gcc = Prerequisites.command("gcc", "apt-get install -y gcc").toString();
        String ar = Prerequisites.command("ar", "apt-get install -y binutils").toString();
        Path relative = Path.of("").toAbsolutePath().relativize(temp.resolve("relative-stubs"));
        GlibcStubs.LinkFloor floor = GlibcStubs.build(plan(GlibcArch.AMD64, "2.28"), gcc, ar, relative);
        assertTrue(floor.directory().isAbsolute(), floor.directory().toString());
        assertTrue(Files.readString(floor.directory().resolve("libc.so")).contains(temp.resolve("relative-stubs/libc.so.6").toString()));
        assertTrue(Files.isRegularFile(temp.resolve("relative-stubs/libforgeline_stat_wrappers.a")));
    }

    @Test
    void stubs_symbolNewerThanTheFloor_failsTheLinkAndIsNamed() throws Exception {
        String gcc = Prerequisites.command("gcc", "apt-get install -y gcc").toString();
        String ar = Prerequisites.command("ar", "apt-get install -y binutils").toString();
        GlibcStubs.LinkFloor floor = GlibcStubs.build(plan(GlibcArch.AMD64, "2.28"), gcc, ar, temp.resolve("stubs"));
        String output = linkOutput(gcc, floor, "#define _GNU_SOURCE\n#include <unistd.h>\nint closer(void) { return close_range(3, ~0U, 0); }\n");
        assertEquals(java.util.Set.of("close_range"), UndefinedSymbols.in(output), output);
        assertEquals(Optional.of(GlibcVersion.parse("2.34")), GlibcAbi.read(glibcSource, GlibcArch.AMD64).introduced("close_range"));
    }

    @Test
    void stubs_crossArchitecture_builtWithTheCrossCompiler() throws Exception {
        String gcc = Prerequisites.command("aarch64-linux-gnu-gcc", "apt-get install -y gcc-aarch64-linux-gnu").toString();
        String ar = Prerequisites.command("aarch64-linux-gnu-ar", "apt-get install -y binutils-aarch64-linux-gnu").toString();
        GlibcStubs.LinkFloor floor = GlibcStubs.build(plan(GlibcArch.ARM64, "2.17"), gcc, ar, temp.resolve("stubs"));
        Path library = link(gcc, floor, "#include <pthread.h>\nstatic pthread_key_t k;\nint f(void) { return pthread_key_create(&k, 0); }\n");
        CheckReport report = BinaryCheck.check(library, TargetCatalog.byClassifier("linux-aarch_64").orElseThrow(),
                BinaryPolicy.defaults().withMaxGlibc("2.17"));
        assertTrue(report.passed(), report.summary());
        assertNotEquals(Optional.empty(), report.requiredGlibc());
    }

    private Path link(String gcc, GlibcStubs.LinkFloor floor, String source) throws Exception {
        String output = linkOutput(gcc, floor, source);
        Path library = temp.resolve("libprobe.so");
        assertTrue(Files.isRegularFile(library), output);
        return library;
    }

    private String linkOutput(String gcc, GlibcStubs.LinkFloor floor, String source) throws Exception {
        Path c = temp.resolve("probe.c");
        Files.writeString(c, source, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(gcc, "-shared", "-fPIC", "-O1", "-o", temp.resolve("libprobe.so").toString(),
                c.toString(), "-L" + floor.directory(), "-Wl,-z,defs", "-Wl,-z,now", "-Wl,--as-needed", "-lpthread", "-ldl"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
