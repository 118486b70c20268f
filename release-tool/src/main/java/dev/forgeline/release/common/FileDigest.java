package dev.forgeline.release.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file's content, hashed once: the SHA-256 state after its last byte. Every signer works from this value, so a
 * file is read and hashed once however many signatures it gets: Sigstore signs the finished digest, PGP continues
 * the state with its signature trailer ({@link #continueSha256()}). The file is streamed, never held whole.
 *
 * <p>Speed: the SHA-256 itself runs in HotSpot's intrinsic (SHA-NI where the CPU has it, on Java 17 already), as fast
 * as OpenSSL's; what is left per file is the read. Release files are often small, so each thread keeps one 64 KiB
 * read buffer: a fresh buffer per file costs its zeroing and, worse, pushes the hashed bytes out of the CPU cache
 * (about 12% of the time per 64 KiB file; {@code bench/sign-verify.sh} measures it against {@code openssl dgst}).
 */
public final class FileDigest {

    private final MessageDigest stateAfterContent;
    private final long size;
    private final byte[] sha256;

    private FileDigest(MessageDigest stateAfterContent, long size) {
        this.stateAfterContent = stateAfterContent;
        this.size = size;
        this.sha256 = copy(stateAfterContent).digest();
    }

    public static FileDigest of(Path file) throws IOException {
        byte[] buffer = ReadBuffers.borrow();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = newSha256();
            ByteBuffer window = ByteBuffer.wrap(buffer);
            long size = 0;
            int read;
            while ((read = channel.read(window.clear())) != -1) {
                digest.update(buffer, 0, read);
                size += read;
            }
            return new FileDigest(digest, size);
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    /** Of what the stream yields until its end; the stream is not closed. */
    public static FileDigest of(InputStream in) throws IOException {
        byte[] buffer = ReadBuffers.borrow();
        try {
            MessageDigest digest = newSha256();
            long size = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
                size += read;
            }
            return new FileDigest(digest, size);
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    public static FileDigest of(byte[] content) {
        MessageDigest digest = newSha256();
        digest.update(content);
        return new FileDigest(digest, content.length);
    }

    public long size() {
        return size;
    }

    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** A fresh SHA-256 whose state is "the content has been hashed": update it with a trailer, then finish it. */
    public MessageDigest continueSha256() {
        return copy(stateAfterContent);
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 JVM has SHA-256", e);
        }
    }
}
