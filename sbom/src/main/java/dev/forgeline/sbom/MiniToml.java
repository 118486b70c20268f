package dev.forgeline.sbom;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of TOML that Cargo manifests and lock files use, read by hand so that every value keeps
 * the line it came from (errors about a lock file name the line, not only the file).
 *
 * <p>Read: comments, {@code [table]} and {@code [[array.of.tables]]} headers, bare/quoted/dotted
 * keys, basic and literal strings (single- and multi-line, with escapes), arrays (nested,
 * multi-line), inline tables. Numbers, booleans and dates are kept as their raw text: Forgeline
 * never needs their value. Redefining a key or a table is an error, as in TOML.
 */
final class MiniToml {

    /** A TOML syntax error at a 1-based line. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** A parsed value and the 1-based line it starts on. */
    sealed interface Value permits Str, Scalar, Arr, Table {
        int line();

        /** What the value is, for error messages: "a string", "an array", ... */
        String kind();
    }

    record Str(String value, int line) implements Value {
        @Override
        public String kind() {
            return "a string";
        }
    }

    /** A number, boolean or date-time, as written. */
    record Scalar(String raw, int line) implements Value {
        @Override
        public String kind() {
            return "a " + (raw.equals("true") || raw.equals("false") ? "boolean" : "number or date");
        }
    }

    /** An array, or an array of tables ({@code [[header]]}), which grows as its headers appear. */
    static final class Arr implements Value {
        private final List<Value> items;
        private final int line;
        private final boolean ofTables;

        Arr(List<Value> items, int line, boolean ofTables) {
            this.items = items;
            this.line = line;
            this.ofTables = ofTables;
        }

        List<Value> items() {
            return Collections.unmodifiableList(items);
        }

        boolean ofTables() {
            return ofTables;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public String kind() {
            return ofTables ? "an array of tables" : "an array";
        }
    }

    /** A table; its entries keep the order they were written in. */
    static final class Table implements Value {
        private final Map<String, Value> entries = new LinkedHashMap<>();
        private final int line;
        private final boolean inline;
        /** False while the table exists only because a dotted key or deeper header named it. */
        private boolean defined;

        Table(int line, boolean inline, boolean defined) {
            this.line = line;
            this.inline = inline;
            this.defined = defined;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public String kind() {
            return "a table";
        }

        Value get(String key) {
            return entries.get(key);
        }

        Map<String, Value> entries() {
            return Collections.unmodifiableMap(entries);
        }
    }

    private static final Pattern SCALAR =
            Pattern.compile("true|false|[+-]?(inf|nan)|[0-9A-Za-z_+\\-.:]+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final String text;
    private final int[] lineStarts;
    private int pos;

    private MiniToml(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Reads and parses a file; syntax errors become {@link SbomException} naming the file and line.
     *
     * @param what how to call the file in messages, e.g. "lock file"
     */
    static Table read(Path file, String what) throws SbomException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SbomException.of(SbomException.Reason.IO, file, "the " + what + " does not exist",
                    "check the path; Cargo writes Cargo.lock at the workspace root");
        } catch (CharacterCodingException e) {
            throw SbomException.of(SbomException.Reason.MALFORMED_INPUT, file,
                    "the " + what + " is not UTF-8 text", "TOML files must be UTF-8");
        } catch (IOException e) {
            throw SbomException.io(file, "read the " + what, e);
        }
        try {
            return parse(content);
        } catch (SyntaxError e) {
            throw SbomException.at(SbomException.Reason.MALFORMED_INPUT, file, e.line(),
                    "TOML syntax: " + e.getMessage(), "fix the file, or regenerate it with cargo");
        }
    }

    /** Parses a whole document into its root table. */
    static Table parse(String text) throws SyntaxError {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new MiniToml(body).document();
    }

