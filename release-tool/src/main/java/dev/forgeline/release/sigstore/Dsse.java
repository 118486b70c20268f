package dev.forgeline.release.sigstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The DSSE (Dead Simple Signing Envelope) v1 pre-authentication encoding, which is what a DSSE signature signs. */
public final class Dsse {
    public static final String IN_TOTO_PAYLOAD_TYPE = dev.forgeline.release.common.InTotoProvenance.PAYLOAD_TYPE;

    private Dsse() {}

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths as ASCII decimal byte counts. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
