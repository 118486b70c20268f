package dev.forgeline.nativecore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A content-addressed directory of extracted libraries: {@code <root>/<sha256>/<file>}.
 *
 * <p>Several JVMs may extract the same library at the same moment. Each writes its own temporary file
 * in the target directory, forces it to disk and renames it over the target atomically, so a reader
 * sees either no file or a complete one, never a partial one. A file already there is reused only if
 * its digest is right; a corrupted or truncated one is replaced.
 */
final class NativeCache {
    /** System property naming the cache root. */
    static final String CACHE_PROPERTY = "forgeline.native.cache";

    private static final HexFormat HEX = HexFormat.of();

    private final Path root;
    private final boolean privateToUser;

    NativeCache(Path root) {
        this(root, false);
    }

    /**
     * @param privateToUser for a root in a shared directory such as {@code /tmp}: create it readable by
     *     this user only, and refuse it when someone else owns it
     */
    NativeCache(Path root, boolean privateToUser) {
        this.root = Objects.requireNonNull(root, "root");
        this.privateToUser = privateToUser;
    }

    Path root() {
        return root;
    }

    /**
     * The roots to try, in order: {@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/forgeline/native},
     * else {@code ~/.cache/forgeline/native}; then a per-user directory under {@code java.io.tmpdir}
     * for when the first is not writable.
     */
    static List<NativeCache> candidates(UnaryOperator<String> systemProperty, UnaryOperator<String> env) {
        List<NativeCache> roots = new ArrayList<>(2);
        String configured = systemProperty.apply(CACHE_PROPERTY);
        String xdg = env.apply("XDG_CACHE_HOME");
        String home = systemProperty.apply("user.home");
        if (configured != null && !configured.isBlank()) {
            roots.add(new NativeCache(Path.of(configured)));
        } else if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            // The XDG base directory spec says a relative value is invalid and must be ignored.
            roots.add(new NativeCache(Path.of(xdg, "forgeline", "native")));
        } else if (home != null && !home.isBlank() && !"?".equals(home)) {
            roots.add(new NativeCache(Path.of(home, ".cache", "forgeline", "native")));
        }
        String tmp = systemProperty.apply("java.io.tmpdir");
        if (tmp != null && !tmp.isBlank()) {
            String user = systemProperty.apply("user.name");
            String suffix = user == null ? "" : "-" + user.replaceAll("[^A-Za-z0-9._-]", "_");
            roots.add(new NativeCache(Path.of(tmp, "forgeline" + suffix, "native"), true));
        }
        return List.copyOf(roots);
    }

    /** Where a library with this digest and file name lives in this cache. */
    Path pathFor(String sha256, String fileName) {
        return root.resolve(sha256).resolve(fileName);
    }

    /**
     * Makes {@code <root>/<sha256>/<fileName>} hold exactly {@code content} and returns it. The caller
     * has checked that {@code content} hashes to {@code sha256}.
     */
    Path install(String sha256, String fileName, byte[] content) throws IOException {
        Path target = pathFor(sha256, fileName);
        if (hasDigest(target, sha256)) {
            return target;
        }
        Path dir = target.getParent();
        if (privateToUser) {
            preparePrivateRoot();
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + fileName + "." + ProcessHandle.current().pid() + "."
                + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            makeReadableAndExecutable(tmp);
            try {
                // POSIX rename replaces a corrupted file in one step; a concurrent winner wrote the same bytes.
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // Windows refuses to replace a library another process has loaded: that one is complete.
                if (!hasDigest(target, sha256)) {
                    throw e;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
        return target;
    }

    private void preparePrivateRoot() throws IOException {
        Path top = root.getParent() != null ? root.getParent() : root;
        if (!Files.isDirectory(top)) {
            try {
                Files.createDirectories(top, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(top);
            }
        }
        String me = System.getProperty("user.name");
        String owner;
        try {
            owner = Files.getOwner(top).getName();
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (me != null && !owner.equals(me) && !owner.endsWith("\\" + me)) {
            throw new IOException(top + " belongs to " + owner + ", not to " + me + "; not using it");
        }
    }

    /** Whether {@code file} is a regular file whose SHA-256 is {@code sha256}. */
    static boolean hasDigest(Path file, String sha256) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return sha256(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = newDigest();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
            return HEX.formatHex(md.digest());
        }
    }

    static String sha256(byte[] content) {
        return HEX.formatHex(newDigest().digest(content));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void makeReadableAndExecutable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the defaults do.
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable on POSIX; Windows cannot open a directory as a channel.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort only.
        }
    }
}
