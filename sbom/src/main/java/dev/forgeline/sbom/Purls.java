package dev.forgeline.sbom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Package URLs (https://github.com/package-url/purl-spec) in canonical form: every character
 * outside {@code A-Z a-z 0-9 . - _ ~} percent-encoded, qualifiers sorted by key, empty qualifiers
 * left out.
 */
final class Purls {

    private Purls() {}

    /** {@code pkg:cargo/<name>@<version>[?qualifiers]}. */
    static String cargo(String name, String version, Map<String, String> qualifiers) {
        return "pkg:cargo/" + encode(name) + "@" + encode(version) + qualifiers(qualifiers);
    }

    /**
     * {@code pkg:maven/<groupId>/<artifactId>@<version>[?classifier=..&type=..]}; the type is left
     * out when it is {@code jar}, the purl default.
     */
    static String maven(String groupId, String artifactId, String version, String classifier, String type) {
        Map<String, String> q = new TreeMap<>();
        q.put("classifier", classifier);
        q.put("type", "jar".equals(type) ? null : type);
        return "pkg:maven/" + encode(groupId) + "/" + encode(artifactId) + "@" + encode(version) + qualifiers(q);
    }

    /**
     * {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=<distro>}: a Debian package as the purl spec names it,
     * {@code distro} as syft writes it and scanners read it ({@code debian-12}; left out when null).
     */
    static String deb(String name, String version, String arch, String distro) {
        Map<String, String> qualifiers = new TreeMap<>();
        qualifiers.put("arch", arch);
        qualifiers.put("distro", distro);
        return "pkg:deb/debian/" + encode(name) + "@" + encode(version) + qualifiers(qualifiers);
    }

    private static String qualifiers(Map<String, String> qualifiers) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(qualifiers).entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            sb.append(sb.length() == 0 ? '?' : '&').append(e.getKey()).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
