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

    static RequestHead parse(byte[] bytes, int length) throws BadRequestException {
        // ISO-8859-1 maps every byte to one char, so no byte sequence can fail to decode here.
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf('\n');
        String requestLine = stripCr(text, 0, lineEnd < 0 ? text.length() : lineEnd);
        int sp1 = requestLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || requestLine.indexOf(' ', sp2 + 1) >= 0
                || !isToken(requestLine.substring(0, sp1))) {
            throw new BadRequestException(400, "Bad Request: malformed request line");
        }
        String method = requestLine.substring(0, sp1);
        String version = requestLine.substring(sp2 + 1);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new BadRequestException(505, "HTTP Version Not Supported: " + printable(version));
        }
        URI uri;
        try {
            uri = new URI(requestLine.substring(sp1 + 1, sp2));
        } catch (URISyntaxException e) {
            throw new BadRequestException(400, "Bad Request: malformed request target");
        }
        Headers headers = new Headers();
        int start = lineEnd + 1;
        while (lineEnd >= 0 && start < text.length()) {
            lineEnd = text.indexOf('\n', start);
            String line = stripCr(text, start, lineEnd < 0 ? text.length() : lineEnd);
            start = lineEnd + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadRequestException(400, "Bad Request: folded header lines are not allowed");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new BadRequestException(400, "Bad Request: malformed header line");
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return new RequestHead(method, uri, version, headers, contentLength(headers), chunked(headers));
    }

    private static String stripCr(String text, int from, int to) {
        return to > from && text.charAt(to - 1) == '\r' ? text.substring(from, to - 1) : text.substring(from, to);
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

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
