package dev.forgeline.sbom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where things are in a TOML text, for error messages: the line of a table header, of a key inside
 * a table, of a quoted string. jackson-dataformat-toml's tree has no positions; this scan of the
 * lines fills that gap for the files Cargo writes (one key or array item per line) and still gives a
 * nearby line (the table's header) for hand-written layouts. Lines are 1-based; 0 means "none".
 */
final class TomlLines {

    private final List<String> lines = new ArrayList<>();
    /** Per line: true when it is a {@code [table]} or {@code [[array]]} header outside a multi-line string. */
    private final List<Boolean> header = new ArrayList<>();
    /** Header text ({@code [a.b]}, {@code [[a]]}, spaces removed) to the lines it is on, in order. */
    private final Map<String, List<Integer>> headers = new HashMap<>();

    TomlLines(String text) {
        boolean inMultiLine = false;
        for (String line : text.split("\r?\n", -1)) {
            String stripped = line.strip();
            lines.add(stripped);
            boolean isHeader = !inMultiLine && stripped.startsWith("[");
            header.add(isHeader);
            if (isHeader) {
                headers.computeIfAbsent(normalizedHeader(stripped), h -> new ArrayList<>()).add(lines.size());
            }
            if (odd(count(stripped, "\"\"\"")) || odd(count(stripped, "'''"))) {
                inMultiLine = !inMultiLine;
            }
        }
    }

    /** The line of the {@code occurrence}-th (0-based) {@code [[name]]} header, or 0. */
    int arrayHeader(String name, int occurrence) {
        return header("[[" + name + "]]", occurrence);
    }

    /** The line of the {@code [name]} header, or 0. */
    int tableHeader(String name) {
        return header("[" + name + "]", 0);
    }

    /**
     * The line, in the table whose header is on {@code tableLine} (0: the root table, before any
     * header), where {@code key} is assigned, plain ({@code key = ..}), dotted ({@code key.x = ..})
     * or quoted; {@code tableLine} itself when not found, or 1 for the root table.
     */
    int key(int tableLine, String key) {
        for (int i = tableLine; i < lines.size() && !header.get(i); i++) {
            if (assigns(lines.get(i), key)) {
                return i + 1;
            }
        }
        return Math.max(tableLine, 1);
    }

    /**
     * The first line from {@code fromLine} on, before the next header, holding {@code value} as a
     * quoted string; {@code fromLine} when not found.
     */
    int string(int fromLine, String value) {
        String basic = '"' + value + '"';
        String literal = '\'' + value + '\'';
        for (int i = Math.max(fromLine, 1) - 1; i < lines.size(); i++) {
            if (i > fromLine - 1 && header.get(i)) {
                break;
            }
            String line = lines.get(i);
            if (line.contains(basic) || line.contains(literal)) {
                return i + 1;
            }
        }
        return fromLine;
    }

    private int header(String wanted, int occurrence) {
        List<Integer> at = headers.getOrDefault(wanted, List.of());
        return occurrence < at.size() ? at.get(occurrence) : 0;
    }

    /** {@code [ a . b ]  # comment} as {@code [a.b]}; quoted parts are kept as written. */
    private static String normalizedHeader(String line) {
        int close = line.lastIndexOf(']');
        String h = close < 0 ? line : line.substring(0, close + 1);
        return h.replaceAll("\\s*([\\[\\].])\\s*", "$1");
    }

    private static boolean assigns(String line, String key) {
        for (String form : new String[] {key, '"' + key + '"', '\'' + key + '\''}) {
            if (line.startsWith(form)) {
                String rest = line.substring(form.length()).stripLeading();
                if (rest.startsWith("=") || rest.startsWith(".")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static boolean odd(int n) {
        return (n & 1) == 1;
    }
}
