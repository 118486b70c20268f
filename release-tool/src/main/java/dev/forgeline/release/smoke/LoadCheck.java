package dev.forgeline.release.smoke;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * forgeline's generic smoke harness, for projects that bring none of their own: finds the platform
 * jar's manifest on the class path, checks the library's SHA-256 against it and against the release
 * manifest, and loads it. It runs on the target's JVM (possibly emulated), so it uses the JDK alone
 * and is a single class: the smoke stage packages it into a jar of its own.
 *
 * <p>Usage: {@code LoadCheck <library name> <classifier> <expected sha256>}. Output lines use the
 * same JSON shape as project harnesses: {@code {"check":..,"passed":..,"detail":..}} and a summary.
 */
public final class LoadCheck {
    private LoadCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LoadCheck <library name> <classifier> <expected sha256>");
            System.exit(2);
        }
        String dir = "META-INF/native/" + args[1] + "/";
        URL manifest = LoadCheck.class.getClassLoader().getResource(dir + args[0] + ".json");
        if (manifest == null) {
            line("load", false, "no " + dir + args[0] + ".json on the class path");
            summary(false, null);
            System.exit(1);
        }
        String json;
        try (InputStream in = manifest.openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String file = field(json, "file");
        String recorded = field(json, "sha256");
        byte[] library;
        try (InputStream in = LoadCheck.class.getClassLoader().getResourceAsStream(dir + file)) {
            library = in == null ? null : in.readAllBytes();
        }
        if (library == null) {
            line("load", false, "the manifest names " + dir + file + " but the jar does not hold it");
            summary(false, null);
            System.exit(1);
        }
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(library));
        boolean jarOk = actual.equals(recorded);
        boolean releaseOk = actual.equals(args[2]);
        line("sha256", jarOk && releaseOk, "library " + actual + (jarOk ? "" : ", jar manifest says " + recorded)
                + (releaseOk ? "" : ", release manifest says " + args[2]));
        Path extracted = Files.createTempDirectory("forgeline-smoke-").resolve(file);
        Files.write(extracted, library);
        boolean loaded;
        try {
            System.load(extracted.toString());
            loaded = true;
            line("load", true, "System.load(" + file + ") on " + System.getProperty("os.arch"));
        } catch (UnsatisfiedLinkError e) {
            loaded = false;
            line("load", false, e.getMessage());
        }
        boolean passed = jarOk && releaseOk && loaded;
        summary(passed, actual);
        System.exit(passed ? 0 : 1);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static void line(String check, boolean passed, String detail) {
        System.out.println("{\"check\":\"" + check + "\",\"passed\":" + passed + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static void summary(boolean passed, String sha256) {
        System.out.println("{\"summary\":\"" + (passed ? "all checks passed" : "a check failed") + "\",\"passed\":" + passed
                + (sha256 == null ? "" : ",\"loadedSha256\":\"" + sha256 + "\"") + "}");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
