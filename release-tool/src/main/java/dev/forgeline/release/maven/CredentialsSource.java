package dev.forgeline.release.maven;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * Where the credentials of a remote repository come from; never the command line. With a server id: that
 * {@code <server>} of a Maven {@code settings.xml}, read and decrypted by Maven's own settings builder and
 * decrypter ({@code {...}} passwords with the master password of {@code settings-security.xml}, as
 * {@code mvn --encrypt-password} writes them). Otherwise the environment: {@value #TOKEN_ENV} (a bearer token), or
 * {@value #USERNAME_ENV} and {@value #PASSWORD_ENV}. Otherwise none.
 *
 * @param serverId         the settings.xml server to use, or null for the environment
 * @param settingsFile     null: {@code ~/.m2/settings.xml}
 * @param settingsSecurity null: {@code ~/.m2/settings-security.xml}, as Maven
 */
public record CredentialsSource(String serverId, Path settingsFile, Path settingsSecurity) {
    public static final String USERNAME_ENV = "FORGELINE_REPOSITORY_USERNAME";
    public static final String PASSWORD_ENV = "FORGELINE_REPOSITORY_PASSWORD";
    public static final String TOKEN_ENV = "FORGELINE_REPOSITORY_TOKEN";
    /** Maven Central's portal user token, when no {@code --server-id} names it. */
    public static final String CENTRAL_USERNAME_ENV = "FORGELINE_CENTRAL_USERNAME";
    public static final String CENTRAL_PASSWORD_ENV = "FORGELINE_CENTRAL_PASSWORD";
    private static final Credentials.EnvironmentNames ENVIRONMENT = new Credentials.EnvironmentNames(TOKEN_ENV,
            USERNAME_ENV, PASSWORD_ENV, "a bearer token");

    /** The environment alone. */
    public static CredentialsSource environment() {
        return new CredentialsSource(null, null, null);
    }

    /**
     * The credentials this source names.
     *
     * @throws ForgelineException exit 2 for a server that is not in the settings, an unreadable settings file, a
     *     password that cannot be decrypted, or half a pair in the environment; the message never holds a secret
     */
    public RepositoryCredentials resolve(Map<String, String> env) {
        if (serverId != null) {
            return fromSettings();
        }
        return Credentials.fromEnvironment(env, ENVIRONMENT).map(RepositoryCredentials::of)
                .orElse(RepositoryCredentials.none());
    }

    /**
     * The portal user token for Maven Central's Publisher API: the settings.xml server, else {@value
     * #CENTRAL_USERNAME_ENV} and {@value #CENTRAL_PASSWORD_ENV}.
     *
     * @throws ForgelineException exit 2 when neither is there (Central takes no anonymous uploads), or as
     *     {@link #resolve}
     */
    public RepositoryCredentials resolveCentral(Map<String, String> env) {
        if (serverId != null) {
            return fromSettings();
        }
        String user = env.get(CENTRAL_USERNAME_ENV);
        String password = env.get(CENTRAL_PASSWORD_ENV);
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            throw ForgelineException.usage("publishing to Maven Central needs a portal user token: "
                    + (user == null || user.isEmpty() ? CENTRAL_USERNAME_ENV : CENTRAL_PASSWORD_ENV) + " is not set",
                    "generate a user token on the portal's account page and set " + CENTRAL_USERNAME_ENV + " and "
                            + CENTRAL_PASSWORD_ENV + " to its user and password, or name a settings.xml server with"
                            + " --server-id");
        }
        return RepositoryCredentials.basic(user, password, "environment " + CENTRAL_USERNAME_ENV);
    }

    private RepositoryCredentials fromSettings() {
        Path settings = settingsFile != null ? settingsFile : mavenHome().resolve("settings.xml");
        if (!Files.isRegularFile(settings)) {
            throw ForgelineException.usage("--server-id " + serverId + ": no settings file " + settings,
                    "write the <server> into " + settings + " or name the file with --settings FILE");
        }
        Settings read;
        try {
            DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
            request.setUserSettingsFile(settings.toFile());
            request.setSystemProperties(System.getProperties());
            read = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw ForgelineException.usage("cannot read " + settings + ": " + problems(e.getProblems()),
                    "fix the settings file (it is Maven's settings.xml format)");
        }
        Server server = read.getServer(serverId);
        if (server == null) {
            List<String> ids = read.getServers().stream().map(Server::getId).toList();
            throw ForgelineException.usage("--server-id " + serverId + ": " + settings + " has no <server> with that id"
                    + (ids.isEmpty() ? "" : " (it has: " + String.join(", ", ids) + ")"),
                    "add <server><id>" + serverId + "</id><username>..</username><password>..</password></server> to "
                            + settings);
        }
        Path security = settingsSecurity != null ? settingsSecurity : mavenHome().resolve("settings-security.xml");
        DefaultSecDispatcher dispatcher = new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(),
                security.toString());
        SettingsDecryptionResult decrypted = new DefaultSettingsDecrypter(dispatcher)
                .decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!decrypted.getProblems().isEmpty()) {
            // Maven's problem messages name the server and the cause, never the password.
            throw ForgelineException.usage("cannot decrypt the password of server '" + serverId + "' in " + settings
                            + ": " + problems(decrypted.getProblems()),
                    "check the master password in " + security + " (mvn --encrypt-master-password), or name that"
                            + " file with --settings-security FILE");
        }
        Server plain = decrypted.getServer();
        String source = "settings.xml server '" + serverId + "'";
        if (plain.getUsername() == null || plain.getUsername().isBlank()) {
            throw ForgelineException.usage("server '" + serverId + "' in " + settings + " has no <username>",
                    "add <username> and <password> to it");
        }
        if (plain.getPassword() == null) {
            throw ForgelineException.usage("server '" + serverId + "' in " + settings + " has no <password>",
                    "add <password> to it (encrypted with mvn --encrypt-password, or plain)");
        }
        return RepositoryCredentials.basic(plain.getUsername(), plain.getPassword(), source);
    }

    private static String problems(List<SettingsProblem> problems) {
        return problems.stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; "));
    }

    private static Path mavenHome() {
        return Path.of(System.getProperty("user.home"), ".m2");
    }
}
