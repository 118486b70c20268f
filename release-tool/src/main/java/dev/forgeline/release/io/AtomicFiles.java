package dev.forgeline.release.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** Small files written whole or not at all, and left alone when they already hold the bytes. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code file} through a temporary sibling and an atomic rename, unless the file already
     * holds exactly these bytes (a deterministic signature or index made again on a rerun): then it is left alone.
     * Reading a small file costs a fraction of writing a temporary file and renaming it over the old one, which on ext4
     * also starts the new file's writeback.
     *
     * @return whether the file was written
     */
    public static boolean writeIfChanged(Path file, byte[] content) throws IOException {
        if (holds(file, content)) {
            return false;
        }
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".write-", ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    private static boolean holds(Path file, byte[] content) {
        try {
            return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false; // absent or unreadable: written anew
        }
    }
}
