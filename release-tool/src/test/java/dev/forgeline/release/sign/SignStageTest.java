package dev.forgeline.release.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignStageTest {
    @TempDir
    Path dir;

    @Test
    void signFile_bundleAlreadyHoldingTheSameBytes_isLeftInPlace_andADamagedOneIsReplaced() throws Exception {
        Path file = Artifacts.signed(Artifacts.create(dir, "a.jar", 10_000, 1), TestKeys.trusted());
        Path bundle = Artifacts.sibling(file, ".sigstore.json");
        byte[] first = Files.readAllBytes(bundle);
        Object inode = Files.readAttributes(bundle, BasicFileAttributes.class).fileKey();

        SignStage.signFile(file, "a.jar", FileDigest.of(file), TestKeys.trusted().signers());

        assertArrayEquals(first, Files.readAllBytes(bundle), "a Sigstore bundle is deterministic");
        assertEquals(inode, Files.readAttributes(bundle, BasicFileAttributes.class).fileKey(), "not rewritten");

        Files.writeString(bundle, "damaged");
        SignStage.signFile(file, "a.jar", FileDigest.of(file), TestKeys.trusted().signers());

        assertArrayEquals(first, Files.readAllBytes(bundle));
        assertNotEquals(inode, Files.readAttributes(bundle, BasicFileAttributes.class).fileKey(), "written anew");
    }
}
