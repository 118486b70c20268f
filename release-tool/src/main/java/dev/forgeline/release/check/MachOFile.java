package dev.forgeline.release.check;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a Mach-O file, or of every slice of a fat (universal) binary: CPU type and file
 * type of each slice.
 */
public record MachOFile(boolean universal, List<Slice> slices) {
    public static final int CPU_ARCH_ABI64 = 0x01000000;
    public static final int CPU_TYPE_X86 = 7;
    public static final int CPU_TYPE_ARM = 12;
    public static final int CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
    public static final int CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
    public static final int MH_EXECUTE = 2;
    public static final int MH_DYLIB = 6;
    public static final int MH_BUNDLE = 8;

    static final long MH_MAGIC = 0xfeedfaceL;
    static final long MH_MAGIC_64 = 0xfeedfacfL;
    static final long FAT_MAGIC = 0xcafebabeL;
    static final long FAT_MAGIC_64 = 0xcafebabfL;
    /** More slices than this and 0xcafebabe is a Java class file, not a fat binary (as file(1) decides). */
    private static final long MAX_FAT_ARCHS = 30;

    /** One architecture: its CPU type and Mach-O file type (dylib, bundle, executable). */
    public record Slice(int cpuType, int fileType, boolean is64) {
        public String cpuName() {
            return MachOFile.cpuName(cpuType);
        }

        public boolean isLibrary() {
            return fileType == MH_DYLIB || fileType == MH_BUNDLE;
        }
    }

    public MachOFile {
        slices = List.copyOf(slices);
    }

    public static boolean hasMagic(byte[] data) {
        if (data.length < 8) {
            return false;
        }
        long be = new ByteReader(data, ByteOrder.BIG_ENDIAN).u32Unchecked(0);
        long le = new ByteReader(data, ByteOrder.LITTLE_ENDIAN).u32Unchecked(0);
        if (be == FAT_MAGIC || be == FAT_MAGIC_64) {
            long n = new ByteReader(data, ByteOrder.BIG_ENDIAN).u32Unchecked(4);
            return n > 0 && n <= MAX_FAT_ARCHS;
        }
        return be == MH_MAGIC || be == MH_MAGIC_64 || le == MH_MAGIC || le == MH_MAGIC_64;
    }

    public static MachOFile parse(byte[] data) throws BinaryFormatException {
        if (!hasMagic(data)) {
            throw new BinaryFormatException("not a Mach-O file");
        }
        ByteReader be = new ByteReader(data, ByteOrder.BIG_ENDIAN);
        long magic = be.u32(0, "magic");
        if (magic == FAT_MAGIC || magic == FAT_MAGIC_64) {
            boolean fat64 = magic == FAT_MAGIC_64;
            long n = be.u32(4, "nfat_arch");
            int entry = fat64 ? 32 : 20;
            List<Slice> slices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long e = 8 + (long) i * entry;
                be.require(e, entry, "fat_arch " + i);
                long offset = fat64 ? be.u64(e + 8, "fat_arch offset") : be.u32(e + 8, "fat_arch offset");
                long size = fat64 ? be.u64(e + 16, "fat_arch size") : be.u32(e + 12, "fat_arch size");
                be.require(offset, size, "slice " + i);
                Slice slice = thin(data, offset, "slice " + i);
                int declared = (int) be.u32(e, "fat_arch cputype");
                if (declared != slice.cpuType()) {
                    throw new BinaryFormatException("slice " + i + " is declared as " + cpuName(declared)
                            + " in the fat header but its own header says " + slice.cpuName());
                }
                slices.add(slice);
            }
            return new MachOFile(true, slices);
        }
        return new MachOFile(false, List.of(thin(data, 0, "Mach-O header")));
    }

    private static Slice thin(byte[] data, long offset, String what) throws BinaryFormatException {
        ByteReader r = new ByteReader(data, ByteOrder.BIG_ENDIAN);
        long magic = r.u32(offset, what + " magic");
        if (magic != MH_MAGIC && magic != MH_MAGIC_64) {
            r = r.withOrder(ByteOrder.LITTLE_ENDIAN);
            magic = r.u32(offset, what + " magic");
        }
        if (magic != MH_MAGIC && magic != MH_MAGIC_64) {
            throw new BinaryFormatException(what + " has no Mach-O magic");
        }
        boolean is64 = magic == MH_MAGIC_64;
        r.require(offset, is64 ? 32 : 28, what);
        int cpuType = (int) r.u32(offset + 4, "cputype");
        int fileType = (int) r.u32(offset + 12, "filetype");
        return new Slice(cpuType, fileType, is64);
    }

    public static String cpuName(int cpuType) {
        return switch (cpuType) {
            case CPU_TYPE_X86_64 -> "x86_64";
            case CPU_TYPE_ARM64 -> "arm64";
            case CPU_TYPE_X86 -> "i386";
            case CPU_TYPE_ARM -> "arm";
            default -> String.format("cputype 0x%08x", cpuType);
        };
    }
}
