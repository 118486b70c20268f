package dev.forgeline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptHeaderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json, text/event-stream|true|true",
            "text/event-stream;q=0.9, application/json|true|true",
            "APPLICATION/JSON, Text/Event-Stream|true|true",
            "application/json|true|false",
            "*/*|true|true",
            "application/*, text/*|true|true",
            "*/*, text/event-stream;q=0|true|false",
            "text/html|false|false",
            "garbage|false|false"})
    void accepts_followsMediaRangesAndQZero(String header, boolean json, boolean sse) {
        AcceptHeader accept = AcceptHeader.parse(List.of(header));
        assertEquals(json, accept.accepts("application/json"));
        assertEquals(sse, accept.accepts("text/event-stream"));
    }

    @ParameterizedTest
    @CsvSource({"application/json,text/event-stream"})
    void accepts_rangesSpreadOverSeveralHeaders_count(String first, String second) {
        AcceptHeader accept = AcceptHeader.parse(List.of(first, second));
        assertEquals(true, accept.accepts("application/json") && accept.accepts("text/event-stream"));
    }

    @org.junit.jupiter.api.Test
    void accepts_noHeader_acceptsNothing() {
        assertEquals(false, AcceptHeader.parse(null).accepts("application/json"));
    }
}
