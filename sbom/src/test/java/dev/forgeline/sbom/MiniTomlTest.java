package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.sbom.MiniToml.Arr;
import dev.forgeline.sbom.MiniToml.Scalar;
import dev.forgeline.sbom.MiniToml.Str;
import dev.forgeline.sbom.MiniToml.SyntaxError;
import dev.forgeline.sbom.MiniToml.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniTomlTest {

    @Test
    void parse_multiLineArrayWithComments_keepsEachItemAndItsLine() throws Exception {
        Table root = MiniToml.parse("""
                # header comment
                deps = [ # trailing comment
                 "a",
                 # a comment between items
                 "b 1.0",
                ]
                """);
        Arr deps = (Arr) root.get("deps");
        assertEquals(2, deps.line());
        assertEquals(List.of("a", "b 1.0"), deps.items().stream().map(v -> ((Str) v).value()).toList());
        assertEquals(List.of(3, 5), deps.items().stream().map(MiniToml.Value::line).toList());
    }

    @Test
    void parse_strings_decodesEscapesAndMultiLineForms() throws Exception {
        Table root = MiniToml.parse("""
                basic = "tab\\there \\"quoted\\" \\u00e9 \\\\"
                literal = 'C:\\path\\no escapes'
                multi = \"\"\"
                first \\
                   joined
                second\"\"\"
                multiLiteral = '''
                raw \\n text'''
                """);
        assertEquals("tab\there \"quoted\" \u00e9 \\", ((Str) root.get("basic")).value());
        assertEquals("C:\\path\\no escapes", ((Str) root.get("literal")).value());
        assertEquals("first joined\nsecond", ((Str) root.get("multi")).value());
        assertEquals("raw \\n text", ((Str) root.get("multiLiteral")).value());
    }

    @Test
    void parse_dottedKeysAndInlineTables_buildNestedTables() throws Exception {
        Table root = MiniToml.parse("""
                [package]
                version.workspace = true
                license = { workspace = true }
                edition = 2021
                """);
        Table pkg = (Table) root.get("package");
        Table version = (Table) pkg.get("version");
        assertEquals("true", ((Scalar) version.get("workspace")).raw());
        Table license = (Table) pkg.get("license");
        assertEquals("true", ((Scalar) license.get("workspace")).raw());
        assertEquals("2021", ((Scalar) pkg.get("edition")).raw());
    }

    @Test
    void parse_arrayOfTablesHeaders_appendOneTablePerHeader() throws Exception {
        Table root = MiniToml.parse("""
                [[package]]
                name = "a"

                [[package]]
                name = "b"
                """);
        Arr packages = (Arr) root.get("package");
        assertTrue(packages.ofTables());
        assertEquals(2, packages.items().size());
        assertEquals(4, packages.items().get(1).line());
        assertEquals("b", ((Str) ((Table) packages.items().get(1)).get("name")).value());
    }

    @Test
    void parse_quotedKeysInHeaderAndKeys_areOneSegmentEach() throws Exception {
        Table root = MiniToml.parse("""
                [target.'cfg(windows)'.dependencies]
                winapi = { version = "0.3", features = ["winuser"] }
                [metadata]
                "checksum a 1.0 (registry+https://x)" = "00"
                """);
        Table target = (Table) ((Table) root.get("target")).get("cfg(windows)");
        assertInstanceOf(Table.class, ((Table) target.get("dependencies")).get("winapi"));
        assertEquals("00", ((Str) ((Table) root.get("metadata"))
                .get("checksum a 1.0 (registry+https://x)")).value());
    }

    @Test
    void parse_crlfLineEnds_areAccepted() throws Exception {
        Table root = MiniToml.parse("a = \"x\"\r\nb = [\r\n \"y\",\r\n]\r\n");
        assertEquals("x", ((Str) root.get("a")).value());
        assertEquals(1, ((Arr) root.get("b")).items().size());
    }

    @Test
    void parse_keyDefinedTwice_failsAtTheSecondDefinition() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("a = 1\n\na = 2\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("defined twice (first on line 1)"), e.getMessage());
    }

    @Test
    void parse_tableDefinedTwice_fails() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("[a]\nx = 1\n[a]\n"));
        assertEquals(3, e.line());
    }

    @Test
    void parse_unterminatedString_failsAtItsLine() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("a = \"ok\"\nb = \"open\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("unterminated string"), e.getMessage());
    }

    @Test
    void parse_unclosedArray_failsAtTheLineItOpens() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("\ndeps = [\n \"a\",\n"));
        assertEquals(2, e.line());
    }

    @Test
    void parse_unquotedWord_isNotAValue() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("name = hello world\n"));
        assertEquals(1, e.line());
    }

    @Test
    void parse_textAfterValue_fails() {
        SyntaxError e = assertThrows(SyntaxError.class, () -> MiniToml.parse("a = \"x\" \"y\"\n"));
        assertTrue(e.getMessage().startsWith("expected the end of the line"), e.getMessage());
    }
}
