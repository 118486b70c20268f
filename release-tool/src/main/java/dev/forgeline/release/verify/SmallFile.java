package dev.forgeline.release.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A small untrusted file (a signature, a bundle, a checksum file, an index) read whole only when it is within its
 * bound: the size is checked first, and at most {@code limit + 1} bytes are read anyway, so a file that grows while
 * it is read (or a device that reports size 0) cannot make verify hold more.
 */
record SmallFile(Status status, byte[] bytes, long size) {
    enum Status { ABSENT, TOO_LARGE, UNREADABLE, READ }

    static SmallFile read(Path file, long limit) {
        try {
            if (!Files.isRegularFile(file)) {
                return Files.exists(file) ? new SmallFile(Status.UNREADABLE, null, -1) : absent();
            }
            long size = Files.size(file);
            if (size > limit) {
                return new SmallFile(Status.TOO_LARGE, null, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) limit + 1);
                if (bytes.length > limit) {
                    return new SmallFile(Status.TOO_LARGE, null, Math.max(size, bytes.length));
                }
                return new SmallFile(Status.READ, bytes, bytes.length);
            }
        } catch (NoSuchFileException e) {
            return absent();
        } catch (IOException e) {
            return new SmallFile(Status.UNREADABLE, null, -1);
        }
    }

    private static SmallFile absent() {
        return new SmallFile(Status.ABSENT, null, -1);
    }

    /** {@code (1073741824 bytes, more than the 65536 verify reads)}. */
    String tooLargeDetail(long limit) {
        return "(" + size + " bytes, more than the " + limit + " verify reads; not read)";
    }
}
