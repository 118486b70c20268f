package dev.forgeline.release.check;

import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.platform.GlibcVersion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.check.Finding.Reason;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinaryCheckElfTest {
    @TempDir Path dir;
    private NativeFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new NativeFixtures(dir);
    }

    private static Target target(String classifier) {
        return TargetCatalog.byClassifier(classifier).orElseThrow();
    }

    @Test
    void check_plainHostLibrary_passesDefaultPolicy() throws Exception {
        Path lib = fixtures.hostLibrary(NativeFixtures.PLAIN, "libplain.so");

        CheckReport report = BinaryCheck.check(lib, target("linux-x86_64"));

        assertTrue(report.passed(), report.summary());
        assertEquals(CheckReport.BinaryFormat.ELF, report.format());
        assertEquals(List.of("libc.so.6"), report.needed());
        assertEquals(Optional.of(GlibcVersion.parse("2.2.5")), report.requiredGlibc());
        assertTrue(report.glibcSymbols().get("GLIBC_2.2.5").contains("getenv"), report.glibcSymbols().toString());
    }

    @Test
    void check_symbolFromGlibc234_failsNamingTheSymbols() throws Exception {
        Path lib = fixtures.hostLibrary(NativeFixtures.NEEDS_GLIBC_2_34, "libnew.so");

        CheckReport report = BinaryCheck.check(lib, target("linux-x86_64"), BinaryPolicy.defaults());

        assertEquals(List.of(Reason.GLIBC_TOO_NEW), report.findings().stream().map(Finding::reason).toList(), report.summary());
        Finding finding = report.findings().get(0);
        assertEquals(List.of("pthread_key_create", "pthread_key_delete"), finding.subjects());
        assertEquals("libnew.so requires GLIBC_2.34 (pthread_key_create, pthread_key_delete) but the policy allows at most 2.28",
                finding.message());
        assertEquals(Optional.of(GlibcVersion.parse("2.34")), report.requiredGlibc());
    }

    @Test
    void check_symbolFromGlibc234_passesAPolicyOf234() throws Exception {
        Path lib = fixtures.hostLibrary(NativeFixtures.NEEDS_GLIBC_2_34, "libnew.so");

        CheckReport report = BinaryCheck.check(lib, target("linux-x86_64"), BinaryPolicy.defaults().withMaxGlibc("2.34"));

        assertTrue(report.passed(), report.summary());
    }

    @Test
    void check_extraNeededLibrary_isDisallowed() throws Exception {
        fixtures.hostLibrary(NativeFixtures.DUMMY, "libdummy.so");
        Path lib = fixtures.hostLibrary(NativeFixtures.USES_DUMMY, "libuses.so", "-L" + dir, "-ldummy");

        CheckReport report = BinaryCheck.check(lib, target("linux-x86_64"));

        assertTrue(report.needed().contains("libdummy.so"), report.needed().toString());
        assertEquals(List.of(Reason.DISALLOWED_NEEDED), report.findings().stream().map(Finding::reason).toList(), report.summary());
        assertEquals(List.of("libdummy.so"), report.findings().get(0).subjects());
        assertTrue(BinaryCheck.check(lib, target("linux-x86_64"),
                BinaryPolicy.defaults().withAllowedNeeded(List.of("libc.so.6", "libdummy.*"))).passed());
    }

    @ParameterizedTest
    @CsvSource({
        "linux-aarch_64, aarch64-linux-gnu-gcc, gcc-aarch64-linux-gnu, AArch64 64-bit LE, 2.17",
        "linux-ppcle_64, powerpc64le-linux-gnu-gcc, gcc-powerpc64le-linux-gnu, PowerPC64 64-bit LE, 2.17",
        "linux-s390_64, s390x-linux-gnu-gcc, gcc-s390x-linux-gnu, IBM S/390 64-bit BE, 2.2",
        "linux-arm_32, arm-linux-gnueabihf-gcc, gcc-arm-linux-gnueabihf, ARM 32-bit LE, 2.4",
    })
    void check_crossCompiledLibrary_passesForItsTargetOnly(String classifier, String gcc, String pkg, String machine,
            String glibc) throws Exception {
        Path lib = fixtures.sharedLibrary(gcc, pkg, NativeFixtures.PLAIN, "libplain-" + classifier + ".so");

        CheckReport report = BinaryCheck.check(lib, target(classifier));
        assertTrue(report.passed(), report.summary());
        assertEquals(machine, report.machine());
        assertEquals(Optional.of(GlibcVersion.parse(glibc)), report.requiredGlibc());

        CheckReport onHost = BinaryCheck.check(lib, target("linux-x86_64"));
        assertEquals(Reason.WRONG_MACHINE, onHost.findings().get(0).reason(), onHost.summary());
        assertTrue(onHost.findings().get(0).message().contains("but linux-x86_64 needs x86-64"), onHost.summary());
    }

    @Test
    void check_hostLibraryForAarch64_isWrongMachine() throws Exception {
        Path lib = fixtures.hostLibrary(NativeFixtures.PLAIN, "libplain.so");

        CheckReport report = BinaryCheck.check(lib, target("linux-aarch_64"));

        assertEquals(List.of(Reason.WRONG_MACHINE), report.findings().stream().map(Finding::reason).toList());
        assertEquals("libplain.so is built for x86-64 (e_machine 62), but linux-aarch_64 needs AArch64 (e_machine 183)",
                report.findings().get(0).message());
    }

    @Test
    void check_ppc64WithElfV1Flags_isWrongAbi() throws Exception {
        Path lib = fixtures.sharedLibrary("powerpc64le-linux-gnu-gcc", "gcc-powerpc64le-linux-gnu", NativeFixtures.PLAIN, "libppc.so");
        byte[] data = Files.readAllBytes(lib);
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(48, 1); // e_flags = ELFv1

        CheckReport report = BinaryCheck.check(lib, data, target("linux-ppcle_64"), BinaryPolicy.defaults());

        assertEquals(List.of(Reason.WRONG_ABI), report.findings().stream().map(Finding::reason).toList(), report.summary());
    }

    @Test
    void check_armSoftFloat_isWrongAbi() throws Exception {
        Path lib = fixtures.sharedLibrary("arm-linux-gnueabihf-gcc", "gcc-arm-linux-gnueabihf", NativeFixtures.PLAIN, "libarm.so");
        byte[] data = Files.readAllBytes(lib);
        ByteBuffer header = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int flags = header.getInt(36);
        assertEquals(ElfFile.EF_ARM_EABI_VER5 | ElfFile.EF_ARM_ABI_FLOAT_HARD, flags & 0xFF000400L);
        header.putInt(36, (flags & ~0x400) | 0x200);

        CheckReport report = BinaryCheck.check(lib, data, target("linux-arm_32"), BinaryPolicy.defaults());

        assertEquals(List.of(Reason.WRONG_ABI), report.findings().stream().map(Finding::reason).toList(), report.summary());
        assertTrue(report.findings().get(0).message().contains("soft-float"));
    }

    @Test
    void check_bigEndianPpc64Header_isWrongByteOrder() {
        byte[] elf = minimalElf64(ByteOrder.BIG_ENDIAN, ElfFile.EM_PPC64, ElfFile.ET_DYN, 2);

        CheckReport report = BinaryCheck.check(Path.of("libbe.so"), elf, target("linux-ppcle_64"), BinaryPolicy.defaults());

        assertEquals(List.of(Reason.WRONG_BYTE_ORDER), report.findings().stream().map(Finding::reason).toList(), report.summary());
    }

    @Test
    void check_executable_isNotALibrary() throws Exception {
        Path exe = fixtures.compile("gcc", "gcc", NativeFixtures.MAIN, "program", "-no-pie");

        CheckReport report = BinaryCheck.check(exe, target("linux-x86_64"));

        assertEquals(Reason.NOT_A_LIBRARY, report.findings().get(0).reason(), report.summary());
    }

    @Test
    void check_truncatedLibrary_isCorruptNotAnException() throws Exception {
        byte[] whole = Files.readAllBytes(fixtures.hostLibrary(NativeFixtures.PLAIN, "libplain.so"));
        for (int length : new int[] {5, 40, 64, 200, 1000, whole.length / 2}) {
            Path cut = dir.resolve("libcut-" + length + ".so");
            Files.write(cut, Arrays.copyOf(whole, length));

            CheckReport report = BinaryCheck.check(cut, target("linux-x86_64"));

            assertFalse(report.passed(), "length " + length);
            assertEquals(Reason.CORRUPT, report.findings().get(0).reason(), length + ": " + report.summary());
        }
    }

    @Test
    void check_garbageInHeaders_isCorrupt() throws Exception {
        byte[] data = Files.readAllBytes(fixtures.hostLibrary(NativeFixtures.PLAIN, "libplain.so"));
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(32, 0x7fff_ffff_0000L); // e_phoff far away

        CheckReport report = BinaryCheck.check(Path.of("libbad.so"), data, target("linux-x86_64"), BinaryPolicy.defaults());

        assertEquals(Reason.CORRUPT, report.findings().get(0).reason(), report.summary());
        assertTrue(report.findings().get(0).message().contains("program header"), report.summary());
    }

    @Test
    void check_emptyAndTextFiles_areReported() throws Exception {
        Path empty = Files.write(dir.resolve("empty.so"), new byte[0]);
        Path text = Files.writeString(dir.resolve("text.so"), "INPUT(-lc)\n/* a linker script, not a library */\n");
        Path missing = dir.resolve("missing.so");

        assertEquals(Reason.CORRUPT, BinaryCheck.check(empty, target("linux-x86_64")).findings().get(0).reason());
        assertEquals(Reason.WRONG_FORMAT, BinaryCheck.check(text, target("linux-x86_64")).findings().get(0).reason());
        assertEquals(Reason.UNREADABLE, BinaryCheck.check(missing, target("linux-x86_64")).findings().get(0).reason());
    }

    /** A 64-byte ELF header and nothing else. */
    static byte[] minimalElf64(ByteOrder order, int machine, int type, int flags) {
        ByteBuffer b = ByteBuffer.allocate(64).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        b.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, 1).putInt(48, flags).putShort(52, (short) 64);
        return b.array();
    }
}
