package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The library of a platform jar as its manifest ({@code META-INF/native/<classifier>/*.json}) records it, checked
 * against the library's own bytes in the jar.
 */
record PlatformJarLibrary(String jar, String file, String sha256, String rustc, Claim claim) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NATIVE_DIR = "META-INF/native/";
    private static final long MANIFEST_BYTES = 1024 * 1024;

    static PlatformJarLibrary failed(String jar, Claim claim) {
        return new PlatformJarLibrary(jar, null, null, null, claim);
    }

    /** Null when the jar holds neither a library nor a library manifest for the classifier. */
    static PlatformJarLibrary read(byte[] jarBytes, String classifier, String jarName) {
        String dir = NATIVE_DIR + classifier + "/";
        JsonNode manifest = null;
        Map<String, String> digests = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jarBytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (e.isDirectory() || !name.startsWith(dir) || name.indexOf('/', dir.length()) >= 0) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    manifest = JSON.readTree(zip.readNBytes((int) MANIFEST_BYTES));
                } else {
                    digests.put(name.substring(dir.length()), streamSha256(zip));
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (manifest == null) {
            return digests.isEmpty() ? null : new PlatformJarLibrary(jarName, null, null, null, Claim.failed(
                    new Claim.Finding(Claim.Finding.Reason.LIBRARY_MANIFEST_MISSING, jarName + " has a library but no "
                            + dir + "*.json")));
        }
        String file = ProvenanceStatement.text(manifest.path("file"));
        String recorded = ProvenanceStatement.text(manifest.path("sha256"));
        String actual = file == null ? null : digests.get(file);
        if (recorded == null || !recorded.equals(actual)) {
            return new PlatformJarLibrary(jarName, file, null, ProvenanceStatement.text(manifest.path("rustc")), Claim.failed(new Claim.Finding(
                    Claim.Finding.Reason.LIBRARY_DIGEST_MISMATCH, jarName + ": " + dir + file + " is "
                            + (actual == null ? "missing" : "sha256:" + actual) + ", its manifest records sha256:"
                            + recorded)));
        }
        return new PlatformJarLibrary(jarName, file, recorded, ProvenanceStatement.text(manifest.path("rustc")), Claim.verified());
    }

    private static String streamSha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                total += n;
                if (total > FactReader.JAR_BYTES) {
                    throw new IOException("a library larger than " + FactReader.JAR_BYTES + " bytes");
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
