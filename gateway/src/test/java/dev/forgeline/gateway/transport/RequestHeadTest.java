package dev.forgeline.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHeadTest {

    private static RequestHead parse(String head) throws BadRequestException {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHead.parse(b, b.length);
    }

    @Test
    void parse_postWithLength_readsMethodTargetHeadersAndLength() throws Exception {
        RequestHead h = parse("POST /mcp?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nAccept: x\r\nAccept: y\r\n\r\n");
        assertEquals("POST", h.method());
        assertEquals("/mcp", h.uri().getPath());
        assertEquals(12, h.contentLength());
        assertEquals(2, h.headers().get("accept").size());
        assertTrue(h.keepAlive());
        assertTrue(h.hasBody());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1|close|false", "HTTP/1.1||true", "HTTP/1.0||false", "HTTP/1.0|keep-alive|true",
        "HTTP/1.1|Upgrade, close|false"})
    void keepAlive_followsVersionAndConnectionHeader(String version, String connection, boolean keep) throws Exception {
        String head = "GET / " + version + "\r\n" + (connection == null ? "" : "Connection: " + connection + "\r\n") + "\r\n";
        assertEquals(keep, parse(head).keepAlive());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /\\r\\n\\r\\n|400", "GET / HTTP/2.0\\r\\n\\r\\n|505", "G(T / HTTP/1.1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nBad Name: x\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nContent-Length: 1, 2\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|501",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\nContent-Length: 3\\r\\n\\r\\n|400"})
    void parse_refusesWhatHttpSaysToRefuse(String head, int status) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> parse(head.replace("\\r\\n", "\r\n")));
        assertEquals(status, e.status());
    }

    @Test
    void parse_valuesAreStrippedAsStringStripDoes_andNamesFoundInAnyCase() throws Exception {
        RequestHead h = parse("POST /mcp HTTP/1.0\r\nmcp-METHOD: \t tools/call \u000b\r\nX-E:\r\nhost:a:1\r\n\r\n");
        assertEquals("tools/call", h.headers().getFirst("Mcp-Method"));
        assertEquals("", h.headers().getFirst("x-e"));
        assertEquals("a:1", h.headers().getFirst("Host"));
        assertEquals("HTTP/1.0", h.version());
        assertFalse(h.keepAlive());
        assertEquals("\u00e9\u00a0", parse("GET / HTTP/1.1\r\nX: \u00e9\u00a0\r\n\r\n").headers().getFirst("X"), "a no-break space is no white space to strip");
    }

    @Test
    void parse_sameTarget_sameUri_otherTargetsTheirOwn() throws Exception {
        RequestHead a = parse("GET /mcp?a=1 HTTP/1.1\r\n\r\n");
        RequestHead b = parse("GET /mcp?a=1 HTTP/1.1\r\n\r\n");
        assertEquals(a.uri(), b.uri());
        for (int i = 0; i < 20; i++) {
            assertEquals("/p" + i, parse("GET /p" + i + " HTTP/1.1\r\n\r\n").uri().getPath());
        }
        assertEquals("a=1", parse("GET /mcp?a=1 HTTP/1.1\r\n\r\n").uri().getQuery());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1<CRLF>X: a<CR>b<CRLF><CRLF>|400", "GET / HTTP/1.1<CRLF>X\u00e9: a<CRLF><CRLF>|400",
        "GET /a b HTTP/1.1<CRLF><CRLF>|400", "GET /a<CR>b HTTP/1.1<CRLF><CRLF>|400",
        "GET / HTTP/1.1<CR><CRLF><CRLF>|505", "GET / http/1.1<CRLF><CRLF>|505",
        "GET / HTTP/1.1<CRLF>: x<CRLF><CRLF>|400", "GET / HTTP/1.1<CRLF><TAB>X: x<CRLF><CRLF>|400"})
    void parse_refusesBareCrsNonTokensAndBadTargets(String head, int status) {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> parse(head.replace("<CRLF>", "\r\n").replace("<CR>", "\r").replace("<TAB>", "\t")));
        assertEquals(status, e.status());
    }

    @Test
    void headReader_findsTheEndAcrossPieces_andLeavesTheBody() {
        HeadReader reader = new HeadReader(1024);
        assertEquals(HeadReader.State.REQUEST_LINE, reader.feed(buf("\r\nGET / HT")));
        assertEquals(HeadReader.State.HEADERS, reader.feed(buf("TP/1.1\r\nHost: a\r")));
        ByteBuffer rest = buf("\n\r\nBODY");
        assertEquals(HeadReader.State.COMPLETE, reader.feed(rest));
        assertEquals("BODY", StandardCharsets.ISO_8859_1.decode(rest).toString());
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\n\r\n", new String(reader.bytes(), 0, reader.length(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void headReader_inOneBuffer_endsAtTheBlankLine_exactlyAtItsBound_andLeavesTheNextRequest() {
        String head = "GET /a HTTP/1.1\r\nHost: a\r\nX: \n\r\n";
        HeadReader reader = new HeadReader(head.length());
        ByteBuffer in = buf("\r\n\n" + head + "GET /b HTTP/1.1\r\n\r\n");
        assertEquals(HeadReader.State.COMPLETE, reader.feed(in));
        assertEquals(head, new String(reader.bytes(), 0, reader.length(), StandardCharsets.ISO_8859_1));
        assertEquals("GET /b HTTP/1.1\r\n\r\n", StandardCharsets.ISO_8859_1.decode(in).toString());

        HeadReader small = new HeadReader(head.length() - 1);
        assertEquals(HeadReader.State.TOO_LARGE, small.feed(buf(head)));
        HeadReader bytewise = new HeadReader(1024);
        for (char c : head.toCharArray()) {
            bytewise.feed(buf(String.valueOf(c)));
        }
        assertEquals(HeadReader.State.COMPLETE, bytewise.state());
        assertEquals(head.length(), bytewise.length());
    }

    @Test
    void headReader_overItsBound_isTooLarge() {
        HeadReader reader = new HeadReader(64);
        assertEquals(HeadReader.State.TOO_LARGE, reader.feed(buf("GET / HTTP/1.1\r\nX: " + "a".repeat(100))));
        assertTrue(reader.requestLineComplete());
        HeadReader line = new HeadReader(64);
        line.feed(buf("GET /" + "a".repeat(100)));
        assertFalse(line.requestLineComplete());
    }

    @Test
    void bodyReader_chunked_decodesAcrossPieces_andStopsAtItsEnd() throws Exception {
        BodyReader body = new BodyReader(0, true, 100, 1000, new BufferBudget(1 << 20));
        body.feed(buf("5;ext=1\r\nhel"));
        assertFalse(body.complete());
        ByteBuffer rest = buf("lo\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT");
        body.feed(rest);
        assertTrue(body.complete());
        assertEquals("hello world", new String(body.body(), StandardCharsets.UTF_8));
        assertEquals("NEXT", StandardCharsets.ISO_8859_1.decode(rest).toString());
    }

    @Test
    void bodyReader_keepsOnlyItsLimit_dropsTheRest_andOverflowsPastTheDiscardLimit() throws Exception {
        BodyReader body = new BodyReader(50, false, 10, 1000, new BufferBudget(1 << 20));
        body.feed(buf("x".repeat(50)));
        assertTrue(body.complete());
        assertFalse(body.overflowed());
        assertEquals(10, body.body().length);

        BodyReader huge = new BodyReader(5000, false, 10, 100, new BufferBudget(1 << 20));
        huge.feed(buf("x".repeat(200)));
        assertTrue(huge.overflowed());
    }

    @Test
    void bodyReader_overTheSharedBudget_isRefused() {
        BufferBudget budget = new BufferBudget(1024);
        BodyReader body = new BodyReader(5000, false, 5000, 10_000, budget);
        assertThrows(BufferBudget.Exhausted.class, () -> body.feed(buf("x".repeat(5000))));
        assertEquals(0, budget.used());
    }

    @Test
    void bodyReader_badChunkSize_is400() {
        BodyReader body = new BodyReader(0, true, 100, 1000, new BufferBudget(1 << 20));
        BadRequestException e = assertThrows(BadRequestException.class, () -> body.feed(buf("zz\r\n")));
        assertEquals(400, e.status());
    }

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
