package dev.forgeline.gateway.transport;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A parsed request head. {@link #parse} refuses what HTTP/1.1 (RFC 9112) says to refuse, and the
 * ambiguities that enable request smuggling: both Content-Length and Transfer-Encoding, differing
 * Content-Lengths, a transfer coding other than chunked, folded header lines.
 */
record RequestHead(String method, URI uri, String version, Headers headers, long contentLength, boolean chunked) {

    boolean http11() {
        return version.equals("HTTP/1.1");
    }

    /** Whether the client asked to keep the connection after this exchange. */
    boolean keepAlive() {
        List<String> connection = headers.get("Connection");
        boolean close = false;
        boolean keep = false;
        if (connection != null) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String t = token.trim().toLowerCase(Locale.ROOT);
                    close |= t.equals("close");
                    keep |= t.equals("keep-alive");
                }
            }
        }
        return !close && (http11() || keep);
    }

    boolean expectsContinue() {
        String expect = headers.getFirst("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue") && http11();
    }

    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /**
     * Parses the head in place, on its bytes (ISO-8859-1: one char per byte, so nothing can fail to decode): no
     * String of the whole head, none per line; names through {@link HeaderMap#wireName}, the target through a
     * small cache of the last distinct targets (a URI is immutable, and the same text makes the same URI).
     */
    static RequestHead parse(byte[] bytes, int length) throws BadRequestException {
        int lineEnd = indexOf(bytes, 0, length, (byte) '\n');
        int lineTo = stripCr(bytes, 0, lineEnd < 0 ? length : lineEnd);
        int sp1 = indexOf(bytes, 0, lineTo, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(bytes, sp1 + 1, lineTo, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || indexOf(bytes, sp2 + 1, lineTo, (byte) ' ') >= 0
                || !isToken(bytes, 0, sp1)) {
            throw new BadRequestException(400, "Bad Request: malformed request line");
        }
        String method = method(bytes, sp1);
        String version = version(bytes, sp2 + 1, lineTo);
        if (version == null) {
            throw new BadRequestException(505, "HTTP Version Not Supported: "
                    + printable(new String(bytes, sp2 + 1, lineTo - sp2 - 1, StandardCharsets.ISO_8859_1)));
        }
        URI uri = target(new String(bytes, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1));
        HeaderMap headers = new HeaderMap();
        int start = lineEnd + 1;
        while (lineEnd >= 0 && start < length) {
            lineEnd = indexOf(bytes, start, length, (byte) '\n');
            int from = start;
            int to = stripCr(bytes, from, lineEnd < 0 ? length : lineEnd);
            start = lineEnd + 1;
            if (to == from) {
                continue;
            }
            if (bytes[from] == ' ' || bytes[from] == '\t') {
                throw new BadRequestException(400, "Bad Request: folded header lines are not allowed");
            }
            int colon = indexOf(bytes, from, to, (byte) ':');
            if (colon <= from || !isToken(bytes, from, colon)) {
                throw new BadRequestException(400, "Bad Request: malformed header line");
            }
            // The value without surrounding white space, as String.strip has it for these chars.
            int vFrom = colon + 1;
            int vTo = to;
            while (vFrom < vTo && isStripped(bytes[vFrom])) {
                vFrom++;
            }
            while (vTo > vFrom && isStripped(bytes[vTo - 1])) {
                vTo--;
            }
            if (indexOf(bytes, vFrom, vTo, (byte) '\r') >= 0) {
                // RFC 9112 section 2.2: a bare CR is invalid (com.sun.net.httpserver.Headers refuses it too).
                throw new BadRequestException(400, "Bad Request: a CR inside a header line");
            }
            headers.addParsed(HeaderMap.wireName(bytes, from, colon),
                    new String(bytes, vFrom, vTo - vFrom, StandardCharsets.ISO_8859_1));
        }
        return new RequestHead(method, uri, version, headers, contentLength(headers), chunked(headers));
    }

    private static final int TARGETS = 8;
    /** The last distinct request targets and their URIs (immutable pairs, so sharing them across threads is safe). */
    private static final Target[] RECENT_TARGETS = new Target[TARGETS];

    private record Target(String text, URI uri) {}

    private static URI target(String text) throws BadRequestException {
        int slot = text.hashCode() & (TARGETS - 1);
        Target recent = RECENT_TARGETS[slot];
        if (recent != null && recent.text().equals(text)) {
            return recent.uri();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadRequestException(400, "Bad Request: malformed request target");
        }
        RECENT_TARGETS[slot] = new Target(text, uri);
        return uri;
    }

    private static String method(byte[] bytes, int length) {
        for (String known : METHODS) {
            if (known.length() == length && same(bytes, 0, known)) {
                return known;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static final String[] METHODS = {"POST", "GET", "DELETE", "HEAD", "OPTIONS", "PUT"};

    /** "HTTP/1.1" or "HTTP/1.0", or null for anything else. */
    private static String version(byte[] bytes, int from, int to) {
        if (to - from == 8 && same(bytes, from, "HTTP/1.1")) {
            return "HTTP/1.1";
        }
        if (to - from == 8 && same(bytes, from, "HTTP/1.0")) {
            return "HTTP/1.0";
        }
        return null;
    }

    private static boolean same(byte[] bytes, int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The end of the line {@code [from, to)} without one CR before its LF. */
    private static int stripCr(byte[] bytes, int from, int to) {
        return to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    }

    /** What String.strip removes, among ISO-8859-1 chars (Character.isWhitespace). */
    private static boolean isStripped(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    private static long contentLength(Headers headers) throws BadRequestException {
        List<String> values = headers.get("Content-Length");
        if (values == null) {
            return 0;
        }
        if (headers.containsKey("Transfer-Encoding")) {
            throw new BadRequestException(400, "Bad Request: both Content-Length and Transfer-Encoding");
        }
        long length = -1;
        for (String value : values) {
            for (String v : value.split(",")) {
                long n;
                try {
                    n = Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    throw new BadRequestException(400, "Bad Request: invalid Content-Length");
                }
                if (n < 0 || (length >= 0 && n != length)) {
                    throw new BadRequestException(400, "Bad Request: invalid Content-Length");
                }
                length = n;
            }
        }
        return length;
    }

    private static boolean chunked(Headers headers) throws BadRequestException {
        List<String> values = headers.get("Transfer-Encoding");
        if (values == null) {
            return false;
        }
        String joined = String.join(",", values).trim().toLowerCase(Locale.ROOT);
        if (!joined.equals("chunked")) {
            throw new BadRequestException(501, "Not Implemented: Transfer-Encoding other than chunked");
        }
        return true;
    }

    /** The tchar set of RFC 9110, section 5.6.2, by byte value. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TCHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c > 0 && c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
        }
    }

    private static boolean isToken(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!TCHAR[bytes[i] & 0xff]) {
                return false;
            }
        }
        return to > from;
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
