package dev.forgeline.sbom;

import static dev.forgeline.sbom.Fixtures.componentRefs;
import static dev.forgeline.sbom.Fixtures.dependsOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cyclonedx.model.Bom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lock files written by the real cargo for git dependencies: two forks of one crate at one version,
 * and one repository at one commit reached through a branch and a tag. Cargo writes each
 * dependency entry without the {@code #commit} its package's source carries.
 */
class CargoGitSourcesTest {

    @TempDir
    Path tmp;

    private Map<String, String> env;

    @BeforeEach
    void tools() {
        Peers.requireCommand("cargo", "sudo apt-get install -y cargo-web rustc-web (or rustup)");
        Peers.requireCommand("git", "sudo apt-get install -y git");
        env = Map.of("CARGO_HOME", tmp.resolve("cargo-home").toString(),
                "GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.com",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.com");
    }

    @ParameterizedTest(name = "lock format {0}")
    @CsvSource({"3, rust-version = \"1.70\"", "4, ''"})
    void build_cargoLockWithTwoForksAndTwoRefs_resolvesEveryEntryToItsOwnPackage(int format, String msrv)
            throws Exception {
        Path demo = crateWithGitDependencies(msrv);
        Peers.ok(demo, env, "cargo", "generate-lockfile");
        String lock = Files.readString(demo.resolve("Cargo.lock"));
        assertTrue(lock.contains("version = " + format + "\n"), lock);
        assertTrue(lock.contains("\"ring 0.4.0 (git+" + url("fork-a") + ")\""), "cargo leaves out the commit:\n" + lock);

        Bom bom = CargoLockSbom.ofCrate(demo).build();

        List<String> refs = componentRefs(bom);
        assertEquals(4, refs.size(), refs.toString());
        assertEquals(refs, dependsOn(bom, "pkg:cargo/demo@1.0.0"), "demo depends on all four, each by its own purl");
        String forkA = only(refs, "fork-a");
        String forkB = only(refs, "fork-b");
        assertNotEquals(forkA, forkB);
        String byBranch = only(refs, "shared%3Fbranch%3Dmain%40");
        String byTag = only(refs, "shared%3Ftag%3Dv1%40");
        String commit = git("shared", "rev-parse", "HEAD").strip();
        assertTrue(byBranch.endsWith("%40" + commit) && byTag.endsWith("%40" + commit),
                "one commit, two refs, two purls: " + byBranch + " " + byTag);
        Fixtures.assertValidCycloneDx16(SbomWriter.create("0.1.0", java.time.Instant.EPOCH).render(bom).bytes());
    }

    @Test
    void build_version1LockWithGitEntriesWithoutCommit_resolvesThem() throws Exception {
        // Cargo no longer writes format 1; this one follows its layout: every entry "name version (source)",
        // git sources without the commit, checksums under [metadata].
        Path dir = Files.createDirectories(tmp.resolve("v1"));
        Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"old\"\nversion = \"0.1.0\"\n");
        Files.writeString(dir.resolve("Cargo.lock"), """
                [[package]]
                name = "old"
                version = "0.1.0"
                dependencies = [
                 "ring 0.4.0 (git+https://github.com/a/ring)",
                 "ring 0.4.0 (git+https://github.com/b/ring?branch=next)",
                ]

                [[package]]
                name = "cfg-if"
                version = "0.1.2"
                source = "registry+https://github.com/rust-lang/crates.io-index"

                [[package]]
                name = "ring"
                version = "0.4.0"
                source = "git+https://github.com/a/ring#1111111111111111111111111111111111111111"

                [[package]]
                name = "ring"
                version = "0.4.0"
                source = "git+https://github.com/b/ring?branch=next#2222222222222222222222222222222222222222"

                [metadata]
                "checksum cfg-if 0.1.2 (registry+https://github.com/rust-lang/crates.io-index)" = \
                "d4c819a1287eb618df47cc647173c5c4c66ba19d888a6e50d605672aed3140de"
                """);

        Bom bom = CargoLockSbom.ofCrate(dir).build();

        assertEquals(1, CargoLockFile.read(dir.resolve("Cargo.lock")).version());
        assertEquals(List.of(
                "pkg:cargo/ring@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fa%2Fring%40"
                        + "1111111111111111111111111111111111111111",
                "pkg:cargo/ring@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fb%2Fring%3Fbranch%3Dnext%40"
                        + "2222222222222222222222222222222222222222"),
                dependsOn(bom, "pkg:cargo/old@0.1.0"));
    }

    @Test
    void sameSource_entryWithoutCommit_matchesOnlyItsOwnRepositoryAndRef() {
        String pkg = "git+https://github.com/a/ring?branch=main#abc";
        assertTrue(CargoLockFile.sameSource("git+https://github.com/a/ring?branch=main", pkg));
        assertTrue(CargoLockFile.sameSource(pkg, pkg));
        assertTrue(!CargoLockFile.sameSource("git+https://github.com/a/ring", pkg), "another ref");
        assertTrue(!CargoLockFile.sameSource("git+https://github.com/b/ring?branch=main", pkg), "another fork");
        assertTrue(!CargoLockFile.sameSource("git+https://github.com/a/ring?branch=main#def", pkg), "another commit");
        assertTrue(!CargoLockFile.sameSource("registry+https://x", null), "a path package has no source");
    }

    // ---- helpers -------------------------------------------------------------------------

    private Path crateWithGitDependencies(String msrv) throws Exception {
        repository("fork-a", "ring", "0.4.0");
        repository("fork-b", "ring", "0.4.0");
        repository("shared", "shared", "1.0.0");
        git("shared", "tag", "v1");
        Path demo = Files.createDirectories(tmp.resolve("demo/src"));
        Files.writeString(demo.resolve("lib.rs"), "");
        return Files.writeString(tmp.resolve("demo/Cargo.toml"), """
                [package]
                name = "demo"
                version = "1.0.0"
                edition = "2021"
                %s

                [dependencies]
                ring_a = { package = "ring", git = "%s" }
                ring_b = { package = "ring", git = "%s", branch = "main" }
                shared_branch = { package = "shared", git = "%s", branch = "main" }
                shared_tag = { package = "shared", git = "%s", tag = "v1" }
                """.formatted(msrv, url("fork-a"), url("fork-b"), url("shared"), url("shared"))).getParent();
    }

    private void repository(String dir, String crate, String version) throws Exception {
        Path src = Files.createDirectories(tmp.resolve(dir).resolve("src"));
        Files.writeString(src.resolve("lib.rs"), "// " + dir + "\n");
        Files.writeString(tmp.resolve(dir).resolve("Cargo.toml"),
                "[package]\nname = \"" + crate + "\"\nversion = \"" + version + "\"\nedition = \"2021\"\n");
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", "-A");
        git(dir, "commit", "-qm", "init");
    }

    private String git(String dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        return Peers.ok(tmp.resolve(dir), env, command);
    }

    private String url(String dir) {
        return tmp.resolve(dir).toUri().toString().replaceAll("/$", "");
    }

    private static String only(List<String> refs, String part) {
        List<String> matching = refs.stream().filter(r -> r.contains(part)).toList();
        assertEquals(1, matching.size(), part + " in " + refs);
        return matching.get(0);
    }
}
