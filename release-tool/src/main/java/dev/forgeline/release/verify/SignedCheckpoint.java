package dev.forgeline.release.verify;

import dev.forgeline.release.sigstore.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A log checkpoint in the signed note format (transparency-dev): the note ({@code origin\nsize\nbase64 root\n}, maybe
 * more lines), a blank line, and signature lines {@code — NAME base64(4-byte key hint || signature)}. The key hint is
 * the first four bytes of the log id; a signature counts only when a trusted log with that hint verifies it.
 */
record SignedCheckpoint(String note, long treeSize, byte[] rootHash, List<Line> signatures) {
    record Line(String name, byte[] keyHint, byte[] signature) {}

    /** Empty when the text is not a checkpoint (no separator, no size and root, no signature line). */
    static Optional<SignedCheckpoint> parse(String envelope) {
        int split = envelope.indexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String note = envelope.substring(0, split + 1);
        String[] lines = note.split("\n");
        if (lines.length < 3) {
            return Optional.empty();
        }
        long size;
        byte[] root;
        try {
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<Line> signatures = new ArrayList<>();
        for (String line : envelope.substring(split + 2).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[0].equals("\u2014")) {
                continue;
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(parts[2]);
                if (bytes.length > 4) {
                    signatures.add(new Line(parts[1], Arrays.copyOf(bytes, 4), Arrays.copyOfRange(bytes, 4, bytes.length)));
                }
            } catch (IllegalArgumentException e) {
                // not a signature line
            }
        }
        return signatures.isEmpty() ? Optional.empty() : Optional.of(new SignedCheckpoint(note, size, root, signatures));
    }

    /** Whether a trusted log (by key hint and the signature) signed this note. */
    boolean signedBy(List<TrustedRoot.Log> logs) {
        return signedBy(logs, null);
    }

    /** As {@link #signedBy(List)}, EC keys through {@code prepared} (null: the JCA). */
    boolean signedBy(List<TrustedRoot.Log> logs, SigstoreSignatures prepared) {
        byte[] data = note.getBytes(StandardCharsets.UTF_8);
        for (Line line : signatures) {
            for (TrustedRoot.Log log : logs) {
                if (Arrays.equals(Arrays.copyOf(log.logId(), 4), line.keyHint()) && verifies(log, data, line.signature(), prepared)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean verifies(TrustedRoot.Log log, byte[] data, byte[] signature) {
        return verifies(log, data, signature, null);
    }

    /**
     * Whether the log's key signed {@code data}; an EC key through {@code prepared} when given (its point prepared once
     * for every entry and checkpoint of the log), else the JCA.
     */
    static boolean verifies(TrustedRoot.Log log, byte[] data, byte[] signature, SigstoreSignatures prepared) {
        try {
            if (prepared != null && log.publicKey().getAlgorithm().equals("EC")) {
                return prepared.verify("log " + java.util.HexFormat.of().formatHex(log.logId()), log.publicKey(),
                        java.security.MessageDigest.getInstance("SHA-256").digest(data), signature);
            }
            Signature verifier = Signature.getInstance(log.publicKey().getAlgorithm().equals("EC") ? "SHA256withECDSA"
                    : log.publicKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519");
            verifier.initVerify(log.publicKey());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
