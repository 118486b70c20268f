package dev.forgeline.release.common;

import dev.forgeline.release.maven.Fixtures;

import static dev.forgeline.release.maven.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksumsTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 1_000_003})
    void of_anySize_matchesMessageDigestOfWholeContent(int size) throws Exception {
        byte[] content = Fixtures.bytes(size, size);
        Path file = Fixtures.write(work, "f", content);

        Checksums.Digests digests = Checksums.of(file);

        assertEquals(size, digests.size());
        assertEquals(hex("MD5", content), digests.md5());
        assertEquals(hex("SHA-1", content), digests.sha1());
        assertEquals(hex("SHA-256", content), digests.sha256());
        assertEquals(hex("SHA-512", content), digests.sha512());
        assertEquals(digests.sha256(), Checksums.sha256(file));
        assertEquals(digests.sha1(), Checksums.digest(file, Checksums.Algorithm.SHA1));
    }

    @Test
    void of_emptyContent_givesWellKnownDigests() throws Exception {
        Checksums.Digests digests = Checksums.of(Fixtures.write(work, "empty", new byte[0]));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", digests.md5());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digests.sha256());
    }

    @Test
    void of_streamWhoseReadHashesAnotherFile_bothDigestsRight() throws Exception {
        byte[] outer = Fixtures.bytes(1, 200_000);
        byte[] inner = Fixtures.bytes(2, 70_000);
        Path innerFile = Fixtures.write(work, "inner", inner);
        String[] innerSha256 = new String[1];
        InputStream nested = new FilterInputStream(new ByteArrayInputStream(outer)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                innerSha256[0] = Checksums.of(innerFile).sha256();
                return super.read(b, off, len);
            }
        };

        Checksums.Digests digests = Checksums.of(nested);

        assertEquals(hex("SHA-256", outer), digests.sha256());
        assertEquals(hex("SHA-256", inner), innerSha256[0]);
    }

    @Test
    void of_smallFileAfterLargeOne_onlyItsOwnBytes() throws Exception {
        Checksums.of(Fixtures.write(work, "large", Fixtures.bytes(3, 300_000)));
        byte[] small = Fixtures.bytes(4, 10);

        assertEquals(hex("SHA-256", small), Checksums.of(Fixtures.write(work, "small", small)).sha256());
    }

    @Test
    void readChecksumFile_readsBareAndSha256sumForms() throws Exception {
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertEquals(sha, Checksums.readChecksumFile(Fixtures.write(work, "a.sha256", sha)));
        assertEquals(sha, Checksums.readChecksumFile(Fixtures.write(work, "b.sha256", sha.toUpperCase() + "  b.jar\n")));
    }

    @Test
    void digests_notLowerCaseHexOfRightLength_rejected() {
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String sha512 = "0".repeat(128);
        new Checksums.Digests(0, md5, sha1, sha256, sha512);
        assertThrows(IllegalArgumentException.class, () -> new Checksums.Digests(0, md5.toUpperCase(), sha1, sha256, sha512));
        assertThrows(IllegalArgumentException.class, () -> new Checksums.Digests(0, md5, sha1, sha256.substring(1), sha512));
        assertThrows(IllegalArgumentException.class, () -> new Checksums.Digests(-1, md5, sha1, sha256, sha512));
    }

    @Test
    void algorithm_sidecarOf_appendsExtension() {
        assertEquals(Path.of("/r/a-1.jar.sha512"), Checksums.Algorithm.SHA512.sidecarOf(Path.of("/r/a-1.jar")));
    }
}
