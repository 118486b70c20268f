package dev.forgeline.release.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleJsonTest {
    private static final byte[] DIGEST = new byte[32];
    private static final byte[] SIGNATURE = {0x30, 1, 2, 3};
    private static final TlogEntry ENTRY = new TlogEntry(7, new byte[] {9, 9}, "dsse", "0.0.1", 1700000000L,
            new byte[] {5}, new TlogEntry.InclusionProof(7, new byte[] {1, 2}, 8, List.of(new byte[] {3}), "note\n"),
            new byte[] {4});

    @Test
    void toJson_publicKeyBundle_materialThenMessageSignatureInProtobufSpecsOrder() {
        String json = new SigstoreBundle(SigstoreBundle.MEDIA_TYPE_V03, "hint", SigstoreBundle.HashAlgorithm.SHA2_256,
                DIGEST, SIGNATURE).toJson();
        assertEquals("""
                {
                  "mediaType" : "application/vnd.dev.sigstore.bundle.v0.3+json",
                  "verificationMaterial" : {
                    "publicKey" : {
                      "hint" : "hint"
                    },
                    "tlogEntries" : [ ],
                    "timestampVerificationData" : {
                      "rfc3161Timestamps" : [ ]
                    }
                  },
                  "messageSignature" : {
                    "messageDigest" : {
                      "algorithm" : "SHA2_256",
                      "digest" : "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
                    },
                    "signature" : "MAECAw=="
                  }
                }
                """, json);
    }

    @Test
    void toJson_eachKindOfBundle_readsBackAsTheSameBundle() throws Exception {
        SigstoreBundle keyed = new SigstoreBundle(SigstoreBundle.MEDIA_TYPE_V03, "hint",
                SigstoreBundle.HashAlgorithm.SHA2_256, DIGEST, SIGNATURE);
        assertEquals(keyed, SigstoreBundle.parse(keyed.toJson().getBytes(StandardCharsets.UTF_8)));
        KeylessBundle keyless = new KeylessBundle(SigstoreBundle.MEDIA_TYPE_V03, new byte[] {1, 2, 3},
                SigstoreBundle.HashAlgorithm.SHA2_256, DIGEST, SIGNATURE, ENTRY);
        assertEquals(keyless, KeylessBundle.parse(keyless.toJson().getBytes(StandardCharsets.UTF_8)));
        DsseBundle dsseKeyed = new DsseBundle("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8),
                "hint", SIGNATURE);
        DsseBundle dsseKeyless = new DsseBundle("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8),
                "", SIGNATURE, new byte[] {1, 2}, ENTRY);
        for (DsseBundle b : List.of(dsseKeyed, dsseKeyless)) {
            DsseBundle read = DsseBundle.parse(b.bundleJson());
            assertTrue(b.sameEnvelope(read));
            assertEquals(b.keyless(), read.keyless());
        }
    }
}
