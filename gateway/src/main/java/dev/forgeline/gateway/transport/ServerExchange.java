package dev.forgeline.gateway.transport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its response, as the {@link HttpExchange} that handlers and filters expect. The
 * request is complete in memory when this is made (the reactor read it); the response is written by
 * the worker thread that runs the handler. {@link #finish} ends it and says whether the connection
 * may carry another request.
 */
final class ServerExchange extends HttpExchange {
    private final RequestHead request;
    private final Route route;
    private final Connection connection;
    private final Headers responseHeaders = new HeaderMap();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ResponseStream response;
    private InputStream in;
    private OutputStream out;
    private int status = -1;
    private boolean keepAlive;

    ServerExchange(RequestHead request, byte[] body, Route route, Connection connection, ChannelWriter writer) {
        this.request = request;
        this.route = route;
        this.connection = connection;
        this.in = new InMemoryBody(body);
        this.response = new ResponseStream(writer);
        this.out = response;
        this.keepAlive = request.keepAlive();
    }

    @Override
    public Headers getRequestHeaders() {
        return request.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return request.uri();
    }

    @Override
    public String getRequestMethod() {
        return request.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return route;
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (response.started()) {
            throw new IOException("response headers already sent");
        }
        status = rCode;
        boolean bodiless = rCode < 200 || rCode == 204 || rCode == 304;
        ResponseStream.Mode mode;
        if (bodiless || responseLength < 0) {
            mode = ResponseStream.Mode.NONE;
        } else if (responseLength == 0) {
            mode = ResponseStream.Mode.CHUNKED;
        } else {
            mode = ResponseStream.Mode.FIXED;
        }
        List<String> connection = responseHeaders.get("Connection");
        if (connection != null) {
            for (String v : connection) {
                if (v.toLowerCase(Locale.ROOT).contains("close")) {
                    keepAlive = false;
                }
            }
        }
        HeadBytes head = new HeadBytes(StatusLine.bytes(rCode));
        head.ascii("Date: ").ascii(StatusLine.date()).crlf();
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Connection") && !name.equalsIgnoreCase("Date")) {
                for (String v : header.getValue()) {
                    head.ascii(name).ascii(": ").ascii(v).crlf();
                }
            }
        }
        switch (mode) {
            case FIXED -> head.ascii("Content-Length: ").number(responseLength).crlf();
            case CHUNKED -> head.ascii("Transfer-Encoding: chunked\r\n");
            case NONE -> {
                if (!bodiless) {
                    head.ascii("Content-Length: 0\r\n");
                }
            }
        }
        if (!keepAlive) {
            head.ascii("Connection: close\r\n");
        } else if (!request.http11()) {
            head.ascii("Connection: keep-alive\r\n");
        }
        head.crlf();
        response.begin(head.bytes(), mode, responseLength, request.method().equals("HEAD"));
    }

    /** A response head written straight to bytes as ISO-8859-1 encodes them (a char beyond it becomes '?'). */
    private static final class HeadBytes {
        private byte[] buf = new byte[256];
        private int count;

        HeadBytes(byte[] statusLine) {
            System.arraycopy(statusLine, 0, buf, 0, statusLine.length);
            count = statusLine.length;
        }

        HeadBytes ascii(String s) {
            int len = s.length();
            if (count + len > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // one code point, one '?' (as the encoder has it)
                }
                buf[count++] = c <= 0xFF ? (byte) c : (byte) '?';
            }
            return this;
        }

        HeadBytes number(long n) {
            return ascii(Long.toString(n));
        }

        HeadBytes crlf() {
            return ascii("\r\n");
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, count);
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return connection.remote();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.local();
    }

    @Override
    public String getProtocol() {
        return request.version();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    @Override
    public void close() {
        try {
            in.close();
            out.close();
        } catch (IOException e) {
            keepAlive = false;
        }
    }

    /**
     * Ends the exchange: a handler that threw before answering gets a 500 here, a response that
     * never started or did not match its length closes the connection. True if it can be kept.
     */
    boolean finish(boolean handlerFailed) {
        if (!response.started() && handlerFailed) {
            try {
                keepAlive = false;
                sendResponseHeaders(500, -1);
            } catch (IOException e) {
                return false;
            }
        }
        close();
        try {
            response.close();
        } catch (IOException e) {
            return false;
        }
        return keepAlive && response.started() && response.intact();
    }

    /** The end of the response the socket has not taken yet (null if none), for the reactor to write. */
    java.nio.ByteBuffer unsent() {
        return response.unsent();
    }
}
