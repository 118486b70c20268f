package dev.forgeline.release.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a key or passphrase comes from: a file, or an environment variable named by the configuration. Never the
 * command line (argv is visible to every user of the machine). {@link #describe()} names the source, never its
 * content, and is what messages print.
 */
public record SecretSource(Path file, String environmentVariable) {

    public SecretSource {
        if ((file == null) == (environmentVariable == null || environmentVariable.isBlank())) {
            throw new IllegalArgumentException("a secret comes from exactly one of a file or an environment variable");
        }
    }

    public static SecretSource file(Path file) {
        return new SecretSource(file, null);
    }

    public static SecretSource environment(String name) {
        return new SecretSource(null, name);
    }

    /** Whether the source has a value (the file exists, the variable is set and not empty). */
    public boolean isPresent(Map<String, String> env) {
        if (file != null) {
            return Files.isRegularFile(file);
        }
        String value = env.get(environmentVariable);
        return value != null && !value.isEmpty();
    }

    public String describe() {
        return file != null ? "file " + file : "environment variable " + environmentVariable;
    }

    /** The content; a passphrase file's single trailing line break is not part of it. */
    public char[] read(Map<String, String> env) {
        String value;
        if (file != null) {
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SigningException("cannot read " + describe() + " (" + e.getClass().getSimpleName() + ")",
                        "check that the file exists and is readable by this user only");
            }
        } else {
            value = env.get(environmentVariable);
            if (value == null || value.isEmpty()) {
                throw new SigningException(describe() + " is not set", "export it, or name another source");
            }
        }
        if (value.endsWith("\r\n")) {
            value = value.substring(0, value.length() - 2);
        } else if (value.endsWith("\n")) {
            value = value.substring(0, value.length() - 1);
        }
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return describe();
    }
}
