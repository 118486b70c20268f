package dev.forgeline.release.check;

import java.nio.ByteOrder;

/** The COFF header of a PE image: machine type and characteristics (DLL or not), and PE32 vs PE32+. */
public record PeFile(int machine, int characteristics, int optionalHeaderMagic) {
    public static final int IMAGE_FILE_MACHINE_I386 = 0x14c;
    public static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;
    public static final int IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
    public static final int IMAGE_FILE_DLL = 0x2000;
    public static final int PE32 = 0x10b;
    public static final int PE32_PLUS = 0x20b;

    public boolean isDll() {
        return (characteristics & IMAGE_FILE_DLL) != 0;
    }

    public static boolean hasMagic(byte[] data) {
        return data.length >= 2 && data[0] == 'M' && data[1] == 'Z';
    }

    public static PeFile parse(byte[] data) throws BinaryFormatException {
        if (!hasMagic(data)) {
            throw new BinaryFormatException("not a PE file (no MZ magic)");
        }
        ByteReader r = new ByteReader(data, ByteOrder.LITTLE_ENDIAN);
        long peOffset = r.u32(0x3c, "e_lfanew");
        r.require(peOffset, 24, "PE signature and COFF header");
        if (r.u32(peOffset, "PE signature") != 0x00004550L) {
            throw new BinaryFormatException("no PE\\0\\0 signature at offset " + peOffset + " (an MS-DOS executable?)");
        }
        int machine = r.u16(peOffset + 4, "Machine");
        int sizeOfOptionalHeader = r.u16(peOffset + 20, "SizeOfOptionalHeader");
        int characteristics = r.u16(peOffset + 22, "Characteristics");
        int magic = sizeOfOptionalHeader >= 2 ? r.u16(peOffset + 24, "optional header magic") : 0;
        return new PeFile(machine, characteristics, magic);
    }

    public static String machineName(int machine) {
        return switch (machine) {
            case IMAGE_FILE_MACHINE_AMD64 -> "AMD64";
            case IMAGE_FILE_MACHINE_I386 -> "I386";
            case IMAGE_FILE_MACHINE_ARM64 -> "ARM64";
            default -> String.format("0x%04x", machine);
        };
    }
}
