package dev.forgeline.release.maven;

import dev.forgeline.release.common.Credentials;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.util.repository.AuthenticationBuilder;

/**
 * How a remote repository is logged in to: not at all, HTTP basic (user and password), or a bearer token. The secret
 * is held in its {@link Credentials} and handed to maven-resolver only; {@link #toString()} and {@link #description()}
 * never show it, so a message or a journal that names the credentials cannot leak them.
 */
public final class RepositoryCredentials {
    private static final RepositoryCredentials NONE = new RepositoryCredentials(Credentials.none("no credentials"));

    private final Credentials login;

    private RepositoryCredentials(Credentials login) {
        this.login = login;
    }

    public static RepositoryCredentials none() {
        return NONE;
    }

    /** @param source where they came from, for messages ("settings.xml server 'releases'") */
    public static RepositoryCredentials basic(String username, String password, String source) {
        return new RepositoryCredentials(Credentials.basic(username, password, source));
    }

    /** @param source where it came from, for messages */
    public static RepositoryCredentials bearer(String token, String source) {
        return new RepositoryCredentials(Credentials.token(token, source));
    }

    static RepositoryCredentials of(Credentials login) {
        return login.kind() == Credentials.Kind.NONE ? NONE : new RepositoryCredentials(login);
    }

    public Credentials.Kind kind() {
        return login.kind();
    }

    /** For people: the kind, the user (not secret) and the source; never the password or token. */
    public String description() {
        return switch (login.kind()) {
            case NONE -> "no credentials";
            case BASIC -> "user '" + login.username() + "' (" + login.source() + ")";
            case TOKEN -> "a bearer token (" + login.source() + ")";
        };
    }

    /** The resolver authentication for basic credentials, else null (a token travels as a header). */
    Authentication authentication() {
        return login.kind() == Credentials.Kind.BASIC
                ? new AuthenticationBuilder().addUsername(login.username()).addPassword(login.secret()).build()
                : null;
    }

    /** The {@code Authorization} header value for a bearer token, else null. */
    String bearerHeader() {
        return login.kind() == Credentials.Kind.TOKEN ? "Bearer " + login.secret() : null;
    }

    /**
     * The {@code Authorization} header of Central's Publisher API: {@code Bearer} and base64 of the portal user
     * token's {@code user:password}; a bearer token as is.
     */
    String portalTokenHeader() {
        return switch (login.kind()) {
            case BASIC -> "Bearer " + login.userPasswordBase64();
            case TOKEN -> "Bearer " + login.secret();
            case NONE -> throw new IllegalStateException("no credentials");
        };
    }

    @Override
    public String toString() {
        return description();
    }
}
