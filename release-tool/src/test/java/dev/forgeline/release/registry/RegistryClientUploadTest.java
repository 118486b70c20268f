package dev.forgeline.release.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.DockerRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob uploads from files against a real registry (docker-registry, htpasswd auth): the mapped, chunked body
 * ({@link MappedFileBody}) sends every byte of files at and around its chunk size, and a file whose bytes are not
 * those of the digest it is uploaded as is refused before the registry keeps it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryClientUploadTest {
    private static final String USER = "uploader";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private DockerRegistry registry;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        dir = temp;
        registry = DockerRegistry.start(temp.resolve("registry"), USER, PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryClient client() {
        return new RegistryClient(ImageReference.parse(registry.host() + "/forgeline/uploads:1", "test"),
                RegistryCredentials.basic(USER, PASSWORD, "test"));
    }

    @Test
    void uploadBlob_filesAroundTheChunkSize_areStoredWithEveryByte() throws Exception {
        RegistryClient client = client();
        int chunk = MappedFileBody.CHUNK;
        Random random = new Random(7);
        for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 7}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = Files.write(dir.resolve("blob-" + size), bytes);
            String digest = CosignSignature.digest(bytes);
            assertFalse(client.hasBlob(digest), size + " bytes");
            client.uploadBlob(digest, file);
            assertTrue(client.hasBlob(digest), size + " bytes");
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            client.fetchBlob(digest, back);
            assertArrayEquals(bytes, back.toByteArray(), size + " bytes");
        }
        assertEquals(6, client.blobUploads());
    }

    @Test
    void uploadBlob_aFileWithOtherBytesThanItsDigest_isRefusedAndNotStored() throws Exception {
        RegistryClient client = client();
        byte[] bytes = new byte[MappedFileBody.CHUNK + 5];
        new Random(11).nextBytes(bytes);
        String digest = CosignSignature.digest(bytes);
        bytes[bytes.length - 1] ^= 1; // the layout's file changed after the image was built
        Path file = Files.write(dir.resolve("changed"), bytes);
        RegistryException e = assertThrows(RegistryException.class, () -> client.uploadBlob(digest, file));
        assertTrue(e.getMessage().contains("have digest ") && e.getMessage().contains(", not " + digest), e.getMessage());
        assertFalse(client.hasBlob(digest), "the registry kept nothing under that digest");
    }
}
