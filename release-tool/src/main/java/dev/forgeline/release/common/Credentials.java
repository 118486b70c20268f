package dev.forgeline.release.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.forgeline.release.ForgelineException;

/**
 * A login to a server (a Maven repository, an OCI registry): none, a user and password, or a token, and where it came
 * from. The secret is held here for the transport that sends it; {@link #toString()} never shows it, so a message
 * or a journal that names the credentials cannot leak them.
 */
public final class Credentials {
    /** The kinds of login. */
    public enum Kind { NONE, BASIC, TOKEN }

    private final Kind kind;
    private final String username;
    private final String secret;
    private final String source;

    private Credentials(Kind kind, String username, String secret, String source) {
        this.kind = kind;
        this.username = username;
        this.secret = secret;
        this.source = source;
    }

    /** @param source what to call the absence in messages ("anonymous") */
    public static Credentials none(String source) {
        return new Credentials(Kind.NONE, null, null, source);
    }

    /** @param source where they came from, for messages ("settings.xml server 'releases'") */
    public static Credentials basic(String username, String password, String source) {
        return new Credentials(Kind.BASIC, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), source);
    }

    /** @param source where it came from, for messages */
    public static Credentials token(String token, String source) {
        return new Credentials(Kind.TOKEN, null, Objects.requireNonNull(token, "token"), source);
    }

    /** The environment's names for one kind of server's login, and what its token is called in a hint. */
    public record EnvironmentNames(String token, String username, String password, String tokenKind) {}

    /**
     * The login the environment sets: the token variable, or the user and password variables (an empty variable is
     * unset), else empty. The source names the variable.
     *
     * @throws ForgelineException exit 2 for both kinds, or half a pair; the message never holds a secret
     */
    public static Optional<Credentials> fromEnvironment(Map<String, String> env, EnvironmentNames names) {
        String token = nonEmpty(env.get(names.token()));
        String user = nonEmpty(env.get(names.username()));
        String password = nonEmpty(env.get(names.password()));
        if (token != null) {
            if (user != null || password != null) {
                throw ForgelineException.usage("both " + names.token() + " and " + names.username() + "/"
                        + names.password() + " are set", "set either " + names.tokenKind()
                        + " or a user and password, not both");
            }
            return Optional.of(token(token, "environment " + names.token()));
        }
        if (user == null && password == null) {
            return Optional.empty();
        }
        if (user == null || password == null) {
            throw ForgelineException.usage((user == null ? names.username() : names.password()) + " is not set, but "
                    + (user == null ? names.password() : names.username()) + " is", "set both " + names.username()
                    + " and " + names.password() + " (or neither)");
        }
        return Optional.of(basic(user, password, "environment " + names.username()));
    }

    public Kind kind() {
        return kind;
    }

    /** The user of a basic login (not secret), else null. */
    public String username() {
        return username;
    }

    /** Where the login came from (never the secret). */
    public String source() {
        return source;
    }

    /** The password or the token, null for none: for the transport that sends it, never for a message. */
    public String secret() {
        return secret;
    }

    /** Base64 of {@code user:password} (HTTP Basic, Central's portal token); null unless a basic login. */
    public String userPasswordBase64() {
        return kind == Kind.BASIC
                ? Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)) : null;
    }

    @Override
    public String toString() {
        return "Credentials[" + kind + (username == null ? "" : ", user " + username) + ", " + source + "]";
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
