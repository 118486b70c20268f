package dev.forgeline.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeCheckTest {

    /** The check as it was written first: the media type before ';', trimmed, compared ignoring case. */
    private static boolean reference(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", " application/json ; charset=utf-8", "application/json;",
        "application/jsonx", "application/json-seq", "text/json", "", ";application/json", "\tapplication/json\t",
        "application/ json", "application/json\u00a0", "application/\u212Ason"})
    void isJson_agreesWithTheSplitTrimCheck(String contentType) {
        assertEquals(reference(contentType), McpHttpHandler.isJson(contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml; x=application/json"})
    void isJson_otherTypes_areNot(String contentType) {
        assertFalse(McpHttpHandler.isJson(contentType));
        assertFalse(McpHttpHandler.isJson(null));
    }
}
