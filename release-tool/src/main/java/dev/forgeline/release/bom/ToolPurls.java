package dev.forgeline.release.bom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Package URLs of what is not a Cargo or Maven package: tools ({@code pkg:generic}) and Debian packages ({@code pkg:deb}). */
final class ToolPurls {
    private ToolPurls() {}

    /** {@code pkg:generic/<name>[@<version>]?checksum=sha256:<hex>}: the checksum qualifier tells two builds of one version apart. */
    static String generic(String name, String version, Map<String, String> qualifiers) {
        return "pkg:generic/" + encode(name) + (version == null ? "" : "@" + encode(version)) + qualifiers(qualifiers);
    }

    /** {@code pkg:deb/debian/<name>@<version>?arch=<arch>}, the purl spec's form for a Debian package. */
    static String debian(String name, String version, String arch) {
        return "pkg:deb/debian/" + encode(name) + "@" + encode(version) + qualifiers(Map.of("arch", arch));
    }

    private static String qualifiers(Map<String, String> qualifiers) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> q : new TreeMap<>(qualifiers).entrySet()) {
            if (q.getValue() == null) {
                continue;
            }
            s.append(s.length() == 0 ? '?' : '&').append(q.getKey()).append('=').append(encode(q.getValue()));
        }
        return s.toString();
    }

    private static String encode(String s) {
        // The purl spec keeps ':' unencoded in qualifier values (checksum=sha256:...).
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":").replace("%7E", "~");
    }
}
