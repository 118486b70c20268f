package dev.forgeline.release.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds one regular file in an uncompressed tar stream (ustar headers, with a PAX {@code path} record for long
 * names), which is what the release's image layers are: enough to read a jar out of a layer without unpacking it.
 */
final class TarEntries {
    private static final int BLOCK = 512;

    private TarEntries() {}

    /** The bytes of the regular file at {@code path} (no leading slash; {@code ./} ignored), at most {@code max}. */
    static Optional<byte[]> read(InputStream tar, String path, long max) throws IOException {
        String paxPath = null;
        while (true) {
            byte[] header = tar.readNBytes(BLOCK);
            if (header.length < BLOCK || allZero(header)) {
                return Optional.empty();
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String name = paxPath != null ? paxPath : name(header);
            paxPath = null;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'x') {
                paxPath = paxRecord(new String(tar.readNBytes((int) Math.min(padded, 1 << 20)), StandardCharsets.UTF_8));
                continue;
            }
            if ((type == '0' || type == 0) && normalize(name).equals(path)) {
                if (size > max) {
                    throw new IOException(path + " in the layer is " + size + " bytes, more than " + max);
                }
                byte[] bytes = tar.readNBytes((int) size);
                return Optional.of(bytes);
            }
            tar.skipNBytes(padded);
        }
    }

    private static String normalize(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        return n.startsWith("/") ? n.substring(1) : n;
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxRecord(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String text = field(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar header (size " + text + ")");
        }
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
