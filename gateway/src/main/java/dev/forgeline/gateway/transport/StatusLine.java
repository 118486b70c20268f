package dev.forgeline.gateway.transport;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Status lines, the Date header, and the short plain-text answers the transport gives on its own. */
final class StatusLine {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"), Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static volatile long dateSecond;
    private static volatile String date = "";

    private StatusLine() {}

    static String of(int status) {
        return "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status " + status) + "\r\n";
    }

    /** The status lines of the statuses with a known reason, encoded once. */
    private static final Map<Integer, byte[]> LINES = lines();

    private static Map<Integer, byte[]> lines() {
        Map<Integer, byte[]> lines = new java.util.HashMap<>();
        REASONS.keySet().forEach(status -> lines.put(status, of(status).getBytes(StandardCharsets.ISO_8859_1)));
        return Map.copyOf(lines);
    }

    /** {@link #of} as ISO-8859-1 bytes; callers copy them, never change them. */
    static byte[] bytes(int status) {
        byte[] line = LINES.get(status);
        return line != null ? line : of(status).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The Date header value, formatted at most once a second. */
    static String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = second;
        }
        return date;
    }

    /** A complete response that closes the connection: what the transport answers before any handler runs. */
    static byte[] plain(int status, String message, Map<String, String> extraHeaders) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(of(status));
        head.append("Date: ").append(date()).append("\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Type: text/plain; charset=utf-8\r\nContent-Length: ").append(body.length)
                .append("\r\nConnection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
}
