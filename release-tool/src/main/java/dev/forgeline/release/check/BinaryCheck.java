package dev.forgeline.release.check;

import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.platform.GlibcVersion;

import dev.forgeline.release.check.CheckReport.BinaryFormat;
import dev.forgeline.release.check.Finding.Reason;
import dev.forgeline.release.platform.Target;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a built library before anything is published, in pure Java: the right binary format and
 * CPU for the target (ELF e_machine, class, byte order and ABI flags; PE Machine; Mach-O cputype of
 * a thin or universal binary), a shared library rather than an executable, and on Linux the newest
 * glibc symbol version and the DT_NEEDED libraries against a {@link BinaryPolicy}. Every problem is
 * a {@link Finding} with a {@link Reason}; nothing throws for a bad file.
 */
public final class BinaryCheck {
    /** Libraries larger than this are refused rather than read into memory. */
    static final long MAX_SIZE = 1L << 30;
    private static final int MAX_SYMBOLS_NAMED = 8;

    private BinaryCheck() {}

    /** What a target's libraries must be: the ELF machine, class, byte order (and ABI check), PE machine or Mach-O cputype. */
    record Expectation(BinaryFormat format, int machine, int elfClass, ByteOrder byteOrder, String machineName) {}

    static Expectation expectation(Target target) {
        return switch (target.os()) {
            case LINUX -> switch (target.arch()) {
                case "x86_64" -> elf(ElfFile.EM_X86_64, ElfFile.ELFCLASS64, ByteOrder.LITTLE_ENDIAN);
                case "aarch_64" -> elf(ElfFile.EM_AARCH64, ElfFile.ELFCLASS64, ByteOrder.LITTLE_ENDIAN);
                case "ppcle_64" -> elf(ElfFile.EM_PPC64, ElfFile.ELFCLASS64, ByteOrder.LITTLE_ENDIAN);
                case "s390_64" -> elf(ElfFile.EM_S390, ElfFile.ELFCLASS64, ByteOrder.BIG_ENDIAN);
                case "arm_32" -> elf(ElfFile.EM_ARM, ElfFile.ELFCLASS32, ByteOrder.LITTLE_ENDIAN);
                default -> throw new IllegalArgumentException("no binary expectations for " + target);
            };
            case WINDOWS -> switch (target.arch()) {
                case "x86_64" -> new Expectation(BinaryFormat.PE, PeFile.IMAGE_FILE_MACHINE_AMD64, 0, null, "AMD64");
                case "aarch_64" -> new Expectation(BinaryFormat.PE, PeFile.IMAGE_FILE_MACHINE_ARM64, 0, null, "ARM64");
                default -> throw new IllegalArgumentException("no binary expectations for " + target);
            };
            case OSX -> switch (target.arch()) {
                case "x86_64" -> new Expectation(BinaryFormat.MACH_O, MachOFile.CPU_TYPE_X86_64, 0, null, "x86_64");
                case "aarch_64" -> new Expectation(BinaryFormat.MACH_O, MachOFile.CPU_TYPE_ARM64, 0, null, "arm64");
                default -> throw new IllegalArgumentException("no binary expectations for " + target);
            };
        };
    }

    private static Expectation elf(int machine, int elfClass, ByteOrder order) {
        return new Expectation(BinaryFormat.ELF, machine, elfClass, order, elfMachineName(machine));
    }

    public static CheckReport check(Path library, Target target) {
        return check(library, target, BinaryPolicy.defaults());
    }

    public static CheckReport check(Path library, Target target, BinaryPolicy policy) {
        byte[] data;
        try {
            long size = Files.size(library);
            if (size > MAX_SIZE) {
                return failed(library, target, BinaryFormat.UNKNOWN, Reason.UNREADABLE,
                        library + " is " + size + " bytes, more than the " + MAX_SIZE + " a native library may have");
            }
            data = Files.readAllBytes(library);
        } catch (IOException e) {
            return failed(library, target, BinaryFormat.UNKNOWN, Reason.UNREADABLE, "cannot read " + library + ": " + e);
        }
        return check(library, data, target, policy);
    }

