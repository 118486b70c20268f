package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TomlLinesTest {

    private static final TomlLines LOCK = new TomlLines("""
            # comment
            version = 3

            [[package]]
            name = "demo"
            dependencies = ["syn"]
            [[package]]
            name = "syn"
            version = "1.0.109"
            dependencies = [
             "proc-macro2",
             "quote",
            ]
            [ metadata ]
            "checksum a 1.0 (x)" = "00"
            """);

    @Test
    void arrayHeader_countsOccurrencesInOrder() {
        assertEquals(4, LOCK.arrayHeader("package", 0));
        assertEquals(7, LOCK.arrayHeader("package", 1));
        assertEquals(0, LOCK.arrayHeader("package", 2));
    }

    @Test
    void tableHeader_ignoresSpacesInsideTheBrackets() {
        assertEquals(14, LOCK.tableHeader("metadata"));
        assertEquals(0, LOCK.tableHeader("package"), "[[package]] is not [package]");
    }

    @Test
    void key_findsTheKeyInItsOwnTableOnly() {
        assertEquals(2, LOCK.key(0, "version"));
        assertEquals(9, LOCK.key(7, "version"));
        assertEquals(4, LOCK.key(4, "version"), "the first package has no version: its header line");
        assertEquals(15, LOCK.key(14, "checksum a 1.0 (x)"));
    }

    @Test
    void string_findsTheQuotedItemOnItsOwnLineOrInline() {
        assertEquals(6, LOCK.string(6, "syn"));
        assertEquals(12, LOCK.string(10, "quote"));
        assertEquals(10, LOCK.string(10, "absent"), "not found: the line searched from");
        assertEquals(10, LOCK.string(10, "name"), "a key is not a quoted string");
    }

    @Test
    void headerLikeLinesInsideMultiLineStrings_areNotHeaders() {
        TomlLines lines = new TomlLines("""
                [package]
                description = \"""
                [not-a-header]
                \"""
                name = "x"
                """);
        assertEquals(5, lines.key(1, "name"));
        assertEquals(0, lines.tableHeader("not-a-header"));
    }

    @Test
    void dottedAndQuotedKeys_areFound() {
        TomlLines lines = new TomlLines("[package]\nversion.workspace = true\n\"license\" = \"MIT\"\n");
        assertEquals(2, lines.key(1, "version"));
        assertEquals(3, lines.key(1, "license"));
    }
}
