package dev.forgeline.release.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileDigestTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 1_000_003, 7})
    void of_fileStreamAndBytes_sameSizeAndSha256(int size) throws Exception {
        byte[] content = bytes(size, size);
        Path file = Files.write(work.resolve("f"), content);

        FileDigest ofFile = FileDigest.of(file);
        FileDigest ofStream = FileDigest.of(new ByteArrayInputStream(content));
        FileDigest ofBytes = FileDigest.of(content);

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
        assertEquals(size, ofFile.size());
        assertArrayEquals(expected, ofFile.sha256());
        assertArrayEquals(expected, ofStream.sha256());
        assertArrayEquals(expected, ofBytes.sha256());
    }

    @Test
    void continueSha256_ofFile_hashesContentThenTrailer() throws Exception {
        byte[] content = bytes(5, 100_000);
        byte[] trailer = "trailer".getBytes(StandardCharsets.US_ASCII);
        FileDigest digest = FileDigest.of(Files.write(work.resolve("f"), content));

        MessageDigest continued = digest.continueSha256();
        continued.update(trailer);

        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        whole.update(content);
        whole.update(trailer);
        assertArrayEquals(whole.digest(), continued.digest());
        assertArrayEquals(digest.sha256(), digest.continueSha256().digest());
    }

    @Test
    void of_streamWhoseReadHashesAnotherFile_bothDigestsRight() throws Exception {
        byte[] outer = bytes(1, 200_000);
        byte[] inner = bytes(2, 70_000);
        Path innerFile = Files.write(work.resolve("inner"), inner);
        byte[][] innerSha256 = new byte[1][];
        InputStream nested = new FilterInputStream(new ByteArrayInputStream(outer)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                innerSha256[0] = FileDigest.of(innerFile).sha256();
                return super.read(b, off, len);
            }
        };

        FileDigest digest = FileDigest.of(nested);

        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(outer), digest.sha256());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(inner), innerSha256[0]);
    }

    private static byte[] bytes(long seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