    private Table document() throws SyntaxError {
        Table root = new Table(1, false, true);
        Table current = root;
        while (true) {
            skipWhitespaceNewlinesAndComments();
            if (atEnd()) {
                return root;
            }
            if (peek() == '[') {
                current = header(root);
            } else {
                keyValue(current);
            }
            endOfLine();
        }
    }

    // ---- headers -------------------------------------------------------------------------

    private Table header(Table root) throws SyntaxError {
        int line = line();
        boolean arrayOfTables = text.startsWith("[[", pos);
        pos += arrayOfTables ? 2 : 1;
        skipSpaces();
        List<String> path = key();
        skipSpaces();
        String close = arrayOfTables ? "]]" : "]";
        if (!text.startsWith(close, pos)) {
            throw error("expected '" + close + "' to close the table header");
        }
        pos += close.length();

        Table parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = descend(parent, path.get(i), line, path);
        }
        String last = path.get(path.size() - 1);
        Value existing = parent.entries.get(last);
        if (arrayOfTables) {
            Arr arr;
            if (existing == null) {
                arr = new Arr(new ArrayList<>(), line, true);
                parent.entries.put(last, arr);
            } else if (existing instanceof Arr a && a.ofTables()) {
                arr = a;
            } else {
                throw new SyntaxError(line, "[[" + String.join(".", path) + "]] redefines "
                        + existing.kind() + " first defined on line " + existing.line());
            }
            Table table = new Table(line, false, true);
            arr.items.add(table);
            return table;
        }
        if (existing == null) {
            Table table = new Table(line, false, true);
            parent.entries.put(last, table);
            return table;
        }
        if (existing instanceof Table t && !t.inline && !t.defined) {
            t.defined = true;
            return t;
        }
        throw new SyntaxError(line, "[" + String.join(".", path) + "] is defined twice (first on line "
                + existing.line() + ")");
    }

    /** Walks one header segment, creating an implicit table or entering the last of an array of tables. */
    private static Table descend(Table parent, String segment, int line, List<String> path)
            throws SyntaxError {
        Value v = parent.entries.get(segment);
        if (v == null) {
            Table t = new Table(line, false, false);
            parent.entries.put(segment, t);
            return t;
        }
        if (v instanceof Table t && !t.inline) {
            return t;
        }
        if (v instanceof Arr a && a.ofTables() && !a.items().isEmpty()) {
            return (Table) a.items.get(a.items.size() - 1);
        }
        throw new SyntaxError(line, "'" + String.join(".", path) + "' goes through '" + segment
                + "', which is " + v.kind() + " (line " + v.line() + ")");
    }

    // ---- key/value pairs -----------------------------------------------------------------

    private void keyValue(Table target) throws SyntaxError {
        int line = line();
        List<String> path = key();
        skipSpaces();
        if (atEnd() || peek() != '=') {
            throw error("expected '=' after the key '" + String.join(".", path) + "'");
        }
        pos++;
        skipSpaces();
        Value value = value();
        Table t = target;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            Value v = t.entries.get(segment);
            if (v == null) {
                Table created = new Table(line, false, true);
                t.entries.put(segment, created);
                t = created;
            } else if (v instanceof Table sub && !sub.inline) {
                t = sub;
            } else {
                throw new SyntaxError(line, "the key '" + String.join(".", path) + "' goes through '"
                        + segment + "', which is " + v.kind() + " (line " + v.line() + ")");
            }
        }
        String last = path.get(path.size() - 1);
        Value existing = t.entries.get(last);
        if (existing != null) {
            throw new SyntaxError(line, "the key '" + String.join(".", path)
                    + "' is defined twice (first on line " + existing.line() + ")");
        }
        t.entries.put(last, value);
    }

