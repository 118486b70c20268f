package dev.forgeline.release.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A stand-in for Maven Central's Publisher API (https://central.sonatype.org/publish/publish-portal-api/) on
 * loopback, for tests: Central itself cannot be reached from here. It speaks the documented protocol:
 * {@code POST /api/v1/publisher/upload} (multipart field {@code bundle}, {@code publishingType}, {@code name}; 201
 * with the deployment id), {@code POST /api/v1/publisher/status?id=} (deploymentState and per-component errors),
 * {@code GET /api/v1/publisher/published}, {@code POST}/{@code DELETE /api/v1/publisher/deployment/{id}}; 401 without
 * the right {@code Authorization: Bearer base64(user:password)}.
 *
 * <p>A deployment goes PENDING, VALIDATING, then VALIDATED or FAILED, then (AUTOMATIC, or once published) PUBLISHING,
 * PUBLISHED, one step every {@link #stepDelay}. Validation is its own, as Central's: every file signed ({@code .asc}
 * present and armored), {@code .md5} and {@code .sha1} present and right, POM name, description, url, licenses,
 * developers and scm (inherited from a parent POM in the bundle but for name), {@code -sources.jar} and
 * {@code -javadoc.jar} for every main jar. Faults on request: the next uploads or status calls answer 5xx, or an
 * upload is accepted and its answer never sent. It counts the uploads it accepted.
 */
