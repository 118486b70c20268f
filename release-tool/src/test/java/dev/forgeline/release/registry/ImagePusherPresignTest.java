package dev.forgeline.release.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.sigstore.Dsse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ImagePusher#presign}: everything the second half of a push signs is signed before it starts, with the very
 * signatures the key gives, so that no signing is left for after the blobs.
 */
class ImagePusherPresignTest {
    private static final String INDEX = "sha256:" + "ab".repeat(32);

    private final ImagePusher pusher = new ImagePusher(new RegistryClient(
            ImageReference.parse("127.0.0.1:5000/forgeline/gateway:1.0.0", "test"), RegistryCredentials.none()),
            line -> { });
    private final AtomicInteger signings = new AtomicInteger();
    /** A stand-in key: deterministic, and it counts what it signs. */
    private final PayloadSigner key = message -> {
        signings.incrementAndGet();
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    };

    @Test
    void presign_signsThePayloadAndEveryEnvelopeOnce_andAnswersWithTheKeysSignatures() throws Exception {
        ImageAttestation sbom = ImageAttestation.of("forgeline/gateway", List.of(INDEX), ImageAttestation.SBOM,
                new ObjectMapper().readTree("{\"bomFormat\":\"CycloneDX\"}"));
        ImagePusher.Attestations attestations = new ImagePusher.Attestations("key-hint", List.of(sbom));
        PayloadSigner presigned = pusher.presign(INDEX, key, attestations);
        assertEquals(3, signings.get(), "the simple-signing payload, the SBOM's envelope, the bundle-form signature's");

        byte[] payload = CosignSignature.payload("127.0.0.1:5000/forgeline/gateway", INDEX);
        byte[] sbomPae = Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, sbom.statement());
        byte[] signaturePae = Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE,
                ImageAttestation.signature("127.0.0.1:5000/forgeline/gateway", INDEX).statement());
        for (byte[] message : List.of(payload, sbomPae, signaturePae)) {
            assertArrayEquals(key.sign(message), presigned.sign(message));
        }
        assertEquals(3 + 3, signings.get(), "presigned messages are not signed again (only the test's own calls)");

        byte[] other = "another message".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key.sign(other), presigned.sign(other), "an unknown message is signed when asked");
        assertEquals(3 + 3 + 2, signings.get());
    }

    @Test
    void presign_withoutAttestations_signsThePayloadAlone() {
        pusher.presign(INDEX, key, ImagePusher.Attestations.NONE);
        assertEquals(1, signings.get());
    }
}
