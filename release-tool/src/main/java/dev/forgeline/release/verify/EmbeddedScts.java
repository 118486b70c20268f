package dev.forgeline.release.verify;

import dev.forgeline.release.sigstore.TrustedRoot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * The signed certificate timestamps embedded in a Fulcio certificate (RFC 6962 3.3, extension
 * 1.3.6.1.4.1.11129.2.4.2), each checked against the trusted CT logs: its signature covers the precertificate, which is
 * the issuer's key hash and the certificate's TBS without the SCT extension.
 */
final class EmbeddedScts {
    static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    /** What the certificate's SCTs amount to. */
    enum Outcome { VERIFIED, MISSING, INVALID }

    private EmbeddedScts() {}

    /** VERIFIED when at least one SCT verifies with a trusted CT log valid at its time, and none fails. */
    static Outcome check(X509Certificate leaf, X509Certificate issuer, List<TrustedRoot.Log> ctlogs) {
        byte[] extension = leaf.getExtensionValue(SCT_LIST.getId());
        if (extension == null) {
            return Outcome.MISSING;
        }
        try {
            byte[] list = ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
            byte[] precert = precertificate(leaf, issuer);
            ByteBuffer in = ByteBuffer.wrap(list);
            int total = in.getShort() & 0xffff;
            if (total != in.remaining()) {
                return Outcome.INVALID;
            }
            int verified = 0;
            while (in.hasRemaining()) {
                byte[] sct = new byte[in.getShort() & 0xffff];
                in.get(sct);
                if (!verifies(sct, precert, ctlogs)) {
                    return Outcome.INVALID;
                }
                verified++;
            }
            return verified > 0 ? Outcome.VERIFIED : Outcome.MISSING;
        } catch (Exception e) { // a malformed list or certificate: BouncyCastle and the JCA throw several kinds
            return Outcome.INVALID;
        }
    }

    private static boolean verifies(byte[] sct, byte[] precert, List<TrustedRoot.Log> ctlogs) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(sct);
        if (in.get() != 0) {
            return false; // only v1
        }
        byte[] logId = new byte[32];
        in.get(logId);
        long timestamp = in.getLong();
        byte[] extensions = new byte[in.getShort() & 0xffff];
        in.get(extensions);
        in.get(); // hash algorithm: the log's key decides
        in.get(); // signature algorithm
        byte[] signature = new byte[in.getShort() & 0xffff];
        in.get(signature);
        if (in.hasRemaining()) {
            return false;
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(signed);
        out.writeByte(0); // v1
        out.writeByte(0); // certificate_timestamp
        out.writeLong(timestamp);
        out.writeShort(1); // precert_entry
        out.write(precert);
        out.writeShort(extensions.length);
        out.write(extensions);
        var log = TrustedRoot.find(ctlogs, logId, Instant.ofEpochMilli(timestamp));
        return log.isPresent() && SignedCheckpoint.verifies(log.get(), signed.toByteArray(), signature);
    }

    /** issuer_key_hash || uint24 length || TBS certificate without the SCT extension. */
    private static byte[] precertificate(X509Certificate leaf, X509Certificate issuer) throws Exception {
        ASN1Sequence tbs = ASN1Sequence.getInstance(Certificate.getInstance(leaf.getEncoded()).getTBSCertificate()
                .toASN1Primitive());
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (ASN1Encodable field : tbs) {
            if (field instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                Extensions extensions = Extensions.getInstance(tagged, true);
                ASN1EncodableVector kept = new ASN1EncodableVector();
                for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                    if (!oid.equals(SCT_LIST)) {
                        kept.add(extensions.getExtension(oid));
                    }
                }
                fields.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
            } else {
                fields.add(field);
            }
        }
        byte[] der = new DERSequence(fields).getEncoded(ASN1Encoding.DER);
        byte[] keyHash = MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(keyHash);
        out.write(der.length >>> 16);
        out.write(der.length >>> 8);
        out.write(der.length);
        out.write(der);
        return out.toByteArray();
    }

}
