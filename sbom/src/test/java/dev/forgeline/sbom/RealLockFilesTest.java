package dev.forgeline.sbom;

import static dev.forgeline.sbom.Fixtures.componentRefs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.sbom.CargoLockFile.Package;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cyclonedx.model.Bom;
import org.junit.jupiter.api.Test;

/** The lock-file reader on real, large lock files (see real/README.md for their origin). */
class RealLockFilesTest {

    private static final Path CARGO = Fixtures.resource("real/cargo");
    private static final Path UV = Fixtures.resource("real/uv");

    @Test
    void build_cargosOwnWorkspace_oneComponentPerLockedPackageEachWithItsOwnPurl() throws Exception {
        CargoLockFile lock = CargoLockFile.read(CARGO.resolve("Cargo.lock"));
        assertTrue(lock.packages().size() > 500, "hundreds of packages: " + lock.packages().size());

        Bom bom = CargoLockSbom.ofCrate(CARGO).build();

        List<String> refs = componentRefs(bom);
        assertEquals(lock.packages().size() - 1, refs.size(), "every package but the crate itself");
        assertEquals(refs.size(), new HashSet<>(refs).size());
        assertEquals(lock.packages().size(), bom.getDependencies().size());
        Fixtures.assertValidCycloneDx16(SbomWriter.create("0.1.0", Instant.EPOCH).render(bom).bytes());
    }

    @Test
    void build_cargosOwnWorkspace_pathCrateAndCratesIoCrateOfOneNameAndVersionStayApart() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(CARGO).build();

        List<String> platform = componentRefs(bom).stream().filter(r -> r.startsWith("pkg:cargo/cargo-platform@0.3.3"))
                .toList();
        assertEquals(List.of("pkg:cargo/cargo-platform@0.3.3",
                "pkg:cargo/cargo-platform@0.3.3?download_url=file%3A%2F%2Fcrates%2Fcargo-platform"), platform);
    }

    @Test
    void build_cargosOwnWorkspace_pathCratesAreNamedRelativeToTheCrateNeverByAbsolutePath() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(CARGO).build();
        CargoLockFile lock = CargoLockFile.read(CARGO.resolve("Cargo.lock"));

        List<String> local = componentRefs(bom).stream().filter(r -> r.contains("download_url=")).toList();
        long pathPackages = lock.packages().stream().filter(p -> p.source() == null).count();
        assertEquals(pathPackages - 1, local.size(), "every path crate but the root: " + local);
        for (String ref : local) {
            assertTrue(ref.contains("download_url=file%3A%2F%2F") && !ref.contains("file%3A%2F%2F%2F"), ref);
            assertFalse(ref.contains(CARGO.toString().replace("/", "%2F")), ref);
        }
    }

    @Test
    void dependenciesOf_uvLockWithGitAndPathSources_resolvesEveryEntryToOnePackage() throws Exception {
        CargoLockFile lock = CargoLockFile.read(UV.resolve("Cargo.lock"));
        assertEquals(4, lock.version());
        assertTrue(lock.packages().size() > 600, "hundreds of packages: " + lock.packages().size());

        int entries = 0;
        Set<String> gitReached = new HashSet<>();
        for (Package p : lock.packages()) {
            List<Package> targets = lock.dependenciesOf(p);
            assertEquals(p.dependencies().size(), targets.size());
            for (int i = 0; i < targets.size(); i++) {
                CargoLockFile.DependencyRef d = p.dependencies().get(i);
                Package t = targets.get(i);
                assertEquals(d.name(), t.name(), d.toString());
                assertTrue(d.version() == null || d.version().equals(t.version()), d + " -> " + t);
                if (t.source() != null && t.source().startsWith("git+")) {
                    gitReached.add(t.toString());
                }
            }
            entries += targets.size();
        }
        long gitPackages = lock.packages().stream()
                .filter(p -> p.source() != null && p.source().startsWith("git+")).count();
        assertTrue(gitPackages >= 5, "git packages: " + gitPackages);
        assertEquals(gitPackages, gitReached.size(), "every git package is some package's dependency");
        assertTrue(entries > 2000, "entries: " + entries);
        assertTrue(lock.packages().stream().map(Package::name).distinct().count() < lock.packages().size(),
                "several versions of one crate");
    }
}
