package dev.forgeline.release.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Streaming hex digests: MD5, SHA-1, SHA-256 and SHA-512 of a file in one pass, reading a buffer at a time (a
 * file is never held in memory whole). Hex is lower case, as in Maven repository checksum files and
 * {@code sha256sum}.
 *
 * <p>The digests run in HotSpot's intrinsics (SHA-NI for SHA-1 and SHA-256 where the CPU has it); each thread keeps
 * one 64 KiB read buffer, as {@code FileDigest} does: a fresh buffer per file costs more than hashing a small file's
 * last block.
 */
public final class Checksums {


    /** The algorithms of a Maven repository's checksum files, with their JCA name and file suffix. */
    public enum Algorithm {
        MD5("MD5", "md5", 32),
        SHA1("SHA-1", "sha1", 40),
        SHA256("SHA-256", "sha256", 64),
        SHA512("SHA-512", "sha512", 128);

        private final String jcaName;
        private final String fileExtension;
        private final int hexLength;

        Algorithm(String jcaName, String fileExtension, int hexLength) {
            this.jcaName = jcaName;
            this.fileExtension = fileExtension;
            this.hexLength = hexLength;
        }

        /** Name for {@link MessageDigest#getInstance(String)} and for maven-resolver's configuration. */
        public String jcaName() {
            return jcaName;
        }

        /** Suffix of the checksum file, without the dot: {@code sha256} for {@code x.jar.sha256}. */
        public String fileExtension() {
            return fileExtension;
        }

        /** Number of hex characters of a digest. */
        public int hexLength() {
            return hexLength;
        }

        /** The checksum file next to {@code file}. */
        public Path sidecarOf(Path file) {
            return file.resolveSibling(file.getFileName() + "." + fileExtension);
        }

        public MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("This JVM has no " + jcaName + " digest; every Java 17 JVM must", e);
            }
        }
    }

    /** The four digests of one content, lower-case hex, and its size in bytes. */
    public record Digests(long size, String md5, String sha1, String sha256, String sha512) {
        private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

        public Digests {
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0: " + size);
            }
            checkHex(Algorithm.MD5, md5);
            checkHex(Algorithm.SHA1, sha1);
            checkHex(Algorithm.SHA256, sha256);
            checkHex(Algorithm.SHA512, sha512);
        }

        public String get(Algorithm algorithm) {
            return switch (algorithm) {
                case MD5 -> md5;
                case SHA1 -> sha1;
                case SHA256 -> sha256;
                case SHA512 -> sha512;
            };
        }

        private static void checkHex(Algorithm algorithm, String hex) {
            Objects.requireNonNull(hex, algorithm.jcaName());
            if (hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException(
                        "Not a lower-case hex " + algorithm.jcaName() + " digest: '" + hex + "'");
            }
        }
    }

    private Checksums() {}

    /** All four digests of the file, in one pass. */
    public static Digests of(Path file) throws IOException {
        byte[] buffer = ReadBuffers.borrow();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<Algorithm, MessageDigest> digests = newDigests();
            ByteBuffer window = ByteBuffer.wrap(buffer);
            long size = 0;
            int read;
            while ((read = channel.read(window.clear())) != -1) {
                size += read;
                update(digests, buffer, read);
            }
            return finish(digests, size);
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    /** All four digests of what the stream yields until its end; the stream is not closed. */
    public static Digests of(InputStream in) throws IOException {
        byte[] buffer = ReadBuffers.borrow();
        try {
            Map<Algorithm, MessageDigest> digests = newDigests();
            long size = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                size += read;
                update(digests, buffer, read);
            }
            return finish(digests, size);
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    private static Map<Algorithm, MessageDigest> newDigests() {
        Map<Algorithm, MessageDigest> digests = new EnumMap<>(Algorithm.class);
        for (Algorithm algorithm : Algorithm.values()) {
            digests.put(algorithm, algorithm.newDigest());
        }
        return digests;
    }

    private static void update(Map<Algorithm, MessageDigest> digests, byte[] buffer, int length) {
        for (MessageDigest digest : digests.values()) {
            digest.update(buffer, 0, length);
        }
    }

    private static Digests finish(Map<Algorithm, MessageDigest> digests, long size) {
        HexFormat hex = HexFormat.of();
        return new Digests(
                size,
                hex.formatHex(digests.get(Algorithm.MD5).digest()),
                hex.formatHex(digests.get(Algorithm.SHA1).digest()),
                hex.formatHex(digests.get(Algorithm.SHA256).digest()),
                hex.formatHex(digests.get(Algorithm.SHA512).digest()));
    }

    /** The SHA-256 of the file (one streaming pass). */
    public static String sha256(Path file) throws IOException {
        return digest(file, Algorithm.SHA256);
    }

    /** One digest of the file (one streaming pass). */
    public static String digest(Path file, Algorithm algorithm) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = ReadBuffers.borrow();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer window = ByteBuffer.wrap(buffer);
            int read;
            while ((read = channel.read(window.clear())) != -1) {
                digest.update(buffer, 0, read);
            }
        } finally {
            ReadBuffers.giveBack(buffer);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of a byte array (small in-memory content such as a manifest). */
    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(Algorithm.SHA256.newDigest().digest(content));
    }

    /**
     * The digest written in a checksum file: its first whitespace-separated token, lower-cased, so both the bare
     * form Maven writes and the {@code <hex>  <name>} form of {@code sha256sum} are read.
     *
     * @return the hex digest, or an empty string when the file is empty
     */
    public static String readChecksumFile(Path checksumFile) throws IOException {
        String content = Files.readString(checksumFile).trim();
        int space = indexOfWhitespace(content);
        return (space < 0 ? content : content.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
