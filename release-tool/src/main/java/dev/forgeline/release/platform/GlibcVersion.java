package dev.forgeline.release.platform;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A glibc symbol version such as {@code GLIBC_2.34}, ordered numerically (2.4 &lt; 2.17 &lt; 2.34). */
public record GlibcVersion(int major, int minor, int patch) implements Comparable<GlibcVersion> {
    private static final Pattern SYMBOL_VERSION = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern PLAIN = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Parses "2.28" (a policy value). */
    public static GlibcVersion parse(String text) {
        Matcher m = PLAIN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a glibc version: \"" + text + "\" (expected e.g. 2.28)");
        }
        return of(m);
    }

    /** Parses a symbol version name such as GLIBC_2.34; empty for GLIBC_PRIVATE, GCC_3.0 and the like. */
    public static Optional<GlibcVersion> fromSymbolVersion(String versionName) {
        Matcher m = SYMBOL_VERSION.matcher(versionName);
        return m.matches() ? Optional.of(of(m)) : Optional.empty();
    }

    private static GlibcVersion of(Matcher m) {
        return new GlibcVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    @Override
    public int compareTo(GlibcVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        return c;
    }

    public boolean isNewerThan(GlibcVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + (patch == 0 ? "" : "." + patch);
    }

    public String symbolVersion() {
        return "GLIBC_" + this;
    }
}