    static CheckReport check(Path library, byte[] data, Target target, BinaryPolicy policy) {
        Expectation want = expectation(target);
        BinaryFormat found = ElfFile.hasMagic(data) ? BinaryFormat.ELF
                : PeFile.hasMagic(data) ? BinaryFormat.PE
                : MachOFile.hasMagic(data) ? BinaryFormat.MACH_O
                : BinaryFormat.UNKNOWN;
        if (found != want.format()) {
            String what = found == BinaryFormat.UNKNOWN
                    ? (data.length < 16 ? "a " + data.length + "-byte file" : "not a binary format forgeline knows")
                    : "a " + found + " file";
            Reason reason = data.length == 0 ? Reason.CORRUPT : Reason.WRONG_FORMAT;
            return failed(library, target, found, reason,
                    library.getFileName() + " is " + what + ", but " + target + " needs a " + want.format() + " "
                            + (want.format() == BinaryFormat.PE ? "DLL" : "shared library") + " for " + want.machineName());
        }
        try {
            return switch (found) {
                case ELF -> checkElf(library, ElfFile.parse(data), target, want, policy);
                case PE -> checkPe(library, PeFile.parse(data), target, want);
                default -> checkMachO(library, MachOFile.parse(data), target, want);
            };
        } catch (BinaryFormatException e) {
            return failed(library, target, found, Reason.CORRUPT, library.getFileName() + " is a damaged " + found + " file: " + e.getMessage());
        }
    }

    private static CheckReport failed(Path library, Target target, BinaryFormat format, Reason reason, String message) {
        return new CheckReport(library, target, format, "unknown", Optional.empty(), Map.of(), List.of(),
                List.of(Finding.of(reason, message)));
    }

    private static CheckReport checkElf(Path library, ElfFile elf, Target target, Expectation want, BinaryPolicy policy) {
        List<Finding> findings = new ArrayList<>();
        String name = library.getFileName().toString();
        String machine = elfMachineName(elf.machine()) + (elf.is64Bit() ? " 64-bit" : " 32-bit")
                + (elf.byteOrder() == ByteOrder.LITTLE_ENDIAN ? " LE" : " BE");
        if (elf.machine() != want.machine()) {
            findings.add(Finding.of(Reason.WRONG_MACHINE, name + " is built for " + elfMachineName(elf.machine())
                    + " (e_machine " + elf.machine() + "), but " + target + " needs " + want.machineName()
                    + " (e_machine " + want.machine() + ")"));
        } else {
            if (elf.elfClass() != want.elfClass()) {
                findings.add(Finding.of(Reason.WRONG_CLASS, name + " is a " + bits(elf.elfClass()) + " ELF, but "
                        + target + " needs " + bits(want.elfClass())));
            }
            if (!elf.byteOrder().equals(want.byteOrder())) {
                findings.add(Finding.of(Reason.WRONG_BYTE_ORDER, name + " is " + endian(elf.byteOrder()) + ", but "
                        + target + " is " + endian(want.byteOrder())));
            }
            abiFindings(name, elf, target).ifPresent(findings::add);
        }
        if (elf.type() != ElfFile.ET_DYN) {
            findings.add(Finding.of(Reason.NOT_A_LIBRARY, name + " is an ELF " + elfTypeName(elf.type())
                    + ", not a shared library (ET_DYN)"));
        }

        Map<String, SortedSet<String>> glibc = new TreeMap<>();
        GlibcVersion highest = null;
        for (ElfFile.VersionNeed need : elf.versionNeeds()) {
            Optional<GlibcVersion> v = GlibcVersion.fromSymbolVersion(need.version());
            if (v.isEmpty()) {
                continue;
            }
            glibc.put(need.version(), elf.symbolsByVersion().getOrDefault(need.version(), new java.util.TreeSet<>()));
            if (highest == null || v.get().isNewerThan(highest)) {
                highest = v.get();
            }
        }
        glibc.entrySet().stream()
                .filter(e -> GlibcVersion.fromSymbolVersion(e.getKey()).orElseThrow().isNewerThan(policy.maxGlibc()))
                .sorted(Comparator.comparing((Map.Entry<String, SortedSet<String>> e) ->
                        GlibcVersion.fromSymbolVersion(e.getKey()).orElseThrow()).reversed())
                .forEach(e -> findings.add(new Finding(Reason.GLIBC_TOO_NEW,
                        name + " requires " + e.getKey() + symbolList(e.getValue()) + " but the policy allows at most "
                                + policy.maxGlibc(), List.copyOf(e.getValue()))));
        for (String needed : elf.needed()) {
            if (!policy.allowsNeeded(needed)) {
                findings.add(new Finding(Reason.DISALLOWED_NEEDED, name + " needs " + needed
                        + " (DT_NEEDED), which is not in the policy's allow-list " + policy.allowedNeeded()
                        + ": it may be missing on the user's system", List.of(needed)));
            }
        }
        return new CheckReport(library, target, BinaryFormat.ELF, machine, Optional.ofNullable(highest), glibc,
                elf.needed(), findings);
    }

