package dev.forgeline.release.cli;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.audit.AuditReport;
import dev.forgeline.release.audit.Auditor;
import dev.forgeline.release.audit.ReleaseFacts;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

// No mixinStandardHelpOptions: its -V/--version would take --version G:A:V (as in VerifyCommand).
@Command(name = "audit",
        description = "Show where a release came from, after verifying it: commit, tag, builder, toolchains, sources, "
                + "per-target library digests and smoke results, dependencies from the SBOMs, signers and log entries; "
                + "with --since, what changed since a previous release. A claim that does not verify is shown as "
                + "FAILED with its reason, never as a fact. Exit 0: everything shown verified; 1: something did not; "
                + "2: bad usage.")
final class AuditCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..1", description = "a release directory (release --local's or sign's "
            + "output, with release-manifest.json)")
    Path dir;

    @Option(names = "--repository", paramLabel = "URL", description = "audit a published release in this repository "
            + "(file:, http:, https:) instead of a directory; needs --version")
    String repository;

    @Option(names = "--version", paramLabel = "G:A:V", description = "the published release (its group and version; "
            + "the files are those its signed release index lists)")
    String version;

    @Option(names = "--since", paramLabel = "PREVIOUS", description = "also show what changed since a previous release: "
            + "a release directory, or with --repository a version (V or G:A:V) in the same repository")
    String since;

    @Option(names = "--json", description = "print the audit as JSON (docs/audit.md)")
    boolean json;

    @Option(names = "--local-repository", paramLabel = "DIR", description = "where files fetched from --repository go "
            + "(default: a new temporary directory)")
    Path localRepository;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((dir == null) == (repository == null)) {
            throw ForgelineException.usage(dir == null ? "nothing to audit" : "DIR and --repository name two releases",
                    "name a release directory, or --repository URL --version G:A:V");
        }
        if ((repository == null) != (version == null)) {
            throw ForgelineException.usage(repository == null ? "--version needs --repository URL"
                    : "--repository needs --version G:A:V", "e.g. --repository https://repo.example.org/maven2 "
                    + "--version org.example:sample-native:2.3.4");
        }
        if (since != null && repository == null && !Files.isDirectory(Path.of(since))) {
            throw ForgelineException.usage("--since " + since + ": no such release directory",
                    "name the previous release's directory; a version needs --repository URL --version G:A:V");
        }
        Auditor auditor = new Auditor(trust.policy());
        MavenCoordinates published = repository == null ? null : release("--version", version);
        AuditReport report;
        try (Jobs jobs = Jobs.fromEnvironment(System.getenv())) {
            ReleaseFacts current = published == null ? auditor.auditDirectory(existing(dir), jobs)
                    : auditor.auditPublished(PublishCommand.repositoryUri(repository), published, local(), jobs);
            report = since == null ? AuditReport.of(current) : AuditReport.since(current, previous(auditor, published, jobs));
        }
        var out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return report.verified() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }

    /** --since: a directory, else (with --repository) a version of the same release's artifact. */
    private ReleaseFacts previous(Auditor auditor, MavenCoordinates published, Jobs jobs) throws Exception {
        Path asDir = Path.of(since);
        if (Files.isDirectory(asDir)) {
            return auditor.auditDirectory(asDir, jobs);
        }
        MavenCoordinates previous = since.contains(":") ? release("--since", since)
                : new MavenCoordinates(published.groupId(), published.artifactId(), since, null, published.extension());
        return auditor.auditPublished(PublishCommand.repositoryUri(repository), previous, local(), jobs);
    }

    private static Path existing(Path release) {
        if (!Files.isDirectory(release)) {
            throw ForgelineException.usage(release + " is not a directory",
                    "name a release directory (with release-manifest.json), or use --repository URL --version G:A:V");
        }
        return release;
    }

    private Path local() throws java.io.IOException {
        return localRepository != null ? localRepository : Files.createTempDirectory("forgeline-audit-");
    }

    private static MavenCoordinates release(String option, String text) {
        try {
            return MavenCoordinates.parse(text);
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage(option + " " + text + ": " + e.getMessage(), "use group:artifact:version");
        }
    }
}
