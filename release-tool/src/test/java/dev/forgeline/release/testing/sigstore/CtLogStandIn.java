package dev.forgeline.release.testing.sigstore;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;

/**
 * A stand-in for the certificate transparency log Fulcio submits its precertificates to: its key signs RFC 6962
 * signed certificate timestamps (SCT v1, precert entries) that the {@link FulcioStandIn} embeds in each certificate.
 * The log itself (its tree and HTTP API) is not modelled: a Sigstore verifier only checks the SCT's signature.
 */
public final class CtLogStandIn {
    private final KeyPair key = StandInKeys.p256();
    private final Instant validFrom = Instant.now().minusSeconds(86_400);

    public PublicKey publicKey() {
        return key.getPublic();
    }

    public byte[] logId() {
        return StandInKeys.logId(key.getPublic());
    }

    public Instant validFrom() {
        return validFrom;
    }

    /**
     * One serialized SCT (RFC 6962 3.2) over a precertificate: the issuer's key hash and the TBS certificate without
     * the SCT extension.
     */
    byte[] sct(byte[] issuerKeyHash, byte[] precertTbs, Instant timestamp) throws IOException {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(signed);
        data.writeByte(0); // sct_version v1
        data.writeByte(0); // signature_type certificate_timestamp
        data.writeLong(timestamp.toEpochMilli());
        data.writeShort(1); // entry_type precert_entry
        data.write(issuerKeyHash);
        writeUint24(data, precertTbs.length);
        data.write(precertTbs);
        data.writeShort(0); // no extensions
        byte[] signature = StandInKeys.sign(key.getPrivate(), signed.toByteArray());

        ByteArrayOutputStream sct = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(sct);
        out.writeByte(0);
        out.write(logId());
        out.writeLong(timestamp.toEpochMilli());
        out.writeShort(0);
        out.writeByte(4); // hash sha256
        out.writeByte(3); // signature ecdsa
        out.writeShort(signature.length);
        out.write(signature);
        return sct.toByteArray();
    }

    /** A SignedCertificateTimestampList (RFC 6962 3.3) of the given SCTs. */
    static byte[] list(byte[]... scts) throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(inner);
        for (byte[] sct : scts) {
            out.writeShort(sct.length);
            out.write(sct);
        }
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        new DataOutputStream(list).writeShort(inner.size());
        list.write(inner.toByteArray());
        return list.toByteArray();
    }

    private static void writeUint24(DataOutputStream out, int value) throws IOException {
        out.writeByte(value >>> 16);
        out.writeByte(value >>> 8);
        out.writeByte(value);
    }
}
