package dev.forgeline.release.check;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the dynamic loader sees of an ELF file (32 or 64 bit, either byte order): its class, byte
 * order, type, machine and flags, the {@code DT_NEEDED} libraries, and the symbol versions it needs
 * ({@code DT_VERNEED}, i.e. {@code .gnu.version_r}) with the undefined symbols bound to each. The
 * dynamic section is found through the program headers, as the loader does; the section headers
 * are only used to count the dynamic symbols (with {@code DT_HASH} as the fallback).
 */
public record ElfFile(
        int elfClass,
        ByteOrder byteOrder,
        int type,
        int machine,
        long flags,
        List<String> needed,
        String soname,
        List<VersionNeed> versionNeeds,
        Map<String, SortedSet<String>> symbolsByVersion) {

    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;

    public static final int EM_386 = 3;
    public static final int EM_PPC = 20;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;

    /** e_flags of 64-bit PowerPC: the ELF ABI version (1 = big-endian AIX-style, 2 = ELFv2). */
    public static final long EF_PPC64_ABI = 0x3;
    /** e_flags of ARM: the EABI version in the top byte, and the hard-float marker. */
    public static final long EF_ARM_EABIMASK = 0xFF000000L;
    public static final long EF_ARM_EABI_VER5 = 0x05000000L;
    public static final long EF_ARM_ABI_FLOAT_HARD = 0x400;
    public static final long EF_ARM_ABI_FLOAT_SOFT = 0x200;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int SHT_DYNSYM = 11;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_HASH = 4;
    private static final long DT_STRTAB = 5;
    private static final long DT_SYMTAB = 6;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_VERSYM = 0x6ffffff0L;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final int MAX_ENTRIES = 1 << 20;

    /** One {@code Vernaux} entry: {@code file} (e.g. libc.so.6) must provide {@code version} (e.g. GLIBC_2.34). */
    public record VersionNeed(String file, String version, int index) {}

    public ElfFile {
        needed = List.copyOf(needed);
        versionNeeds = List.copyOf(versionNeeds);
        Map<String, SortedSet<String>> copy = new TreeMap<>();
        symbolsByVersion.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        symbolsByVersion = Collections.unmodifiableMap(copy);
    }

    public boolean is64Bit() {
        return elfClass == ELFCLASS64;
    }

    public static boolean hasMagic(byte[] data) {
        return data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';
    }

    public static ElfFile parse(byte[] data) throws BinaryFormatException {
        if (!hasMagic(data)) {
            throw new BinaryFormatException("not an ELF file (no \\x7fELF magic)");
        }
        if (data.length < 16) {
            throw new BinaryFormatException("truncated: the ELF identification needs 16 bytes, the file has " + data.length);
        }
        int elfClass = data[4];
        if (elfClass != ELFCLASS32 && elfClass != ELFCLASS64) {
            throw new BinaryFormatException("unknown ELF class " + elfClass + " (EI_CLASS must be 1 or 2)");
        }
        ByteOrder order = switch (data[5]) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new BinaryFormatException("unknown ELF byte order " + data[5] + " (EI_DATA must be 1 or 2)");
        };
        return new Parser(new ByteReader(data, order), elfClass == ELFCLASS64).parse(elfClass, order);
    }

    private static final class Parser {
        private final ByteReader r;
        private final boolean is64;
        private final List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}

        Parser(ByteReader r, boolean is64) {
            this.r = r;
            this.is64 = is64;
        }

        private long addr(long offset, String what) throws BinaryFormatException {
            return is64 ? r.u64(offset, what) : r.u32(offset, what);
        }

        ElfFile parse(int elfClass, ByteOrder order) throws BinaryFormatException {
            r.require(0, is64 ? 64 : 52, "ELF header");
            int type = r.u16(16, "e_type");
            int machine = r.u16(18, "e_machine");
            long phoff = addr(is64 ? 32 : 28, "e_phoff");
            long shoff = addr(is64 ? 40 : 32, "e_shoff");
            long flags = r.u32(is64 ? 48 : 36, "e_flags");
            int phentsize = r.u16(is64 ? 54 : 42, "e_phentsize");
            int phnum = r.u16(is64 ? 56 : 44, "e_phnum");
            int shentsize = r.u16(is64 ? 58 : 46, "e_shentsize");
            int shnum = r.u16(is64 ? 60 : 48, "e_shnum");

            long dynOffset = -1;
            long dynSize = 0;
            if (phnum > 0 && phentsize < (is64 ? 56 : 32)) {
                throw new BinaryFormatException("e_phentsize " + phentsize + " is too small");
            }
            for (int i = 0; i < phnum; i++) {
                long ph = phoff + (long) i * phentsize;
                r.require(ph, phentsize, "program header " + i);
                long pType = r.u32(ph, "p_type");
                long pOffset = is64 ? r.u64(ph + 8, "p_offset") : r.u32(ph + 4, "p_offset");
                long pVaddr = is64 ? r.u64(ph + 16, "p_vaddr") : r.u32(ph + 8, "p_vaddr");
                long pFilesz = is64 ? r.u64(ph + 32, "p_filesz") : r.u32(ph + 16, "p_filesz");
                if (pType == PT_LOAD) {
                    loads.add(new long[] {pVaddr, pOffset, pFilesz});
                } else if (pType == PT_DYNAMIC) {
                    dynOffset = pOffset;
                    dynSize = pFilesz;
                }
            }

            List<String> needed = new ArrayList<>();
            String soname = null;
            List<VersionNeed> versionNeeds = new ArrayList<>();
            Map<String, SortedSet<String>> symbolsByVersion = new TreeMap<>();
            if (dynOffset < 0) {
                return new ElfFile(elfClass, order, type, machine, flags, needed, soname, versionNeeds, symbolsByVersion);
            }
            r.require(dynOffset, dynSize, "dynamic segment");

            int entSize = is64 ? 16 : 8;
            List<long[]> dyn = new ArrayList<>();
            long strtab = -1;
            long strsz = 0;
            long symtab = -1;
            long versym = -1;
            long verneed = -1;
            long verneednum = 0;
            long hash = -1;
            for (long p = dynOffset; p + entSize <= dynOffset + dynSize; p += entSize) {
                long tag = is64 ? r.u64(p, "d_tag") : r.u32(p, "d_tag");
                long val = addr(p + (is64 ? 8 : 4), "d_val");
                if (tag == DT_NULL) {
                    break;
                }
                dyn.add(new long[] {tag, val});
                if (tag == DT_STRTAB) strtab = val;
                else if (tag == DT_STRSZ) strsz = val;
                else if (tag == DT_SYMTAB) symtab = val;
                else if (tag == DT_VERSYM) versym = val;
                else if (tag == DT_VERNEED) verneed = val;
                else if (tag == DT_VERNEEDNUM) verneednum = val;
                else if (tag == DT_HASH) hash = val;
            }
            if (strtab < 0) {
                throw new BinaryFormatException("the dynamic section has no DT_STRTAB");
            }
            long strOff = toOffset(strtab, "DT_STRTAB");
            long strEnd = strsz > 0 ? strOff + strsz : r.length();
            for (long[] entry : dyn) {
                if (entry[0] == DT_NEEDED) {
                    needed.add(r.cString(strOff + entry[1], strEnd, "DT_NEEDED"));
                } else if (entry[0] == DT_SONAME) {
                    soname = r.cString(strOff + entry[1], strEnd, "DT_SONAME");
                }
            }

            Map<Integer, String> versionByIndex = new TreeMap<>();
            if (verneed >= 0) {
                if (verneednum > MAX_ENTRIES) {
                    throw new BinaryFormatException("DT_VERNEEDNUM " + verneednum + " is implausible");
                }
                long vn = toOffset(verneed, "DT_VERNEED");
                for (long i = 0; i < verneednum; i++) {
                    int cnt = r.u16(vn + 2, "vn_cnt");
                    String file = r.cString(strOff + r.u32(vn + 4, "vn_file"), strEnd, "vn_file");
                    long aux = vn + r.u32(vn + 8, "vn_aux");
                    for (int j = 0; j < cnt; j++) {
                        int other = r.u16(aux + 6, "vna_other");
                        String name = r.cString(strOff + r.u32(aux + 8, "vna_name"), strEnd, "vna_name");
                        versionNeeds.add(new VersionNeed(file, name, other));
                        versionByIndex.put(other, name);
                        long next = r.u32(aux + 12, "vna_next");
                        if (next == 0) break;
                        aux += next;
                    }
                    long next = r.u32(vn + 12, "vn_next");
                    if (next == 0) break;
                    vn += next;
                }
            }

            long symCount = dynsymCount(shoff, shentsize, shnum, hash);
            if (symCount > 0 && symtab >= 0 && versym >= 0 && !versionByIndex.isEmpty()) {
                long symOff = toOffset(symtab, "DT_SYMTAB");
                long verOff = toOffset(versym, "DT_VERSYM");
                int symSize = is64 ? 24 : 16;
                r.require(symOff, symCount * symSize, "dynamic symbol table");
                r.require(verOff, symCount * 2, "symbol version table");
                for (long i = 1; i < symCount; i++) {
                    long s = symOff + i * symSize;
                    int shndx = r.u16(s + (is64 ? 6 : 14), "st_shndx");
                    if (shndx != 0) {
                        continue; // defined here, not needed from elsewhere
                    }
                    int index = r.u16(verOff + i * 2, "versym") & 0x7fff;
                    String version = versionByIndex.get(index);
                    if (version != null) {
                        String symbol = r.cString(strOff + r.u32(s, "st_name"), strEnd, "st_name");
                        symbolsByVersion.computeIfAbsent(version, k -> new TreeSet<>()).add(symbol);
                    }
                }
            }
            return new ElfFile(elfClass, order, type, machine, flags, needed, soname, versionNeeds, symbolsByVersion);
        }

        private long dynsymCount(long shoff, int shentsize, int shnum, long hash) throws BinaryFormatException {
            if (shoff > 0 && shnum > 0 && shentsize >= (is64 ? 64 : 40)) {
                for (int i = 0; i < shnum; i++) {
                    long sh = shoff + (long) i * shentsize;
                    r.require(sh, shentsize, "section header " + i);
                    if (r.u32(sh + 4, "sh_type") == SHT_DYNSYM) {
                        long size = is64 ? r.u64(sh + 32, "sh_size") : r.u32(sh + 20, "sh_size");
                        long entsize = is64 ? r.u64(sh + 56, "sh_entsize") : r.u32(sh + 36, "sh_entsize");
                        return entsize == 0 ? 0 : Math.min(size / entsize, MAX_ENTRIES);
                    }
                }
            }
            if (hash >= 0) {
                return Math.min(r.u32(toOffset(hash, "DT_HASH") + 4, "DT_HASH nchain"), MAX_ENTRIES);
            }
            return 0;
        }

        /** Maps a virtual address to a file offset through the PT_LOAD segments. */
        private long toOffset(long vaddr, String what) throws BinaryFormatException {
            for (long[] load : loads) {
                if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
                    return vaddr - load[0] + load[1];
                }
            }
            throw new BinaryFormatException(what + " address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
        }
    }
}
