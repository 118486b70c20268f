package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.maven.CredentialsSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the credentials of an http(s) repository come from, never the command line itself: a settings.xml server, or
 * the environment. Shared by the commands that write to a repository ({@code publish}, {@code stage}) and those that
 * read from one that needs a login ({@code smoke --repository}, {@code verify --repository}).
 */
final class RepositoryCredentialsOptions {
    @Option(names = "--server-id", paramLabel = "ID",
            description = "credentials from this <server> of a Maven settings.xml (default: from the environment, "
                    + CredentialsSource.TOKEN_ENV + " or " + CredentialsSource.USERNAME_ENV + " + "
                    + CredentialsSource.PASSWORD_ENV + ")")
    String serverId;

    @Option(names = "--settings", paramLabel = "FILE", description = "the settings.xml (default: ~/.m2/settings.xml)")
    Path settings;

    @Option(names = "--settings-security", paramLabel = "FILE",
            description = "the master password of encrypted settings.xml passwords (default: ~/.m2/settings-security.xml)")
    Path settingsSecurity;

    /** The source these options name. */
    CredentialsSource source() {
        return source(serverId);
    }

    /** The source of another server of the same settings (a staging repository's own), or the environment. */
    CredentialsSource source(String server) {
        if (server == null && (settings != null || settingsSecurity != null)) {
            throw ForgelineException.usage("--settings and --settings-security need --server-id",
                    "name the <server> whose credentials to use: --server-id ID");
        }
        return new CredentialsSource(server, settings, settingsSecurity);
    }
}
