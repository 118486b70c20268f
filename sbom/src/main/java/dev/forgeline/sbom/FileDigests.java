package dev.forgeline.sbom;

import dev.forgeline.sbom.SbomException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and SHA-512 of a file in one streamed pass; hex is lower-case. */
record FileDigests(String sha256, String sha512) {

    private static final int BUFFER = 64 * 1024;

    static FileDigests of(Path file) throws SbomException {
        if (Files.isDirectory(file)) {
            throw SbomException.of(Reason.MALFORMED_INPUT, file,
                    "is a directory, not an artifact file",
                    "a reactor module resolves to its classes directory until it is packaged: run the "
                            + "package phase first");
        }
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw SbomException.of(Reason.IO, file, "the artifact file does not exist",
                    "resolve the artifact (or package the module) before building the SBOM");
        } catch (IOException e) {
            throw SbomException.io(file, "read the artifact file", e);
        }
        return new FileDigests(hex(sha256.digest()), hex(sha512.digest()));
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
