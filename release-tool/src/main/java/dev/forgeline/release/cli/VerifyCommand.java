package dev.forgeline.release.cli;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.maven.RepositoryCredentials;
import dev.forgeline.release.maven.ResolverSupplier;
import dev.forgeline.release.maven.SignedArtifactFetcher;
import dev.forgeline.release.verify.ReleaseFiles;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.ImageVerifier;
import dev.forgeline.release.verify.ReleaseIndexCheck;
import dev.forgeline.release.verify.VerificationBatch;
import dev.forgeline.release.verify.VerificationInputs;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

// No mixinStandardHelpOptions: its -V/--version would clash with the old --version G:A:V spelling, which picocli
// resolves by dropping the standard options (--help then failed as unknown). Help is declared here; the old spelling
// is kept only to refuse it with the new name, since silently printing the tool's version would exit 0 unverified.
@Command(name = "verify",
        description = "Verify artifacts: checksum files, the PGP signature (.asc) and the Sigstore bundle "
                + "(.sigstore.json) of each, against trusted keys; in a release, its signed provenance and each "
                + "artifact's SBOM. Exit 0: everything verified; 1: something did not; "
                + "2: bad usage.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "files to verify; their signatures lie next to them")
    List<Path> files = new ArrayList<>();

    @Option(names = "--release", paramLabel = "DIR", description = "verify every artifact of the release manifest in DIR")
    Path release;

    @Option(names = "--repository", paramLabel = "URL", description = "repository to fetch --coordinate/--version from "
            + "(file:, http:, https:; --version needs file:)")
    String repository;

    @Mixin
    RepositoryCredentialsOptions login;

    @Option(names = "--coordinate", paramLabel = "G:A:V[:CLASSIFIER][@EXT]", description = "artifact to fetch from "
            + "--repository and verify (repeatable)")
    List<String> coordinates = new ArrayList<>();

    @Option(names = "--all-of", paramLabel = "G:A:V", description = "verify every file of this version in a file: "
            + "--repository")
    String version;

    @Option(names = "--image", paramLabel = "REF", description = "also verify the release's image in a registry "
            + "(host[:port]/repository:tag): the tag names the index of --release DIR, its cosign signature verifies with "
            + "--sigstore-keys, every layer has its digest, each platform image holds the release's native library")
    String image;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** The spelling before --all-of; refused with the new name (see the class comment). */
    @Option(names = "--version", arity = "0..1", paramLabel = "G:A:V", hidden = true)
    String oldVersionOption;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--local-repository", paramLabel = "DIR", description = "where fetched files go (default: a new "
            + "temporary directory)")
    Path localRepository;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (oldVersionOption != null) {
            throw ForgelineException.usage("verify --version was renamed --all-of",
                    oldVersionOption.isEmpty() ? "forgeline --version prints the tool's version; verify every file of "
                            + "a version with --all-of G:A:V" : "use --all-of " + oldVersionOption);
        }
        if (login.serverId != null && repository == null) {
            throw ForgelineException.usage("--server-id needs --repository URL: it names the login of that repository",
                    "e.g. --repository https://repo.example.org/private/ --server-id private --coordinate G:A:V");
        }
        VerificationPolicy policy = trust.policy();
        List<VerificationBatch> batches = new ArrayList<>();
        if (!files.isEmpty()) {
            batches.add(VerificationBatch.unindexed(files.stream()
                    .map(f -> Verifier.Input.of(f.toAbsolutePath().normalize())).toList()));
        }
        if (release != null) {
            Path dir = release.toAbsolutePath().normalize();
            warnAboutKeysInside(dir);
            batches.add(VerificationInputs.releaseBatch(dir));
        }
        if ((!coordinates.isEmpty() || version != null) && repository == null) {
            throw ForgelineException.usage("--coordinate and --all-of need --repository URL",
                    "e.g. --repository file:///srv/maven --coordinate dev.forgeline:native-core:0.1.0:linux-x86_64");
        }
        if (!coordinates.isEmpty()) {
            URI repo = PublishCommand.repositoryUri(repository);
            SignedArtifactFetcher fetcher = fetcher(repo);
            Path local = localRepository != null ? localRepository : Files.createTempDirectory("forgeline-verify-");
            // One batch per release (group and version), bound by that release's index when the repository has one.
            Map<String, List<Verifier.Input>> byRelease = new LinkedHashMap<>();
            for (String coordinate : coordinates) {
                MavenCoordinates parsed;
                try {
                    parsed = MavenCoordinates.parse(coordinate);
                } catch (IllegalArgumentException e) {
                    throw ForgelineException.usage(e.getMessage(), "use group:artifact:version[:classifier][@extension]");
                }
                byRelease.computeIfAbsent(parsed.groupId() + ":" + parsed.version(), k -> new ArrayList<>())
                        .add(VerificationInputs.coordinate(repo, parsed, local, fetcher));
            }
            for (var e : byRelease.entrySet()) {
                String[] gv = e.getKey().split(":", 2);
                Path index = VerificationInputs.coordinateIndex(repo, gv[0], gv[1], local, fetcher);
                batches.add(new VerificationBatch(e.getValue(), new ReleaseIndexCheck.Source(index, gv[0], gv[1],
                        path -> false), ReleaseFiles.fetchedFrom(repo, local, gv[0], index, fetcher)));
            }
        }
        if (version != null) {
            batches.add(VerificationInputs.version(PublishCommand.repositoryUri(repository), version));
        }
        ImageReference imageReference = null;
        if (image != null) {
            imageReference = ImageReference.parse(image, "--image");
            if (release == null) {
                throw ForgelineException.usage("--image needs --release DIR: the release whose image it must be",
                        "e.g. forgeline verify --release dist --image " + image + " --sigstore-keys sigstore-public.pem");
            }
            if (trust.sigstoreKeys.isEmpty()) {
                throw ForgelineException.usage("--image needs --sigstore-keys FILE: the key its signature must verify with",
                        "pass the project's Sigstore public key (PEM), obtained out of band");
            }
        }
        if (batches.stream().allMatch(b -> b.inputs().isEmpty())) {
            throw ForgelineException.usage("nothing to verify",
                    "name FILEs, --release DIR, or --repository URL with --coordinate or --all-of");
        }
        VerificationReport report;
        try (Jobs jobs = Jobs.fromEnvironment(System.getenv())) {
            report = new Verifier(policy).verifyBatches(batches, jobs);
        }
        if (imageReference != null) {
            List<ArtifactVerdict> all = new ArrayList<>(report.verdicts());
            Path work = Files.createTempDirectory("forgeline-verify-image-");
            try {
                RegistryClient registry = new RegistryClient(imageReference,
                        RegistryCredentials.resolve(imageReference.registry(), System.getenv()));
                all.addAll(new ImageVerifier(policy).verify(registry, ManifestStore.read(release.toAbsolutePath()
                        .normalize()), work));
            } finally {
                Files.deleteIfExists(work);
            }
            report = new VerificationReport(all);
        }
        var out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return report.verified() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }

    /**
     * Keys taken from the directory being verified prove only that its files agree with the keys shipped beside
     * them, not who made them: allowed (CI checks its own fresh output that way), but said.
     */
    private void warnAboutKeysInside(Path dir) {
        List<Path> keys = new ArrayList<>(trust.pgpKeys);
        keys.addAll(trust.sigstoreKeys);
        for (Path key : keys) {
            if (key.toAbsolutePath().normalize().startsWith(dir)) {
                spec.commandLine().getErr().println("warning: trusted key " + key + " lies inside " + dir
                        + ", the release being verified: this proves its files match the keys shipped with them, not"
                        + " who made them; downstream, use the project's keys obtained out of band");
            }
        }
    }

    /**
     * The fetcher of --repository: an http(s) one that needs a login for reads gets the credentials --server-id or the
     * environment names (as publish does); none set: anonymous.
     */
    private SignedArtifactFetcher fetcher(URI repo) {
        if ("file".equals(RepositoryUris.scheme(repo))) {
            return new SignedArtifactFetcher();
        }
        RepositoryCredentials credentials = login.source().resolve(System.getenv());
        return new SignedArtifactFetcher(new ResolverSupplier().withReadCredentials(repo, credentials));
    }
}