    private static Optional<Finding> abiFindings(String name, ElfFile elf, Target target) {
        if (elf.machine() == ElfFile.EM_PPC64) {
            long abi = elf.flags() & ElfFile.EF_PPC64_ABI;
            if (abi != 2) {
                return Optional.of(Finding.of(Reason.WRONG_ABI, name + " uses the " + (abi == 1 ? "ELFv1" : "unspecified")
                        + " PowerPC 64 ABI (e_flags " + abi + "), but " + target + " needs ELFv2 (e_flags 2)"));
            }
        } else if (elf.machine() == ElfFile.EM_ARM) {
            long eabi = elf.flags() & ElfFile.EF_ARM_EABIMASK;
            if (eabi != ElfFile.EF_ARM_EABI_VER5) {
                return Optional.of(Finding.of(Reason.WRONG_ABI, name + " is built for ARM EABI version " + (eabi >>> 24)
                        + ", but " + target + " needs EABI5"));
            }
            if ((elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_HARD) == 0) {
                return Optional.of(Finding.of(Reason.WRONG_ABI, name + " uses the soft-float ARM calling convention, but "
                        + target + " (" + target.rustTriple() + ") needs hard-float (EF_ARM_ABI_FLOAT_HARD)"));
            }
        }
        return Optional.empty();
    }

    private static String symbolList(SortedSet<String> symbols) {
        if (symbols.isEmpty()) {
            return "";
        }
        String shown = symbols.stream().limit(MAX_SYMBOLS_NAMED).collect(Collectors.joining(", "));
        int more = symbols.size() - MAX_SYMBOLS_NAMED;
        return " (" + shown + (more > 0 ? " and " + more + " more" : "") + ")";
    }

    private static CheckReport checkPe(Path library, PeFile pe, Target target, Expectation want) {
        List<Finding> findings = new ArrayList<>();
        String name = library.getFileName().toString();
        if (pe.machine() != want.machine()) {
            findings.add(Finding.of(Reason.WRONG_MACHINE, name + " is built for " + PeFile.machineName(pe.machine())
                    + ", but " + target + " needs " + want.machineName()));
        }
        if (!pe.isDll()) {
            findings.add(Finding.of(Reason.NOT_A_LIBRARY, name + " is a PE executable, not a DLL (IMAGE_FILE_DLL is not set)"));
        }
        return new CheckReport(library, target, BinaryFormat.PE, PeFile.machineName(pe.machine()), Optional.empty(),
                Map.of(), List.of(), findings);
    }

    private static CheckReport checkMachO(Path library, MachOFile macho, Target target, Expectation want) {
        List<Finding> findings = new ArrayList<>();
        String name = library.getFileName().toString();
        String cpus = macho.slices().stream().map(MachOFile.Slice::cpuName).collect(Collectors.joining(", "));
        Optional<MachOFile.Slice> slice = macho.slices().stream().filter(s -> s.cpuType() == want.machine()).findFirst();
        if (slice.isEmpty()) {
            findings.add(Finding.of(Reason.WRONG_MACHINE, name + (macho.universal() ? " is a universal binary with " : " is built for ")
                    + cpus + (macho.universal() ? " but no " + want.machineName() + " slice" : "") + ", but " + target
                    + " needs " + want.machineName()));
        } else if (!slice.get().isLibrary()) {
            findings.add(Finding.of(Reason.NOT_A_LIBRARY, name + "'s " + want.machineName()
                    + " slice is a Mach-O of file type " + slice.get().fileType() + ", not a dylib or bundle"));
        }
        return new CheckReport(library, target, macho.universal() ? BinaryFormat.MACH_O_UNIVERSAL : BinaryFormat.MACH_O,
                cpus, Optional.empty(), Map.of(), List.of(), findings);
    }

    static String elfMachineName(int machine) {
        return switch (machine) {
            case ElfFile.EM_X86_64 -> "x86-64";
            case ElfFile.EM_AARCH64 -> "AArch64";
            case ElfFile.EM_PPC64 -> "PowerPC64";
            case ElfFile.EM_PPC -> "PowerPC";
            case ElfFile.EM_S390 -> "IBM S/390";
            case ElfFile.EM_ARM -> "ARM";
            case ElfFile.EM_386 -> "Intel 80386";
            case ElfFile.EM_RISCV -> "RISC-V";
            default -> "machine " + machine;
        };
    }

    private static String elfTypeName(int type) {
        return switch (type) {
            case 1 -> "relocatable object (ET_REL)";
            case ElfFile.ET_EXEC -> "executable (ET_EXEC)";
            case 4 -> "core dump (ET_CORE)";
            default -> "file of type " + type;
        };
    }

    private static String bits(int elfClass) {
        return elfClass == ElfFile.ELFCLASS64 ? "64-bit" : "32-bit";
    }

    private static String endian(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }
}
