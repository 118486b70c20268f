package dev.forgeline.release.glibc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A glibc {@code Versions} file: per library ({@code libc { GLIBC_2.0 { name; ... } ... }}), the symbols
 * listed in it, whatever version block. Preprocessor lines ({@code %if ...}) are ignored, so every
 * symbol any configuration lists is included: this is only used to learn which directory a symbol
 * belongs to.
 */
final class VersionsFile {
    private final Map<String, Set<String>> symbolsByLibrary;

    private VersionsFile(Map<String, Set<String>> symbolsByLibrary) {
        this.symbolsByLibrary = symbolsByLibrary;
    }

    static VersionsFile read(Path file) throws IOException {
        Map<String, Set<String>> byLibrary = new LinkedHashMap<>();
        String library = null;
        int depth = 0;
        StringBuilder token = new StringBuilder();
        for (String rawLine : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = rawLine.strip();
            if (line.startsWith("%")) {
                continue;
            }
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    if (depth == 0) {
                        library = token.toString().strip();
                        byLibrary.computeIfAbsent(library, k -> new TreeSet<>());
                    }
                    depth++;
                    token.setLength(0);
                } else if (c == '}') {
                    depth--;
                    token.setLength(0);
                } else if (c == ';') {
                    String name = token.toString().strip();
                    if (depth == 2 && !name.isEmpty() && library != null) {
                        byLibrary.get(library).add(name);
                    }
                    token.setLength(0);
                } else {
                    token.append(c);
                }
            }
            token.append(' ');
        }
        if (depth != 0) {
            throw new IOException(file + ": unbalanced braces");
        }
        return new VersionsFile(byLibrary);
    }

    Set<String> symbols(String library) {
        return symbolsByLibrary.getOrDefault(library, Set.of());
    }
}
