package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of one repository of an OCI distribution registry (distribution-spec v1.0: {@code /v2/<name>/blobs},
 * {@code /manifests}), on the JDK's HttpClient. Authentication follows the registry's {@code WWW-Authenticate}
 * challenge to {@code /v2/}: {@code Basic} sends the user and password; {@code Bearer realm=...,service=...} fetches a
 * token for this repository's scope from the realm (with the user and password, if any) and sends it. A configured
 * token is sent as the bearer token itself. Every blob and manifest read is checked against its digest; uploads are
 * streamed from the file, closed with their digest (which the registry checks), and the digest it answers with is
 * checked.
 */
public final class RegistryClient {
    public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String ACCEPT = INDEX_MEDIA_TYPE + ", " + MANIFEST_MEDIA_TYPE
            + ", application/vnd.docker.distribution.manifest.list.v2+json"
            + ", application/vnd.docker.distribution.manifest.v2+json";
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A manifest larger than this is refused (the distribution spec lets registries cap them at 4 MiB). */
    private static final int MAX_MANIFEST = 4 << 20;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final ImageReference image;
    private final RegistryCredentials credentials;
    private final Duration connectTimeout;
    private volatile HttpClient http;
    private final Duration requestTimeout;
    private final AtomicInteger blobUploads = new AtomicInteger();
    private final AtomicInteger manifestUploads = new AtomicInteger();
    private volatile String authorization;
    private volatile boolean authenticated;

    public RegistryClient(ImageReference image, RegistryCredentials credentials, Duration connectTimeout,
            Duration requestTimeout) {
        this.image = image;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
    }

