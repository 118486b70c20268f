package dev.forgeline.release.check;

import dev.forgeline.release.config.BinaryPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.check.Finding.Reason;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryCheckPeMachOTest {
    @TempDir Path dir;

    private static Target target(String classifier) {
        return TargetCatalog.byClassifier(classifier).orElseThrow();
    }

    private static List<Reason> reasons(CheckReport report) {
        return report.findings().stream().map(Finding::reason).toList();
    }

    @Test
    void check_mingwDll_passesForWindows() throws Exception {
        Path dll = new NativeFixtures(dir).compile("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64",
                NativeFixtures.DUMMY, "forgeline.dll", "-shared");

        CheckReport report = BinaryCheck.check(dll, target("windows-x86_64"));

        assertTrue(report.passed(), report.summary());
        assertEquals(CheckReport.BinaryFormat.PE, report.format());
        assertEquals("AMD64", report.machine());
        assertEquals(List.of(Reason.WRONG_FORMAT), reasons(BinaryCheck.check(dll, target("linux-x86_64"))));
    }

    @Test
    void check_dllForArm64_isWrongMachine() throws Exception {
        Path dll = new NativeFixtures(dir).compile("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64",
                NativeFixtures.DUMMY, "forgeline.dll", "-shared");
        byte[] data = Files.readAllBytes(dll);
        int pe = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(0x3c);
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putShort(pe + 4, (short) PeFile.IMAGE_FILE_MACHINE_ARM64);

        CheckReport report = BinaryCheck.check(dll, data, target("windows-x86_64"), BinaryPolicy.defaults());

        assertEquals(List.of(Reason.WRONG_MACHINE), reasons(report));
        assertEquals("forgeline.dll is built for ARM64, but windows-x86_64 needs AMD64", report.findings().get(0).message());
    }

    @Test
    void check_mingwExe_isNotALibrary() throws Exception {
        Path exe = new NativeFixtures(dir).compile("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64",
                NativeFixtures.MAIN, "program.exe");

        assertEquals(List.of(Reason.NOT_A_LIBRARY), reasons(BinaryCheck.check(exe, target("windows-x86_64"))));
    }

    @Test
    void check_truncatedPe_isCorrupt() {
        byte[] data = new byte[64];
        data[0] = 'M';
        data[1] = 'Z';
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x80);

        assertEquals(List.of(Reason.CORRUPT), reasons(BinaryCheck.check(Path.of("x.dll"), data, target("windows-x86_64"),
                BinaryPolicy.defaults())));
    }

    @Test
    void check_thinMachODylib_matchesCpuType() {
        byte[] x86 = thinMachO(MachOFile.CPU_TYPE_X86_64, MachOFile.MH_DYLIB);
        byte[] arm = thinMachO(MachOFile.CPU_TYPE_ARM64, MachOFile.MH_DYLIB);

        assertTrue(check(x86, "osx-x86_64").passed());
        assertTrue(check(arm, "osx-aarch_64").passed());
        CheckReport wrong = check(x86, "osx-aarch_64");
        assertEquals(List.of(Reason.WRONG_MACHINE), reasons(wrong));
        assertEquals("libx.dylib is built for x86_64, but osx-aarch_64 needs arm64", wrong.findings().get(0).message());
    }

    @Test
    void check_universalBinary_passesForEachSliceItHas() {
        byte[] fat = fat(thinMachO(MachOFile.CPU_TYPE_X86_64, MachOFile.MH_DYLIB), thinMachO(MachOFile.CPU_TYPE_ARM64, MachOFile.MH_DYLIB));

        CheckReport x86 = check(fat, "osx-x86_64");
        assertTrue(x86.passed(), x86.summary());
        assertEquals(CheckReport.BinaryFormat.MACH_O_UNIVERSAL, x86.format());
        assertEquals("x86_64, arm64", x86.machine());
        assertTrue(check(fat, "osx-aarch_64").passed());
    }

    @Test
    void check_universalBinaryWithoutTheSlice_isWrongMachine() {
        byte[] fat = fat(thinMachO(MachOFile.CPU_TYPE_X86_64, MachOFile.MH_DYLIB));

        CheckReport report = check(fat, "osx-aarch_64");

        assertEquals(List.of(Reason.WRONG_MACHINE), reasons(report));
        assertEquals("libx.dylib is a universal binary with x86_64 but no arm64 slice, but osx-aarch_64 needs arm64",
                report.findings().get(0).message());
    }

    @Test
    void check_machOExecutable_isNotALibrary() {
        assertEquals(List.of(Reason.NOT_A_LIBRARY), reasons(check(thinMachO(MachOFile.CPU_TYPE_ARM64, MachOFile.MH_EXECUTE), "osx-aarch_64")));
    }

    @Test
    void check_truncatedUniversalBinary_isCorrupt() {
        byte[] fat = fat(thinMachO(MachOFile.CPU_TYPE_X86_64, MachOFile.MH_DYLIB));

        assertEquals(List.of(Reason.CORRUPT), reasons(check(Arrays.copyOf(fat, fat.length - 8), "osx-x86_64")));
    }

    @Test
    void check_javaClassFile_isNotMistakenForAUniversalBinary() {
        byte[] classFile = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61, 0, 0, 0, 0};

        assertEquals(List.of(Reason.WRONG_FORMAT), reasons(check(classFile, "osx-x86_64")));
    }

    @Test
    void check_elfForMac_isWrongFormat() {
        byte[] elf = BinaryCheckElfTest.minimalElf64(ByteOrder.LITTLE_ENDIAN, ElfFile.EM_X86_64, ElfFile.ET_DYN, 0);

        assertEquals(List.of(Reason.WRONG_FORMAT), reasons(check(elf, "osx-x86_64")));
    }

    private static CheckReport check(byte[] data, String classifier) {
        return BinaryCheck.check(Path.of("libx.dylib"), data, target(classifier), BinaryPolicy.defaults());
    }

    /** A mach_header_64 (little-endian, as on both Mac CPUs) with no load commands. */
    static byte[] thinMachO(int cpuType, int fileType) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) MachOFile.MH_MAGIC_64).putInt(cpuType).putInt(3).putInt(fileType).putInt(0).putInt(0).putInt(0).putInt(0);
        return b.array();
    }

    /** A fat header (big-endian) with the slices at 4096-byte alignment. */
    static byte[] fat(byte[]... slices) {
        int offset = 4096;
        ByteBuffer b = ByteBuffer.allocate(4096 * (slices.length + 1)).order(ByteOrder.BIG_ENDIAN);
        b.putInt((int) MachOFile.FAT_MAGIC).putInt(slices.length);
        for (int i = 0; i < slices.length; i++) {
            int cpu = ByteBuffer.wrap(slices[i]).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
            b.putInt(cpu).putInt(3).putInt(offset + 4096 * i).putInt(slices[i].length).putInt(12);
        }
        for (int i = 0; i < slices.length; i++) {
            b.put(offset + 4096 * i, slices[i]);
        }
        return Arrays.copyOf(b.array(), offset + 4096 * (slices.length - 1) + slices[slices.length - 1].length);
    }
}
