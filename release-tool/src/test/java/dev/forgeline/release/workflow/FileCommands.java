package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runner's file commands ({@code $GITHUB_OUTPUT}, {@code $GITHUB_ENV}): {@code name=value} and {@code name<<EOF} blocks. */
final class FileCommands {
    private FileCommands() {}

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int equals = line.indexOf('=');
            if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).equals(delimiter); i++) {
                    value.append(value.isEmpty() ? "" : "\n").append(lines.get(i));
                }
                if (i >= lines.size()) {
                    throw new IllegalStateException(file + ": no closing " + delimiter);
                }
                values.put(line.substring(0, heredoc), value.toString());
            } else if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            } else if (!line.isBlank()) {
                throw new IllegalStateException(file + ": not name=value nor name<<DELIMITER: " + line);
            }
        }
        return values;
    }
}
