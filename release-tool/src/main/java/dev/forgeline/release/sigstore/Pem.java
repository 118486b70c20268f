package dev.forgeline.release.sigstore;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM blocks of keys: SubjectPublicKeyInfo ({@code PUBLIC KEY}) and PKCS#8 ({@code PRIVATE KEY}), EC only. */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private Pem() {}

    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Every PEM block of {@code type} in the text, decoded. */
    public static List<byte[]> blocks(String text, String type) {
        List<byte[]> result = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                result.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return result;
    }

    /** Every public key in the text (EC P-256 in this version). */
    public static List<PublicKey> publicKeys(String text) {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks(text, "PUBLIC KEY")) {
            try {
                keys.add(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
            } catch (Exception e) {
                throw new IllegalArgumentException("a PUBLIC KEY block is not an EC public key", e);
            }
        }
        return keys;
    }

    /** The one PKCS#8 EC private key in the text. The message never includes the text. */
    public static PrivateKey privateKey(String text) {
        List<byte[]> blocks = blocks(text, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one unencrypted PKCS#8 block (BEGIN PRIVATE KEY), found "
                    + blocks.size());
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
        } catch (Exception e) {
            throw new IllegalArgumentException("the PRIVATE KEY block is not an EC private key");
        }
    }
}
