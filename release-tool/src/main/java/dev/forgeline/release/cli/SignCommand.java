package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.attest.Attested;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.pipeline.RunResults;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.KeylessKeyLoader;
import dev.forgeline.release.sign.OidcTokenSource;
import dev.forgeline.release.sign.Signed;
import dev.forgeline.release.sigstore.SigningConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign every artifact of a built release: a detached armored PGP signature (.asc) and a Sigstore "
                + "bundle (.sigstore.json) next to each file, recorded in the manifest; the public keys go to DIR/keys. "
                + "Then the release's SLSA provenance (<root>-<version>.intoto.jsonl), signed the same way.")
final class SignCommand implements Callable<Integer> {
    @Mixin
    ReleaseDirOption release;

    @Mixin
    SigningOptions signing;

    @Mixin
    ConfigOptions config;

    @Option(names = "--tag", paramLabel = "TAG", description = "the git tag released, for the provenance's ref "
            + "(default: GITHUB_REF when it is a tag)")
    String tag;
    @Option(names = "--keyless", description = "sign the Sigstore bundles keyless: an ephemeral key, a Fulcio "
            + "certificate for the OIDC identity, a Rekor entry per file (the PGP key is still needed)")
    boolean keyless;

    @Option(names = "--oidc-token-file", paramLabel = "FILE", description = "with --keyless: file holding the OIDC ID "
            + "token (default: $" + OidcTokenSource.TOKEN_ENV + ", else GitHub Actions' token with audience sigstore)")
    Path oidcTokenFile;

    @Option(names = "--signing-config", paramLabel = "FILE", description = "with --keyless: Sigstore signing_config.json "
            + "naming the Fulcio and Rekor to use (default: Sigstore's public instance)")
    Path signingConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        if (!keyless && (oidcTokenFile != null || signingConfig != null)) {
            throw ForgelineException.usage("--oidc-token-file and --signing-config need --keyless", "add --keyless");
        }
        KeyLoader sources = keyless ? keyless(env) : signing.sources(env);
        if (sources == null) {
            throw ForgelineException.usage("no signing keys given",
                    "pass --pgp-key FILE and --sigstore-key FILE, or set " + KeySources.PGP_KEY_ENV + " and "
                            + KeySources.SIGSTORE_KEY_ENV + " (release --local uses development keys by itself)");
        }
        ReleaseConfig releaseConfig = keyless ? null : config.load(); // before any signing: attest needs it
        try (ReleaseRunner runner = Runners.open(spec, env).withTag(tag)) {
            RunResults run = keyless ? runner.signKeyless(release.absolute(), sources)
                    : runner.sign(releaseConfig, release.absolute(), sources);
            Signed result = run.get("sign", Signed.class);
            Attested attested = keyless ? null : run.get("attest", Attested.class);
            var out = spec.commandLine().getOut();
            out.println("Signed " + result.signed() + " artifact(s), " + result.skipped() + " already signed");
            out.println("PGP key:      " + result.pgpKeyId());
            out.println((keyless ? "Sigstore identity: " : "Sigstore key: ") + result.sigstoreKeyId());
            out.println("Public keys:  " + result.publicKeys());
            out.println("Provenance:   " + (attested == null
                    ? "not written (keyless provenance is not supported yet: sign with a Sigstore key to attest)"
                    : attested.subjects() + " subject(s)" + (attested.recorded() ? ", recorded already" : "")));
            out.flush();
        }
        return 0;
    }

    private KeyLoader keyless(Map<String, String> env) {
        KeySources pgp = signing.pgpSources(env);
        if (pgp == null) {
            throw ForgelineException.usage("keyless signing still needs the PGP key (Maven Central requires .asc files)",
                    "pass --pgp-key FILE or set " + KeySources.PGP_KEY_ENV);
        }
        if (signing.sigstoreKeyFile != null) {
            throw ForgelineException.usage("--sigstore-key and --keyless exclude each other",
                    "drop --sigstore-key: keyless signing makes its own ephemeral key");
        }
        SigningConfig services = SigningConfig.PUBLIC_GOOD;
        if (signingConfig != null) {
            try {
                services = SigningConfig.parse(Files.readAllBytes(signingConfig), Instant.now());
            } catch (IOException e) {
                throw ForgelineException.usage("cannot read the signing config " + signingConfig + " ("
                        + e.getClass().getSimpleName() + ")", "check --signing-config");
            } catch (IllegalArgumentException e) {
                throw ForgelineException.usage("the signing config " + signingConfig + " is not usable: "
                        + e.getMessage(), "give a Sigstore signing_config.json (v0.2)");
            }
        }
        return new KeylessKeyLoader(pgp, new OidcTokenSource(oidcTokenFile), services);
    }
}