    private List<String> key() throws SyntaxError {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (atEnd()) {
                throw error("expected a key");
            }
            char c = peek();
            if (c == '"') {
                parts.add(basicString());
            } else if (c == '\'') {
                parts.add(literalString());
            } else {
                int start = pos;
                while (!atEnd() && isBareKeyChar(peek())) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a key, found " + describe(c));
                }
                parts.add(text.substring(start, pos));
            }
            skipSpaces();
            if (!atEnd() && peek() == '.') {
                pos++;
                continue;
            }
            return parts;
        }
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    // ---- values --------------------------------------------------------------------------

    private Value value() throws SyntaxError {
        if (atEnd()) {
            throw error("expected a value");
        }
        int line = line();
        char c = peek();
        switch (c) {
            case '"':
                return new Str(text.startsWith("\"\"\"", pos) ? multiLineBasicString() : basicString(), line);
            case '\'':
                return new Str(text.startsWith("'''", pos) ? multiLineLiteralString() : literalString(), line);
            case '[':
                return array();
            case '{':
                return inlineTable();
            default:
                return scalar();
        }
    }

    private Arr array() throws SyntaxError {
        int line = line();
        pos++; // '['
        List<Value> items = new ArrayList<>();
        while (true) {
            skipWhitespaceNewlinesAndComments();
            if (atEnd()) {
                throw new SyntaxError(line, "the array opened on this line is never closed with ']'");
            }
            if (peek() == ']') {
                pos++;
                return new Arr(items, line, false);
            }
            items.add(value());
            skipWhitespaceNewlinesAndComments();
            if (atEnd()) {
                throw new SyntaxError(line, "the array opened on this line is never closed with ']'");
            }
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c != ']') {
                throw error("expected ',' or ']' in the array, found " + describe(c));
            }
        }
    }

    private Table inlineTable() throws SyntaxError {
        int line = line();
        pos++; // '{'
        Table table = new Table(line, false, true);
        skipWhitespaceNewlinesAndComments();
        if (!atEnd() && peek() == '}') {
            pos++;
            return sealInline(table);
        }
        while (true) {
            skipWhitespaceNewlinesAndComments();
            keyValue(table);
            skipWhitespaceNewlinesAndComments();
            if (atEnd()) {
                throw new SyntaxError(line, "the inline table opened on this line is never closed with '}'");
            }
            char c = peek();
            pos++;
            if (c == '}') {
                return sealInline(table);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in the inline table, found " + describe(c));
            }
        }
    }

    private static Table sealInline(Table table) {
        Table sealed = new Table(table.line, true, true);
        sealed.entries.putAll(table.entries);
        return sealed;
    }

    private Scalar scalar() throws SyntaxError {
        int line = line();
        int start = pos;
        while (!atEnd() && !isScalarEnd(peek())) {
            pos++;
        }
        String raw = text.substring(start, pos);
        // A date-time may separate date and time with a space.
        if (DATE.matcher(raw).matches() && pos + 1 < text.length() && peek() == ' '
                && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            while (!atEnd() && !isScalarEnd(peek())) {
                pos++;
            }
            raw = text.substring(start, pos);
        }
        if (raw.isEmpty()) {
            throw error("expected a value, found " + describe(atEnd() ? '\n' : peek()));
        }
        if (!SCALAR.matcher(raw).matches()) {
            throw new SyntaxError(line, "'" + raw + "' is not a TOML value (strings need quotes)");
        }
        return new Scalar(raw, line);
    }

    private static boolean isScalarEnd(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}'
                || c == '#';
    }

    // ---- strings -------------------------------------------------------------------------

    private String basicString() throws SyntaxError {
        int line = line();
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd() || peek() == '\n' || peek() == '\r') {
                throw new SyntaxError(line, "unterminated string: a '\"' string must close on the line it opens");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                escape(sb);
            } else {
                sb.append(c);
            }
        }
    }

    private String multiLineBasicString() throws SyntaxError {
        int line = line();
        pos += 3;
        skipOneNewline();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new SyntaxError(line, "unterminated multi-line string: no closing '\"\"\"'");
            }
            if (text.startsWith("\"\"\"", pos)) {
                // Up to two quotes may sit right before the closing delimiter.
                int extra = 0;
                while (extra < 2 && text.startsWith("\"\"\"", pos + extra + 1)) {
                    extra++;
                }
                sb.append("\"".repeat(extra));
                pos += 3 + extra;
                return sb.toString();
            }
            char c = text.charAt(pos++);
            if (c == '\\') {
                int save = pos;
                skipSpaces();
                if (!atEnd() && (peek() == '\n' || peek() == '\r')) {
                    // Line-ending backslash: drop the newline and the whitespace after it.
                    skipWhitespaceAndNewlines();
                    continue;
                }
                pos = save;
                escape(sb);
            } else if (c != '\r') {
                sb.append(c);
            }
        }
    }

    private String literalString() throws SyntaxError {
        int line = line();
        pos++;
        int start = pos;
        while (true) {
            if (atEnd() || peek() == '\n' || peek() == '\r') {
                throw new SyntaxError(line, "unterminated string: a \"'\" string must close on the line it opens");
            }
            if (text.charAt(pos) == '\'') {
                String s = text.substring(start, pos);
                pos++;
                return s;
            }
            pos++;
        }
    }

    private String multiLineLiteralString() throws SyntaxError {
        int line = line();
        pos += 3;
        skipOneNewline();
        int start = pos;
        int end = text.indexOf("'''", pos);
        if (end < 0) {
            throw new SyntaxError(line, "unterminated multi-line string: no closing \"'''\"");
        }
        int extra = 0;
        while (extra < 2 && text.startsWith("'''", end + extra + 1)) {
            extra++;
        }
        pos = end + 3 + extra;
        return text.substring(start, end + extra).replace("\r\n", "\n");
    }

    private void escape(StringBuilder sb) throws SyntaxError {
        if (atEnd()) {
            throw error("unterminated escape sequence");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case 'b' -> sb.append('\b');
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'f' -> sb.append('\f');
            case 'r' -> sb.append('\r');
            case 'e' -> sb.append('\u001b');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'x' -> sb.appendCodePoint(hex(2));
            case 'u' -> sb.appendCodePoint(hex(4));
            case 'U' -> sb.appendCodePoint(hex(8));
            default -> {
                pos--;
                throw error("invalid escape sequence '\\" + e + "'");
            }
        }
    }

    private int hex(int digits) throws SyntaxError {
        if (pos + digits > text.length()) {
            throw error("truncated escape sequence");
        }
        String h = text.substring(pos, pos + digits);
        try {
            int cp = Integer.parseUnsignedInt(h, 16);
            if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw error("escape '" + h + "' is not a Unicode scalar value");
            }
            pos += digits;
            return cp;
        } catch (NumberFormatException ex) {
            throw error("escape '" + h + "' is not hexadecimal");
        }
    }

    // ---- whitespace, comments, positions -------------------------------------------------

    private void endOfLine() throws SyntaxError {
        skipSpaces();
        if (!atEnd() && peek() == '#') {
            skipComment();
        }
        if (atEnd()) {
            return;
        }
        if (peek() == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos += 2;
            return;
        }
        if (peek() == '\n') {
            pos++;
            return;
        }
        throw error("expected the end of the line, found " + describe(peek()));
    }

    private void skipWhitespaceNewlinesAndComments() {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipWhitespaceAndNewlines() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            pos++;
        }
    }

    private void skipComment() {
        while (!atEnd() && peek() != '\n') {
            pos++;
        }
    }

    private void skipSpaces() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void skipOneNewline() {
        if (text.startsWith("\r\n", pos)) {
            pos += 2;
        } else if (text.startsWith("\n", pos)) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    /** The 1-based line of the current position. */
    private int line() {
        int i = Arrays.binarySearch(lineStarts, pos);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private SyntaxError error(String message) {
        return new SyntaxError(line(), message);
    }

    private static String describe(char c) {
        if (c == '\n' || c == '\r') {
            return "the end of the line";
        }
        return "'" + c + "'";
    }
}