public final class CentralPortalStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIDECARS = List.of(".asc", ".md5", ".sha1", ".sha256", ".sha512",
            ".sigstore.json");

    /** One deployment as the stand-in holds it. */
    public static final class Deployment {
        public final String id;
        public final String name;
        public final String publishingType;
        public final Map<String, byte[]> files;
        public final Map<String, List<String>> errors;
        final long created = System.nanoTime();
        volatile boolean publishRequested;
        volatile boolean dropped;

        Deployment(String id, String name, String publishingType, Map<String, byte[]> files,
                Map<String, List<String>> errors) {
            this.id = id;
            this.name = name;
            this.publishingType = publishingType;
            this.files = files;
            this.errors = errors;
        }
    }

    private final HttpServer server;
    private final String expectedAuthorization;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final AtomicInteger uploadRequests = new AtomicInteger();
    private final AtomicInteger failUploads = new AtomicInteger();
    private final AtomicInteger failStatus = new AtomicInteger();
    private final AtomicInteger dropUploadAnswers = new AtomicInteger();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private volatile Duration stepDelay = Duration.ofMillis(100);
    private volatile Duration droppedAnswerDelay = Duration.ofSeconds(3);

    private CentralPortalStandIn(String user, String password) throws IOException {
        expectedAuthorization = "Bearer " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "central-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/publisher/", this::handle);
        server.start();
    }

    /** Starts the stand-in on a free loopback port, accepting the portal token of {@code user}:{@code password}. */
    public static CentralPortalStandIn start(String user, String password) throws IOException {
        return new CentralPortalStandIn(user, password);
    }

    /** {@code http://127.0.0.1:PORT/}: the portal's base URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Each state lasts this long before the next (slow transitions: raise it). */
    public CentralPortalStandIn stepDelay(Duration delay) {
        stepDelay = delay;
        return this;
    }

    /** The next {@code n} uploads answer 503 (nothing is created). */
    public void failNextUploads(int n) {
        failUploads.set(n);
    }

    /** The next {@code n} status requests answer 502. */
    public void failNextStatusRequests(int n) {
        failStatus.set(n);
    }

    /** The next upload is accepted (the deployment exists), but its answer is held past the client's timeout. */
    public void dropNextUploadAnswer(Duration holdFor) {
        droppedAnswerDelay = holdFor;
        dropUploadAnswers.set(1);
    }

    /** Deployments created, in order. */
    public List<Deployment> deployments() {
        List<Deployment> list = new ArrayList<>(deployments.values());
        list.sort((a, b) -> Long.compare(a.created, b.created));
        return list;
    }

    /** Upload requests received, whatever became of them. */
    public int uploadRequests() {
        return uploadRequests.get();
    }

    /** Requests refused with 401. */
    public int unauthorizedRequests() {
        return unauthorized.get();
    }

    /** Every request line received ({@code METHOD /path?query}), for the tests' secret checks. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** The state a deployment is in now. */
    public String state(Deployment d) {
        if (d.dropped) {
            return "DROPPED";
        }
        long steps = Duration.ofNanos(System.nanoTime() - d.created).toMillis() / Math.max(1, stepDelay.toMillis());
        if (steps < 1) {
            return "PENDING";
        }
        if (steps < 2) {
            return "VALIDATING";
        }
        if (!d.errors.isEmpty()) {
            return "FAILED";
        }
        boolean publish = d.publishingType.equals("AUTOMATIC") || d.publishRequested;
        if (steps < 3 || !publish) {
            return "VALIDATED";
        }
        return steps < 4 ? "PUBLISHING" : "PUBLISHED";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requestLines.add(exchange.getRequestMethod() + " " + uri);
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                send(exchange, 401, "text/plain", "Invalid token");
                return;
            }
            String path = uri.getPath();
            Map<String, String> query = query(uri.getRawQuery());
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/api/v1/publisher/upload")) {
                upload(exchange, query);
            } else if (method.equals("POST") && path.equals("/api/v1/publisher/status")) {
                status(exchange, query.get("id"));
            } else if (method.equals("GET") && path.equals("/api/v1/publisher/published")) {
                boolean published = deployments.values().stream()
                        .filter(d -> state(d).equals("PUBLISHED"))
                        .anyMatch(d -> d.files.containsKey(query.get("namespace").replace('.', '/') + "/"
                                + query.get("name") + "/" + query.get("version") + "/" + query.get("name") + "-"
                                + query.get("version") + ".pom"));
                send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("published", published)));
            } else if (path.startsWith("/api/v1/publisher/deployment/")) {
                Deployment d = deployments.get(path.substring(path.lastIndexOf('/') + 1));
                if (d == null) {
                    send(exchange, 404, "text/plain", "Deployment not found");
                } else if (method.equals("POST") && state(d).equals("VALIDATED")) {
                    d.publishRequested = true;
                    send(exchange, 204, null, "");
                } else if (method.equals("DELETE")) {
                    d.dropped = true;
                    send(exchange, 204, null, "");
                } else {
                    send(exchange, 400, "text/plain", "Deployment is " + state(d));
                }
            } else {
                send(exchange, 404, "text/plain", "Not found");
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", e.toString());
        }
    }

    private void upload(HttpExchange exchange, Map<String, String> query) throws IOException {
        uploadRequests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (failUploads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 503, "text/plain", "Service Unavailable");
            return;
        }
        String type = query.getOrDefault("publishingType", "AUTOMATIC");
        if (!type.equals("AUTOMATIC") && !type.equals("USER_MANAGED")) {
            send(exchange, 400, "text/plain", "Invalid publishingType");
            return;
        }
        byte[] bundle = bundlePart(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        if (bundle == null) {
            send(exchange, 400, "text/plain", "Expected a multipart part named bundle with a filename");
            return;
        }
        Map<String, byte[]> files = unzip(bundle);
        String id = UUID.randomUUID().toString();
        deployments.put(id, new Deployment(id, query.getOrDefault("name", "deployment"), type, files,
                validate(files)));
        if (dropUploadAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            try {
                Thread.sleep(droppedAnswerDelay.toMillis()); // the client gives up first: the answer is lost
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return; // closing the exchange without an answer drops the connection
        }
        send(exchange, 201, "text/plain", id);
    }

    private void status(HttpExchange exchange, String id) throws IOException {
        if (failStatus.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 502, "text/plain", "Bad Gateway");
            return;
        }
        Deployment d = id == null ? null : deployments.get(id);
        if (d == null) {
            send(exchange, 404, "text/plain", "Deployment not found");
            return;
        }
        String state = state(d);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deploymentId", d.id);
        answer.put("deploymentName", d.name);
        answer.put("deploymentState", state);
        answer.put("purls", purls(d.files));
        if (state.equals("FAILED")) {
            answer.put("errors", d.errors);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /** Central's checks, done here on the bundle as received. */
    static Map<String, List<String>> validate(Map<String, byte[]> files) {
        Map<String, List<String>> errors = new TreeMap<>();
        Map<String, String> pomsByGav = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String path = e.getKey();
            if (path.endsWith(".pom")) {
                pomsByGav.put(gavOfPath(path), new String(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String path = e.getKey();
            if (SIDECARS.stream().anyMatch(path::endsWith) || path.endsWith("maven-metadata.xml")) {
                continue;
            }
            String[] s = path.split("/");
            if (s.length < 4) {
                add(errors, "bundle", "File " + path + " is not in a group/artifact/version directory");
                continue;
            }
            String component = purl(path);
            byte[] signature = files.get(path + ".asc");
            if (signature == null) {
                add(errors, component, "Missing signature for file: " + s[s.length - 1]);
            } else if (!new String(signature, StandardCharsets.US_ASCII).startsWith("-----BEGIN PGP SIGNATURE-----")) {
                add(errors, component, "Invalid signature for file: " + s[s.length - 1]);
            }
            for (String algorithm : List.of("md5", "sha1")) {
                byte[] sum = files.get(path + "." + algorithm);
                if (sum == null) {
                    add(errors, component, "Missing " + algorithm + " checksum for file: " + s[s.length - 1]);
                } else if (!new String(sum, StandardCharsets.US_ASCII).strip().split("\\s")[0]
                        .equalsIgnoreCase(hex(algorithm.equals("md5") ? "MD5" : "SHA-1", e.getValue()))) {
                    add(errors, component, "Invalid " + algorithm + " checksum for file: " + s[s.length - 1]);
                }
            }
            String base = s[s.length - 3] + "-" + s[s.length - 2];
            if (s[s.length - 1].equals(base + ".jar")) {
                String dir = path.substring(0, path.lastIndexOf('/') + 1);
                for (String classifier : List.of("sources", "javadoc")) {
                    if (!files.containsKey(dir + base + "-" + classifier + ".jar")) {
                        add(errors, component, "Missing " + classifier + " jar for " + s[s.length - 1]);
                    }
                }
            }
            if (s[s.length - 1].equals(base + ".pom")) {
                String pom = new String(e.getValue(), StandardCharsets.UTF_8);
                if (element(pom, "name") == null) {
                    add(errors, component, "Project name is missing");
                }
                for (String required : List.of("description", "url", "licenses", "developers", "scm")) {
                    if (inherited(pom, required, pomsByGav) == null) {
                        add(errors, component, "Project " + required + " is missing");
                    }
                }
            }
        }
        return errors;
    }

    private static String inherited(String pom, String element, Map<String, String> poms) {
        for (int depth = 0; pom != null && depth < 8; depth++) {
            String value = element(pom, element);
            if (value != null) {
                return value;
            }
            String parent = element(pom, "parent");
            pom = parent == null ? null : poms.get(element(parent, "groupId") + ":" + element(parent, "artifactId")
                    + ":" + element(parent, "version"));
        }
        return null;
    }

    /** The text of the first {@code <name>} element outside {@code <parent>}, or null when absent or blank. */
    private static String element(String xml, String name) {
        String scope = name.equals("parent") ? xml : xml.replaceAll("(?s)<parent>.*?</parent>", "")
                .replaceAll("(?s)<dependencies>.*?</dependencies>", "")
                .replaceAll("(?s)<build>.*?</build>", "")
                .replaceAll("(?s)<licenses>.*?</licenses>", name.equals("licenses") ? "$0" : "")
                .replaceAll("(?s)<developers>.*?</developers>", name.equals("developers") ? "$0" : "")
                .replaceAll("(?s)<scm>.*?</scm>", name.equals("scm") ? "$0" : "");
        Matcher m = Pattern.compile("(?s)<" + name + ">(.*?)</" + name + ">").matcher(scope);
        return m.find() && !m.group(1).isBlank() ? m.group(1).strip() : null;
    }

    private static void add(Map<String, List<String>> errors, String component, String message) {
        errors.computeIfAbsent(component, k -> new ArrayList<>()).add(message);
    }

    private static List<String> purls(Map<String, byte[]> files) {
        return files.keySet().stream().filter(p -> p.endsWith(".pom")).map(CentralPortalStandIn::purl).sorted()
                .toList();
    }

    private static String purl(String path) {
        String[] s = path.split("/");
        String group = String.join(".", java.util.Arrays.copyOf(s, s.length - 3));
        return "pkg:maven/" + group + "/" + s[s.length - 3] + "@" + s[s.length - 2];
    }

    private static String gavOfPath(String path) {
        String[] s = path.split("/");
        return String.join(".", java.util.Arrays.copyOf(s, s.length - 3)) + ":" + s[s.length - 3] + ":"
                + s[s.length - 2];
    }

    private static byte[] bundlePart(String contentType, byte[] body) {
        if (contentType == null || !contentType.startsWith("multipart/form-data")) {
            return null;
        }
        Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!boundary.find()) {
            return null;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        for (String part : text.split(Pattern.quote(delimiter))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            if (headers.contains("name=\"bundle\"") && headers.contains("filename=\"")) {
                String content = part.substring(headerEnd + 4, part.length() - 2); // the CRLF before the delimiter
                return content.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (InputStream in = new ByteArrayInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), entries.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (status != 204 && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

}
