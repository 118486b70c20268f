package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.attest.Attested;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.pipeline.RunResults;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.Signed;
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

    @Mixin
    KeylessOptions keylessOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        ReleaseConfig releaseConfig = config.load(); // before any signing: attest needs it, and it may say keyless
        KeyLoader keylessLoader = keylessOptions.loader(releaseConfig.signing(), signing, env);
        boolean keyless = keylessLoader != null;
        KeyLoader sources = keyless ? keylessLoader : signing.sources(env);
        if (sources == null) {
            throw ForgelineException.usage("no signing keys given",
                    "pass --pgp-key FILE and --sigstore-key FILE, or set " + KeySources.PGP_KEY_ENV + " and "
                            + KeySources.SIGSTORE_KEY_ENV + " (release --local uses development keys by itself), or "
                            + "sign --keyless");
        }
        try (ReleaseRunner runner = Runners.open(spec, env).withTag(tag)) {
            RunResults run = keyless ? runner.signKeyless(releaseConfig, release.absolute(), sources)
                    : runner.sign(releaseConfig, release.absolute(), sources);
            Signed result = run.get("sign", Signed.class);
            Attested attested = run.get("attest", Attested.class);
            var out = spec.commandLine().getOut();
            out.println("Signed " + result.signed() + " artifact(s), " + result.skipped() + " already signed");
            out.println("PGP key:      " + result.pgpKeyId());
            out.println((keyless ? "Sigstore identity: " : "Sigstore key: ") + result.sigstoreKeyId());
            out.println("Public keys:  " + result.publicKeys());
            out.println("Provenance:   " + attested.subjects() + " subject(s)" + (attested.recorded() ? ", recorded already" : "")
                    + (keyless ? ", signed keyless" : ""));
            out.flush();
        }
        return 0;
    }
}
