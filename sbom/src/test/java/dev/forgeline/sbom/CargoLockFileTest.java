package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.forgeline.sbom.CargoLockFile.DependencyRef;
import dev.forgeline.sbom.CargoLockFile.Package;
import org.junit.jupiter.api.Test;

class CargoLockFileTest {

    @Test
    void read_versionMarker_givesTheDeclaredVersion() throws Exception {
        assertEquals(4, CargoLockFile.read(Fixtures.cargo("std-only/Cargo.lock")).version());
        assertEquals(3, CargoLockFile.read(Fixtures.cargo("with-deps-v3/Cargo.lock")).version());
    }

    @Test
    void read_noMarkerWithInlineChecksums_isVersion2() throws Exception {
        CargoLockFile lock = CargoLockFile.read(Fixtures.cargo("v2/Cargo.lock"));
        assertEquals(2, lock.version());
        assertEquals(2, lock.packages().size());
    }

    @Test
    void read_rootTableAndMetadataChecksums_isVersion1WithChecksumsOnPackages() throws Exception {
        CargoLockFile lock = CargoLockFile.read(Fixtures.cargo("v1/Cargo.lock"));
        assertEquals(1, lock.version());
        Package root = lock.packages().get(0);
        assertEquals("legacy-core", root.name());
        assertNull(root.source());
        assertEquals(1, root.line());
        Package log = lock.packages().stream()
                .filter(p -> p.name().equals("log") && p.version().equals("0.4.1")).findFirst().orElseThrow();
        assertEquals(64, log.checksum().length());
    }

    @Test
    void read_dependencyEntries_splitIntoNameVersionAndSource() throws Exception {
        CargoLockFile lock = CargoLockFile.read(Fixtures.cargo("v1/Cargo.lock"));
        DependencyRef full = lock.packages().get(0).dependencies().get(0);
        assertEquals(new DependencyRef("log", "0.3.9",
                "registry+https://github.com/rust-lang/crates.io-index", 5), full);

        CargoLockFile v4 = CargoLockFile.read(Fixtures.cargo("v4-sources/Cargo.lock"));
        Package root = v4.packages().get(0);
        assertEquals(new DependencyRef("gateway-macros", null, null, 9), root.dependencies().get(0));
        assertEquals(new DependencyRef("syn", "2.0.48", null, 11), root.dependencies().get(2));
    }
}