    public RegistryClient(ImageReference image, RegistryCredentials credentials) {
        this(image, credentials, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    public ImageReference image() {
        return image;
    }

    /** Blobs this client uploaded (a rerun of a finished push uploads none). */
    public int blobUploads() {
        return blobUploads.get();
    }

    /** Manifests and tags this client put. */
    public int manifestUploads() {
        return manifestUploads.get();
    }

    /** Whether the repository holds the blob {@code digest}. */
    public boolean hasBlob(String digest) throws IOException, InterruptedException {
        HttpResponse<Void> r = send(() -> request(path("blobs/" + digest)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) {
            return false;
        }
        expect(r, "HEAD", path("blobs/" + digest), null, 200);
        return true;
    }

    /**
     * Uploads {@code file} as the blob {@code digest}: a POST opens the upload, one PUT streams the file and closes it
     * with the digest (the monolithic form, which every registry takes). The registry checks the bytes against the
     * digest, and its answer must name it; when it refuses them, the file is digested here to say whether it changed
     * after it was built (its digest is not {@code digest}) or the registry is at fault. A 200 MB layer is thus read once,
     * by the upload, and not digested again by the sender on the way.
     */
    public void uploadBlob(String digest, Path file) throws IOException, InterruptedException {
        long size = Files.size(file);
        uploadBlob(digest, file.getFileName().toString(), new MappedFileBody(file, size), () -> "sha256:" + dev.forgeline.release.common.Checksums.sha256(file));
    }

    /** Uploads {@code bytes} as the blob {@code digest}, as {@link #uploadBlob(String, Path)}. */
    public void uploadBlob(String digest, byte[] bytes) throws IOException, InterruptedException {
        uploadBlob(digest, "a " + bytes.length + "-byte blob", HttpRequest.BodyPublishers.ofByteArray(bytes),
                () -> CosignSignature.digest(bytes));
    }

    /** What the bytes of an upload digest to, asked only when the registry refused them. */
    private interface SentDigest {
        String get() throws IOException;
    }

    private void uploadBlob(String digest, String name, HttpRequest.BodyPublisher content, SentDigest sent)
            throws IOException, InterruptedException {
        URI start = path("blobs/uploads/");
        // POST opens the upload and one PUT carries every byte (the monolithic upload). distribution 2.8 ignores the
        // single-request form (POST ?digest= with the bytes) and opens a session anyway, so it is not tried.
        HttpResponse<String> opened = send(() -> request(start).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString());
        expect(opened, "POST", start, opened.body(), 202);
        String location = opened.headers().firstValue("Location").orElseThrow(() -> new RegistryException(202,
                "POST " + start + " opened an upload without a Location", "the registry does not follow the "
                        + "distribution spec", null));
        URI upload = start.resolve(location);
        URI put = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<String> done = send(() -> {
            // The JDK's timeout covers the whole upload, not a silence: a layer gets at least half an hour.
            return request(put).timeout(requestTimeout.compareTo(UPLOAD_TIMEOUT) > 0 ? requestTimeout : UPLOAD_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(content);
        }, HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            // A registry refuses bytes of another digest (400 DIGEST_INVALID), but only the sender can say that the
            // file is at fault: that is said first.
            String actual = sent.get();
            if (!actual.equals(digest)) {
                throw new RegistryException(done.statusCode(), "PUT " + withoutQuery(put) + ": the bytes sent from "
                        + name + " have digest " + actual + ", not " + digest, "the file changed after it was built: "
                        + "rebuild", null);
            }
        }
        expect(done, "PUT", put, done.body(), 201);
        checkAnswered(done, put, digest);
        blobUploads.incrementAndGet();
    }

    private static void checkAnswered(HttpResponse<?> done, URI uri, String digest) {
        String answered = done.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!answered.equals(digest)) {
            throw new RegistryException(201, done.request().method() + " " + withoutQuery(uri) + ": the registry stored "
                    + "digest " + answered + " for blob " + digest, "the registry altered the bytes: check it or its proxy",
                    null);
        }
    }

    /** The digest the registry names for manifest {@code reference} (a tag or digest), or empty when there is none. */
    public Optional<String> manifestDigest(String reference) throws IOException, InterruptedException {
        URI uri = path("manifests/" + reference);
        HttpResponse<Void> r = send(() -> request(uri).header("Accept", ACCEPT).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, "HEAD", uri, null, 200);
        Optional<String> digest = r.headers().firstValue("Docker-Content-Digest");
        if (digest.isPresent()) {
            return digest;
        }
        return fetchManifest(reference).map(Manifest::digest); // a registry that does not name it: from the bytes
    }

    /** A manifest as served: its bytes, media type and the SHA-256 of those bytes. */
    public record Manifest(byte[] bytes, String mediaType, String digest) {
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The manifest {@code reference} (tag or digest), or empty when there is none. Fetched by digest, its bytes must
     * have that digest (else {@link DigestMismatchException}).
     */
    public Optional<Manifest> fetchManifest(String reference) throws IOException, InterruptedException {
        URI uri = path("manifests/" + reference);
        HttpResponse<InputStream> r = send(() -> request(uri).header("Accept", ACCEPT).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 404) {
            r.body().close();
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MAX_MANIFEST + 1);
        }
        expect(r, "GET", uri, new String(bytes, 0, Math.min(bytes.length, 2000), StandardCharsets.UTF_8), 200);
        if (bytes.length > MAX_MANIFEST) {
            throw new RegistryException(200, "GET " + uri + ": the manifest is larger than " + MAX_MANIFEST + " bytes",
                    "this is not a manifest forgeline wrote", null);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new DigestMismatchException("manifest " + reference, digest);
        }
        String mediaType = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        return Optional.of(new Manifest(bytes, mediaType, digest));
    }

    /** Puts a manifest under {@code reference} (its digest, or a tag); returns the digest the registry names. */
    public String putManifest(String reference, String mediaType, byte[] bytes) throws IOException, InterruptedException {
        URI uri = path("manifests/" + reference);
        HttpResponse<String> r = send(() -> request(uri).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), HttpResponse.BodyHandlers.ofString());
        expect(r, "PUT", uri, r.body(), 201);
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
        String answered = r.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!answered.equals(digest)) {
            throw new RegistryException(201, "PUT " + uri + ": the registry stored digest " + answered + " for manifest "
                    + digest, "the registry altered the manifest: check it or its proxy", null);
        }
        manifestUploads.incrementAndGet();
        return digest;
    }

    /** Streams blob {@code digest} into {@code out}; the bytes must have that digest (else {@link DigestMismatchException}). */
    public void fetchBlob(String digest, OutputStream out) throws IOException, InterruptedException {
        URI uri = path("blobs/" + digest);
        HttpResponse<InputStream> r = send(() -> request(uri).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
            }
            expect(r, "GET", uri, body, 200);
        }
        MessageDigest sha = sha256();
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest)) {
            throw new DigestMismatchException("blob " + digest, actual);
        }
    }

    /** The registry served bytes that are not those of the digest they were asked by. */
    public static final class DigestMismatchException extends IOException {
        private final String actual;

        DigestMismatchException(String what, String actual) {
            super(what + " was served with digest " + actual);
            this.actual = actual;
        }

        public String actual() {
            return actual;
        }
    }

    private URI path(String rest) {
        return URI.create(image.base() + "/v2/" + image.repository() + "/" + rest);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("User-Agent", "forgeline");
        String auth = authorization;
        return auth == null ? b : b.header("Authorization", auth);
    }

    /**
     * Sends a request built by {@code build}, authenticating first (once per client) and once more when the registry
     * answers 401 with a new challenge (an expired token, a wider scope).
     */
    private <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> build, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        if (!authenticated) {
            authenticate(null);
        }
        HttpResponse<T> r = exchange(build.get().build(), handler);
        if (r.statusCode() == 401) {
            Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
            if (challenge.isPresent() && authorizeFor(challenge.get(), r.request().uri())) {
                discard(r);
                r = exchange(build.get().build(), handler);
            }
        }
        return r;
    }

    private static <T> void discard(HttpResponse<T> r) throws IOException {
        if (r.body() instanceof InputStream in) {
            in.close();
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return http().send(request, handler);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new RegistryException(0, request.method() + " " + withoutQuery(request.uri()) + " timed out after "
                    + requestTimeout, "check that the registry " + image.registry() + " is up", e);
        } catch (java.net.ConnectException e) {
            throw new RegistryException(0, "cannot reach the registry " + image.registry() + " (" + request.method() + " "
                    + withoutQuery(request.uri()) + ": connection refused)", "check the host and port of the image "
                    + "reference, and that the registry is running", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The HTTP client, made on first use: making one costs a process a large part of a second (the JDK's TLS set-up),
     * which a push overlaps with loading its key by making the client on its upload thread. HTTP/1.1: registries speak
     * it everywhere, and the JDK's default (HTTP/2) would try an h2c upgrade on plain http. Its connections are kept
     * alive and reused, one per upload running at a time.
     */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL);
                    if (image.loopback()) {
                        builder.sslContext(PlainHttpOnly.CONTEXT); // loopback is plain http: no TLS, so no trust store
                    }
                    http = client = builder.build();
                }
            }
        }
        return client;
    }

    /**
     * Logs in: what every request does first, once per client, so a push may start it while it reads the release.
     * Safe to call from any thread; the first request waits for a login under way.
     */
    public void login() throws IOException, InterruptedException {
        authenticate(null);
    }

    /** {@code GET /v2/}: learns how the registry wants to be logged in to, before any body is sent. */
    private synchronized void authenticate(URI ignored) throws IOException, InterruptedException {
        if (authenticated) {
            return;
        }
        URI ping = URI.create(image.base() + "/v2/");
        HttpResponse<Void> r = exchange(HttpRequest.newBuilder(ping).timeout(requestTimeout)
                .header("User-Agent", "forgeline").GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            if (credentials.anonymous() && !scheme(challenge).equalsIgnoreCase("Bearer")) {
                throw new RegistryException(401, "the registry " + image.registry() + " asks for a login (" + scheme(challenge)
                        + ") and none is configured", loginHint(), null);
            }
            authorizeFor(challenge, ping);
        } else if (r.statusCode() != 200) {
            throw new RegistryException(r.statusCode(), "GET " + ping + " answered HTTP " + r.statusCode()
                    + ": not an OCI distribution registry?", "check the registry part of the image reference", null);
        }
        authenticated = true;
    }

    /** Sets the Authorization header a challenge asks for; false when it asks for nothing this client can give. */
    private boolean authorizeFor(String challenge, URI uri) throws IOException, InterruptedException {
        String scheme = scheme(challenge);
        if (scheme.equalsIgnoreCase("Basic")) {
            if (credentials.anonymous()) {
                throw new RegistryException(401, "the registry " + image.registry() + " asks for a login (Basic) and "
                        + "none is configured", loginHint(), null);
            }
            if (credentials.basicHeader() == null) {
                throw new RegistryException(401, "the registry " + image.registry() + " asks for a user and password, "
                        + "and the login from " + credentials.description() + " is a token", loginHint(), null);
            }
            authorization = credentials.basicHeader();
            return true;
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
            throw new RegistryException(401, "the registry " + image.registry() + " asks for an unsupported login scheme "
                    + scheme, "forgeline speaks Basic and Bearer (token) authentication", null);
        }
        if (credentials.token() != null) {
            if (("Bearer " + credentials.token()).equals(authorization)) {
                return false; // sent already and refused
            }
            authorization = "Bearer " + credentials.token();
            return true;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new RegistryException(401, "the registry " + image.registry() + " asks for a token without naming "
                    + "its realm", "the registry does not follow the token authentication spec", null);
        }
        String scope = params.getOrDefault("scope", "repository:" + image.repository() + ":pull,push");
        StringBuilder query = new StringBuilder();
        for (String key : List.of("service")) {
            if (params.containsKey(key)) {
                query.append(query.isEmpty() ? "" : "&").append(key).append('=')
                        .append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
            }
        }
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        if (!tokenUri.getScheme().equals("https") && !new ImageReference(tokenUri.getAuthority(), "x", "t", null)
                .loopback()) {
            throw new RegistryException(401, "the registry's token realm " + withoutQuery(tokenUri) + " is not https",
                    "credentials are sent over https only (plain http on loopback)", null);
        }
        HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(tokenUri).timeout(requestTimeout)
                .header("User-Agent", "forgeline");
        if (credentials.basicHeader() != null) {
            tokenRequest.header("Authorization", credentials.basicHeader());
        } // anonymous: the realm's anonymous (pull) token, as public registries hand out
        HttpResponse<String> r = exchange(tokenRequest.GET().build(), HttpResponse.BodyHandlers.ofString());
        expect(r, "GET", tokenUri, r.body(), 200);
        JsonNode answer = JSON.readTree(r.body());
        String token = answer.hasNonNull("token") ? answer.get("token").asText() : answer.path("access_token").asText();
        if (token.isEmpty()) {
            throw new RegistryException(200, "the token endpoint " + withoutQuery(tokenUri) + " answered without a token",
                    "the registry does not follow the token authentication spec", null);
        }
        String header = "Bearer " + token;
        if (header.equals(authorization)) {
            return false;
        }
        authorization = header;
        return true;
    }

    private static String scheme(String challenge) {
        String trimmed = challenge.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    private String loginHint() {
        return "set " + RegistryCredentials.USERNAME_ENV + " and " + RegistryCredentials.PASSWORD_ENV + " (or "
                + RegistryCredentials.TOKEN_ENV + "), or log in with docker login " + image.registry();
    }

    /** Fails with a message for the status: 401 the login, 403 the permission, 404 the repository, else what was said. */
    private void expect(HttpResponse<?> r, String method, URI uri, String body, int wanted) {
        int status = r.statusCode();
        if (status == wanted) {
            return;
        }
        String what = method + " " + withoutQuery(uri) + " failed: HTTP " + status + registryError(body);
        String hint = switch (status) {
            case 401 -> "the registry refused the login from " + credentials.description() + ": " + loginHint();
            case 403 -> "the login from " + credentials.description() + " may not " + ("GET".equals(method)
                    || "HEAD".equals(method) ? "read" : "push to") + " " + image.repositoryName()
                    + ": ask the registry's owner for access";
            case 404 -> "the registry has no repository " + image.repository() + " (or hides it from this login): "
                    + "check the image reference";
            default -> "see the registry's log; a rerun resumes (what is pushed stays)";
        };
        throw new RegistryException(status, redact(what), hint, null);
    }

    /** {@code (DENIED: requested access to the resource is denied)} from a registry's error body, if it has one. */
    private static String registryError(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            if (first.has("code")) {
                return " (" + first.get("code").asText() + ": " + first.path("message").asText() + ")";
            }
        } catch (IOException notJson) {
            // fall through
        }
        return "";
    }

    private String redact(String text) {
        String out = text;
        for (String secret : credentials.secrets()) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
