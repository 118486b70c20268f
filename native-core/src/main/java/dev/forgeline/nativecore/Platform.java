package dev.forgeline.nativecore;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The platform this JVM runs on, named as os-maven-plugin's {@code os.detected.classifier}
 * ({@code linux-x86_64}, {@code osx-aarch_64}, {@code windows-x86_64}, ...), so that the native jars can
 * be selected in a POM with {@code <classifier>${os.detected.classifier}</classifier>}.
 *
 * <p>The classifier is derived from {@code os.name} and {@code os.arch} with the same normalisation
 * rules as os-maven-plugin 1.7.1 (lower-case, drop everything but letters and digits, then map the
 * known spellings); a name or an architecture it does not know becomes {@code unknown}. The system
 * property {@value #CLASSIFIER_PROPERTY} overrides the detected classifier (for tests, or to pick a
 * compatible build by hand); the raw {@code os.name} and {@code os.arch} are kept either way, for
 * error messages.
 *
 * @param classifier the classifier used to look up the native library
 * @param osName the raw {@code os.name} it was derived from
 * @param osArch the raw {@code os.arch} it was derived from
 * @param overridden whether {@link #classifier} came from {@value #CLASSIFIER_PROPERTY}
 */
public record Platform(String classifier, String osName, String osArch, boolean overridden) {

    /** System property that replaces the detected classifier. */
    public static final String CLASSIFIER_PROPERTY = "forgeline.native.classifier";

    /** What os-maven-plugin calls a name or architecture it does not recognise. */
    public static final String UNKNOWN = "unknown";

    /**
     * Classifiers the loader probes for when it lists what is available: those a Forgeline release may
     * be built for, in a stable order.
     */
    public static final List<String> KNOWN_CLASSIFIERS = List.of(
            "linux-x86_64", "linux-aarch_64", "linux-ppcle_64", "linux-s390_64", "linux-arm_32",
            "linux-x86_32", "linux-riscv64", "linux-loongarch_64",
            "osx-x86_64", "osx-aarch_64",
            "windows-x86_64", "windows-aarch_64", "windows-x86_32",
            "freebsd-x86_64", "freebsd-aarch_64");

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern ARCH_X86_64 = Pattern.compile("x8664|amd64|ia32e|em64t|x64");
    private static final Pattern ARCH_X86_32 = Pattern.compile("x8632|x86|i[3-6]86|ia32|x32");

    public Platform {
        Objects.requireNonNull(classifier, "classifier");
    }

    /** The platform of this JVM, honouring {@value #CLASSIFIER_PROPERTY}. */
    public static Platform current() {
        String osName = System.getProperty("os.name", "");
        String osArch = System.getProperty("os.arch", "");
        String override = System.getProperty(CLASSIFIER_PROPERTY);
        if (override != null && !override.isBlank()) {
            return new Platform(override.trim(), osName, osArch, true);
        }
        return new Platform(classifierFor(osName, osArch), osName, osArch, false);
    }

    /** {@code <os>-<arch>} as os-maven-plugin's {@code os.detected.classifier} would say it. */
    public static String classifierFor(String osName, String osArch) {
        return normalizeOs(osName) + "-" + normalizeArch(osArch);
    }

    /** os-maven-plugin's {@code os.detected.name} for a raw {@code os.name}. */
    public static String normalizeOs(String osName) {
        String v = normalize(osName);
        if (v.startsWith("aix")) {
            return "aix";
        }
        if (v.startsWith("hpux")) {
            return "hpux";
        }
        // "os400" but not "os4000" and the like.
        if (v.startsWith("os400") && (v.length() == 5 || !Character.isDigit(v.charAt(5)))) {
            return "os400";
        }
        if (v.startsWith("linux")) {
            return "linux";
        }
        if (v.startsWith("mac") || v.startsWith("osx")) {
            return "osx";
        }
        if (v.startsWith("freebsd")) {
            return "freebsd";
        }
        if (v.startsWith("openbsd")) {
            return "openbsd";
        }
        if (v.startsWith("netbsd")) {
            return "netbsd";
        }
        if (v.startsWith("solaris") || v.startsWith("sunos")) {
            return "sunos";
        }
        if (v.startsWith("windows")) {
            return "windows";
        }
        if (v.startsWith("zos")) {
            return "zos";
        }
        return UNKNOWN;
    }

    /** os-maven-plugin's {@code os.detected.arch} for a raw {@code os.arch}. */
    public static String normalizeArch(String osArch) {
        String v = normalize(osArch);
        if (ARCH_X86_64.matcher(v).matches()) {
            return "x86_64";
        }
        if (ARCH_X86_32.matcher(v).matches()) {
            return "x86_32";
        }
        return switch (v) {
            case "ia64", "ia64w", "itanium64" -> "itanium_64";
            case "ia64n" -> "itanium_32";
            case "sparc", "sparc32" -> "sparc_32";
            case "sparcv9", "sparc64" -> "sparc_64";
            case "arm", "arm32" -> "arm_32";
            case "aarch64" -> "aarch_64";
            case "mips", "mips32" -> "mips_32";
            case "mipsel", "mips32el" -> "mipsel_32";
            case "mips64" -> "mips_64";
            case "mips64el" -> "mipsel_64";
            case "ppc", "ppc32" -> "ppc_32";
            case "ppcle", "ppc32le" -> "ppcle_32";
            case "ppc64" -> "ppc_64";
            case "ppc64le" -> "ppcle_64";
            case "s390" -> "s390_32";
            case "s390x" -> "s390_64";
            case "riscv", "riscv32" -> "riscv";
            case "riscv64" -> "riscv64";
            case "e2k" -> "e2k";
            case "loongarch64" -> "loongarch_64";
            default -> UNKNOWN;
        };
    }

    private static String normalize(String value) {
        return value == null ? "" : NOT_ALPHANUMERIC.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** For messages: {@code linux-x86_64 (os.name=Linux, os.arch=amd64)}. */
    public String describe() {
        return classifier + " (os.name=" + osName + ", os.arch=" + osArch
                + (overridden ? ", set by -D" + CLASSIFIER_PROPERTY : "") + ")";
    }
}
