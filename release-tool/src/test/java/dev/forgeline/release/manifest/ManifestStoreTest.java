package dev.forgeline.release.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What publish, sign and smoke read of a release directory is confined to it by the verifier's own rule. */
class ManifestStoreTest {
    @TempDir
    Path temp;

    private ReleaseManifest manifestOf(String file, Path content) throws Exception {
        return ReleaseManifest.of(new ReleaseManifest.Project("g", "1.0"), new ReleaseManifest.Source("abc", false, 1L),
                new TreeMap<>(), List.of(new ReleaseManifest.ArtifactRecord("g", "a", "1.0", null, "jar", null, file,
                        Files.size(content), Checksums.sha256(content))));
    }

    @Test
    void verifyFiles_anArtifactThatIsALinkOutOfTheRelease_isRefused_thoughItsBytesMatch() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.jar"), "signed bytes elsewhere");
        Path release = Files.createDirectories(temp.resolve("release/artifacts")).getParent();
        Files.createSymbolicLink(release.resolve("artifacts/a-1.0.jar"), outside);
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> ManifestStore.verifyFiles(release, manifestOf("artifacts/a-1.0.jar", outside)));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("points outside " + release), e.getMessage());
    }

    @Test
    void verifyFiles_aDotDotOrEmptySegment_isRefused_andAPlainEntryPasses() throws Exception {
        Path release = Files.createDirectories(temp.resolve("release/artifacts")).getParent();
        Path jar = Files.writeString(release.resolve("artifacts/a-1.0.jar"), "bytes");
        ManifestStore.verifyFiles(release, manifestOf("artifacts/a-1.0.jar", jar));
        ForgelineException traversal = assertThrows(ForgelineException.class,
                () -> ManifestStore.verifyFiles(release, manifestOf("artifacts/../artifacts/a-1.0.jar", jar)));
        assertTrue(traversal.getMessage().contains("points outside"), traversal.getMessage());
        ForgelineException empty = assertThrows(ForgelineException.class,
                () -> ManifestStore.verifyFiles(release, manifestOf("artifacts//a-1.0.jar", jar)));
        assertTrue(empty.getMessage().contains("is not a valid file name"), empty.getMessage());
    }
}
