package dev.forgeline.sbom;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import dev.forgeline.sbom.SbomException.Reason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A TOML file (Cargo.toml, Cargo.lock) read with jackson-dataformat-toml, and where its parts are.
 *
 * <p>Jackson's TOML tree carries no positions, so {@link #lines()} finds the line of a header, a key
 * or a string by looking at the text; errors about a lock file can then name the line, not only the
 * file. Dates and times are kept as {@code java.time} values (not strings), so that a date where a
 * string belongs is reported as one.
 */
record TomlFile(Path file, ObjectNode root, TomlLines lines) {

    private static final TomlMapper MAPPER = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    /** @param what what the file is, for messages ("lock file", "crate manifest") */
    static TomlFile read(Path file, String what) throws SbomException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SbomException.of(Reason.IO, file, "the " + what + " does not exist",
                    "check the path; Cargo writes Cargo.lock at the workspace root");
        } catch (CharacterCodingException e) {
            throw SbomException.of(Reason.MALFORMED_INPUT, file, "the " + what + " is not UTF-8 text",
                    "TOML files must be UTF-8");
        } catch (IOException e) {
            throw SbomException.io(file, "read the " + what, e);
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
            throw SbomException.at(Reason.MALFORMED_INPUT, file, line,
                    "TOML syntax: " + e.getOriginalMessage(), "fix the file, or regenerate it with cargo");
        }
        // An empty document reads as a missing tree: the same as an empty table.
        ObjectNode root = tree instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        return new TomlFile(file, root, new TomlLines(body));
    }

    /** What a value is, for messages: "a string", "an array of tables", ... */
    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isArray()) {
            return isArrayOfTables(v) ? "an array of tables" : "an array";
        }
        if (v.isObject()) {
            return "a table";
        }
        return "a date or time";
    }

    /** An array whose items are all tables ({@code [[x]]} headers, or an array of inline tables). */
    static boolean isArrayOfTables(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode item : v) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }
}
