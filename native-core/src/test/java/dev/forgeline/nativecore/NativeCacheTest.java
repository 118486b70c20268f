package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCacheTest {
    private static final byte[] CONTENT = NativePackages.fakeLibrary(42, 100_000);
    private static final String SHA = NativeCache.sha256(CONTENT);

    @TempDir
    Path root;

    @Test
    void install_emptyCache_writesContentUnderItsDigest() throws IOException {
        Path p = new NativeCache(root).install(SHA, "libx.so", CONTENT);

        assertEquals(root.resolve(SHA).resolve("libx.so"), p);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertEquals(List.of(p), filesUnder(root));
    }

    @Test
    void install_goodFileAlreadyThere_reusesItUntouched() throws IOException {
        NativeCache cache = new NativeCache(root);
        Path p = cache.install(SHA, "libx.so", CONTENT);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(p, old);

        assertEquals(p, cache.install(SHA, "libx.so", CONTENT));
        assertEquals(old, Files.getLastModifiedTime(p));
    }

    @Test
    void install_corruptedFileInCache_isReplaced() throws IOException {
        Path p = root.resolve(SHA).resolve("libx.so");
        Files.createDirectories(p.getParent());
        byte[] corrupted = CONTENT.clone();
        corrupted[500] ^= 1;
        Files.write(p, corrupted);

        new NativeCache(root).install(SHA, "libx.so", CONTENT);

        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertEquals(List.of(p), filesUnder(root));
    }

    @Test
    void install_truncatedFileInCache_isReplaced() throws IOException {
        Path p = root.resolve(SHA).resolve("libx.so");
        Files.createDirectories(p.getParent());
        Files.write(p, java.util.Arrays.copyOf(CONTENT, 4096));

        new NativeCache(root).install(SHA, "libx.so", CONTENT);

        assertArrayEquals(CONTENT, Files.readAllBytes(p));
    }

    @Test
    void install_rootIsAFile_throwsIOException() throws IOException {
        Path notADir = Files.writeString(root.resolve("file"), "x");
        assertThrows(IOException.class, () -> new NativeCache(notADir).install(SHA, "libx.so", CONTENT));
    }

    @Test
    void install_manyThreadsAtOnce_endWithOneGoodFileAndNoTemporaries() throws Exception {
        NativeCache cache = new NativeCache(root);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Path p = cache.install(SHA, "libx.so", CONTENT);
                    // Every caller must see a complete file the moment install returns.
                    assertArrayEquals(CONTENT, Files.readAllBytes(p));
                    return p;
                }));
            }
            start.countDown();
            Set<Path> paths = new HashSet<>();
            for (Future<Path> f : results) {
                paths.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, paths.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(root.resolve(SHA).resolve("libx.so")), filesUnder(root));
    }

    @Test
    void install_twoJvmsAtOnce_endWithOneGoodFileEach() throws Exception {
        int count = 40;
        List<Process> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        CacheRaceMain.class.getName(), root.toString(), Integer.toString(count));
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                jvms.add(pb.start());
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : jvms) {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", r.readLine());
                outs.add(r);
            }
            for (Process p : jvms) {
                OutputStream stdin = p.getOutputStream();
                stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            for (int i = 0; i < jvms.size(); i++) {
                assertTrue(jvms.get(i).waitFor(120, TimeUnit.SECONDS), "second JVM timed out");
                assertEquals("ok", outs.get(i).readLine());
                assertEquals(0, jvms.get(i).exitValue());
            }
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
        List<Path> files = filesUnder(root);
        assertEquals(count, files.size(), () -> "expected one file per library, got " + files);
        for (int i = 0; i < count; i++) {
            byte[] content = NativePackages.fakeLibrary(i, CacheRaceMain.SIZE);
            Path p = root.resolve(NativeCache.sha256(content)).resolve(NativePackages.FILE);
            assertArrayEquals(content, Files.readAllBytes(p), p.toString());
        }
    }

    @Test
    void install_privateRoot_isCreatedForThisUserOnly() throws IOException {
        Path top = root.resolve("forgeline-me");
        Path p = new NativeCache(top.resolve("native"), true).install(SHA, "libx.so", CONTENT);

        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        if (Files.getFileAttributeView(top, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(top)));
        }
    }

    @Test
    void candidates_cacheProperty_comesFirstThenTmpFallback() {
        List<NativeCache> c = NativeCache.candidates(props(Map.of(
                NativeCache.CACHE_PROPERTY, "/opt/cache", "user.home", "/home/u",
                "java.io.tmpdir", "/tmp", "user.name", "u")), env(Map.of("XDG_CACHE_HOME", "/xdg")));
        assertEquals(List.of(Path.of("/opt/cache"), Path.of("/tmp/forgeline-u/native")), roots(c));
    }

    @Test
    void candidates_xdgCacheHome_winsOverHome() {
        List<NativeCache> c = NativeCache.candidates(props(Map.of(
                "user.home", "/home/u", "java.io.tmpdir", "/tmp", "user.name", "u")),
                env(Map.of("XDG_CACHE_HOME", "/xdg")));
        assertEquals(List.of(Path.of("/xdg/forgeline/native"), Path.of("/tmp/forgeline-u/native")), roots(c));
    }

    @Test
    void candidates_relativeXdgOrNone_fallsBackToHomeCache() {
        for (Map<String, String> env : List.of(Map.of("XDG_CACHE_HOME", "relative/dir"), Map.<String, String>of())) {
            List<NativeCache> c = NativeCache.candidates(props(Map.of(
                    "user.home", "/home/u", "java.io.tmpdir", "/tmp", "user.name", "a b/c")), env(env));
            assertEquals(List.of(Path.of("/home/u/.cache/forgeline/native"), Path.of("/tmp/forgeline-a_b_c/native")),
                    roots(c));
        }
    }

    private static java.util.function.UnaryOperator<String> props(Map<String, String> m) {
        return m::get;
    }

    private static java.util.function.UnaryOperator<String> env(Map<String, String> m) {
        return m::get;
    }

    private static List<Path> roots(List<NativeCache> caches) {
        return caches.stream().map(NativeCache::root).toList();
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
