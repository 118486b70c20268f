package dev.forgeline.release.maven;

import java.util.Objects;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.util.repository.AuthenticationBuilder;

/**
 * How a remote repository is logged in to: not at all, HTTP basic (user and password), or a bearer token. The secret
 * is held here and handed to maven-resolver only; {@link #toString()} and {@link #description()} never show it, so a
 * message or a journal that names the credentials cannot leak them.
 */
public final class RepositoryCredentials {

    /** The kinds of login. */
    public enum Kind { NONE, BASIC, BEARER }

    private static final RepositoryCredentials NONE = new RepositoryCredentials(Kind.NONE, null, null, "no credentials");

    private final Kind kind;
    private final String username;
    private final String secret;
    private final String source;

    private RepositoryCredentials(Kind kind, String username, String secret, String source) {
        this.kind = kind;
        this.username = username;
        this.secret = secret;
        this.source = source;
    }

    public static RepositoryCredentials none() {
        return NONE;
    }

    /** @param source where they came from, for messages ("settings.xml server 'releases'") */
    public static RepositoryCredentials basic(String username, String password, String source) {
        return new RepositoryCredentials(Kind.BASIC, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), source);
    }

    /** @param source where it came from, for messages */
    public static RepositoryCredentials bearer(String token, String source) {
        return new RepositoryCredentials(Kind.BEARER, null, Objects.requireNonNull(token, "token"), source);
    }

    public Kind kind() {
        return kind;
    }

    /** For people: the kind, the user (not secret) and the source; never the password or token. */
    public String description() {
        return switch (kind) {
            case NONE -> "no credentials";
            case BASIC -> "user '" + username + "' (" + source + ")";
            case BEARER -> "a bearer token (" + source + ")";
        };
    }

    /** The resolver authentication for basic credentials, else null (a token travels as a header). */
    Authentication authentication() {
        return kind == Kind.BASIC
                ? new AuthenticationBuilder().addUsername(username).addPassword(secret).build()
                : null;
    }

    /** The {@code Authorization} header value for a bearer token, else null. */
    String bearerHeader() {
        return kind == Kind.BEARER ? "Bearer " + secret : null;
    }

    /**
     * The {@code Authorization} header of Central's Publisher API: {@code Bearer} and base64 of the portal user
     * token's {@code user:password}; a bearer token as is.
     */
    String portalTokenHeader() {
        return switch (kind) {
            case BASIC -> "Bearer " + java.util.Base64.getEncoder().encodeToString((username + ":" + secret)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + secret;
            case NONE -> throw new IllegalStateException("no credentials");
        };
    }

    @Override
    public String toString() {
        return description();
    }
}
