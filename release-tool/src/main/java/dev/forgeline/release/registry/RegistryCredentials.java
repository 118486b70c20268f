package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The login for one registry, from the environment ({@value #TOKEN_ENV}, or {@value #USERNAME_ENV} and
 * {@value #PASSWORD_ENV}), else Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}: {@code auths."host:port".auth}, base64 of {@code user:password}), else none.
 * Never the command line. {@link #toString()} and {@link #description()} name where it came from, never the secret.
 */
public final class RegistryCredentials {
    public static final String USERNAME_ENV = "FORGELINE_REGISTRY_USERNAME";
    public static final String PASSWORD_ENV = "FORGELINE_REGISTRY_PASSWORD";
    public static final String TOKEN_ENV = "FORGELINE_REGISTRY_TOKEN";

    private static final Credentials.EnvironmentNames ENVIRONMENT = new Credentials.EnvironmentNames(TOKEN_ENV,
            USERNAME_ENV, PASSWORD_ENV, "a registry token");

    private final Credentials login;

    private RegistryCredentials(Credentials login) {
        this.login = login;
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Credentials.none("anonymous"));
    }

    public static RegistryCredentials basic(String user, String password, String source) {
        return new RegistryCredentials(Credentials.basic(user, password, source));
    }

    /** A token sent as is (a registry token, or an identity token a token endpoint exchanges). */
    public static RegistryCredentials token(String token, String source) {
        return new RegistryCredentials(Credentials.token(token, source));
    }

    /**
     * The credentials for {@code registry} ({@code host:port}).
     *
     * @throws ForgelineException exit 2 for half a pair or both kinds in the environment, or an unreadable
     *     config.json entry; the message never holds a secret
     */
    public static RegistryCredentials resolve(String registry, Map<String, String> env) {
        Optional<Credentials> fromEnvironment = Credentials.fromEnvironment(env, ENVIRONMENT);
        if (fromEnvironment.isPresent()) {
            return new RegistryCredentials(fromEnvironment.get());
        }
        Path config = dockerConfig(env);
        return Files.isRegularFile(config) ? fromDockerConfig(config, registry) : none();
    }

    private static Path dockerConfig(Map<String, String> env) {
        String dir = nonEmpty(env.get("DOCKER_CONFIG"));
        if (dir != null) {
            return Path.of(dir, "config.json");
        }
        String home = nonEmpty(env.get("HOME"));
        return Path.of(home != null ? home : System.getProperty("user.home"), ".docker", "config.json");
    }

    static RegistryCredentials fromDockerConfig(Path config, String registry) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw ForgelineException.usage("Docker's " + config + " is not JSON (" + e.getClass().getSimpleName() + ")",
                    "fix or remove it, or set " + USERNAME_ENV + " and " + PASSWORD_ENV);
        }
        JsonNode entry = root.path("auths").path(registry);
        if (entry.isMissingNode()) {
            entry = root.path("auths").path("http://" + registry);
        }
        if (entry.isMissingNode()) {
            entry = root.path("auths").path("https://" + registry);
        }
        String where = "Docker's " + config + " (auths." + registry + ")";
        if (entry.hasNonNull("identitytoken") && !entry.get("identitytoken").asText().isEmpty()) {
            return token(entry.get("identitytoken").asText(), where);
        }
        if (!entry.hasNonNull("auth")) {
            return none();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage(where + ": auth is not base64", "log in again: docker login " + registry);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ForgelineException.usage(where + ": auth is not base64 of user:password",
                    "log in again: docker login " + registry);
        }
        return basic(decoded.substring(0, colon), decoded.substring(colon + 1), where);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public boolean anonymous() {
        return login.kind() == Credentials.Kind.NONE;
    }

    /** The value of an {@code Authorization: Basic} header, or null when this is not a user and password. */
    String basicHeader() {
        return login.kind() == Credentials.Kind.BASIC ? "Basic " + login.userPasswordBase64() : null;
    }

    /** The token, or null. */
    String token() {
        return login.kind() == Credentials.Kind.TOKEN ? login.secret() : null;
    }

    /** Every secret this holds, for redaction of anything a server echoes back. */
    String[] secrets() {
        return switch (login.kind()) {
            case TOKEN -> new String[] {login.secret()};
            case BASIC -> new String[] {login.secret(), basicHeader()};
            case NONE -> new String[0];
        };
    }

    /** Where the login came from: {@code environment FORGELINE_REGISTRY_USERNAME (user ci)}, never the secret. */
    public String description() {
        return switch (login.kind()) {
            case BASIC -> login.source() + " (user " + login.username() + ")";
            case TOKEN -> login.source() + " (token)";
            case NONE -> login.source();
        };
    }

    @Override
    public String toString() {
        return description();
    }
}
