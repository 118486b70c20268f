package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.nativecore.NativeCoreUnavailableException.Reason;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLoaderTest {
    private static final String LINUX = "linux-x86_64";
    private static final Platform PLATFORM = new Platform(LINUX, "Linux", "amd64", false);
    private static final byte[] LIB = NativePackages.fakeLibrary(7, 50_000);
    private static final String SHA = NativeCache.sha256(LIB);

    @TempDir
    Path tmp;

    private final List<Path> linked = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<Path> recordingLinker = linked::add;
    private final List<URLClassLoader> loaders = new ArrayList<>();

    @AfterEach
    void closeLoaders() throws IOException {
        for (URLClassLoader l : loaders) {
            l.close();
        }
    }

    @Test
    void load_validPackage_extractsUnderDigestAndLinksThatFile() throws IOException {
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB));

        LoadedLibrary loaded = loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp);

        Path expected = cacheRoot().resolve(SHA).resolve(NativePackages.FILE);
        assertEquals(new LoadedLibrary(LINUX, expected, SHA, loaded.source()), loaded);
        assertTrue(loaded.source().endsWith("META-INF/native/linux-x86_64/libforgeline_native_core.so"),
                loaded.source());
        assertEquals(List.of(expected), linked);
        assertArrayEquals(LIB, Files.readAllBytes(expected));
    }

    @Test
    void load_fromJar_takesTheLibraryFromTheManifestsJar() throws IOException {
        // A second entry with the same resource names must not be mixed in: the library next to the
        // first manifest is the one checked.
        Path jar = tmp.resolve("native-core-0.1.0-linux-x86_64.jar");
        new NativePackages().library(LINUX, LIB).asJar(jar).close();
        Path other = tmp.resolve("other.jar");
        new NativePackages().library(LINUX, NativePackages.fakeLibrary(8, 10)).asJar(other).close();
        URLClassLoader cp = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL(), other.toUri().toURL()}, null);
        loaders.add(cp);

        LoadedLibrary loaded = loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp);

        assertEquals(SHA, loaded.sha256());
        assertTrue(loaded.source().startsWith("jar:file:") && loaded.source().contains("linux-x86_64.jar!/"),
                loaded.source());
    }

    @Test
    void load_digestMismatch_refusesToLoad() throws IOException {
        byte[] tampered = LIB.clone();
        tampered[100] ^= 0x20;
        ClassLoader cp = dir(new NativePackages().library(LINUX, tampered, SHA, LIB.length));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("META-INF/native/linux-x86_64/libforgeline_native_core.so"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + SHA), e.getMessage());
        assertTrue(e.getMessage().contains("actual sha256 " + NativeCache.sha256(tampered)), e.getMessage());
        assertEquals(List.of(), linked, "nothing may be loaded");
        assertTrue(!Files.exists(cacheRoot()) || NativeCacheTest.filesUnder(cacheRoot()).isEmpty(),
                "nothing may be extracted");
    }

    @Test
    void load_sizeDiffersFromManifest_refusesToLoad() throws IOException {
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB, SHA, LIB.length - 1));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertEquals(List.of(), linked);
    }

    @Test
    void load_noBuildForPlatform_namesPlatformSupportedPlatformsAndSourceBuild() throws IOException {
        ClassLoader cp = dir(new NativePackages()
                .platformList("# released for\nlinux-x86_64,osx-aarch_64\n")
                .library("windows-x86_64", LIB));
        String saved = System.setProperty(Platform.CLASSIFIER_PROPERTY, "linux-s390_64");
        NativeCoreUnavailableException e;
        try {
            e = assertThrows(NativeCoreUnavailableException.class,
                    () -> NativeLoader.load(NativePackages.LIBRARY, cp));
        } finally {
            restore(Platform.CLASSIFIER_PROPERTY, saved);
        }

        String m = e.getMessage();
        assertEquals(Reason.NO_BUILD_FOR_PLATFORM, e.reason());
        assertNull(e.getCause());
        assertTrue(m.contains("Detected platform: linux-s390_64 (os.name=" + System.getProperty("os.name")
                + ", os.arch=" + System.getProperty("os.arch")), m);
        assertTrue(m.contains("Platforms this release supports: linux-x86_64, osx-aarch_64, windows-x86_64"), m);
        assertTrue(m.contains("Native builds on the class path: windows-x86_64"), m);
        assertTrue(m.contains("mvn -Pnative-from-source -pl native-core -am install"), m);
        assertTrue(m.contains("docs/building-from-source.md"), m);
        assertTrue(m.contains("Rust/cargo >= " + SourceBuildFilesTest.cargoRustVersion()), m);
        assertTrue(m.contains("no Java fallback"), m);
    }

    @Test
    void load_nothingOnClassPath_stillExplainsHowToBuild() throws IOException {
        ClassLoader cp = dir(new NativePackages());

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(new Platform("linux-riscv64", "Linux", "riscv64", false))
                        .loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.NO_BUILD_FOR_PLATFORM, e.reason());
        assertTrue(e.getMessage().contains("Platforms this release supports: (none listed)"), e.getMessage());
        assertTrue(e.getMessage().contains(NativeLoader.SOURCE_BUILD_COMMAND), e.getMessage());
    }

    @Test
    void load_operatingSystemRefusesLibrary_failsWithCauseAndSourceBuildHint() throws IOException {
        // Correct digest, but not a loadable library: System.load itself throws.
        byte[] elf = NativePackages.unloadableElf();
        ClassLoader cp = dir(new NativePackages().platformList("linux-x86_64").library(LINUX, elf));
        NativeLoader real = new NativeLoader(PLATFORM, List.of(new NativeCache(cacheRoot())), null,
                file -> System.load(file.toString()));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> real.loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.LINK_FAILED, e.reason());
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());
        assertTrue(e.getMessage().contains(cacheRoot().resolve(NativeCache.sha256(elf)).resolve(NativePackages.FILE).toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Detected platform: linux-x86_64 (os.name=Linux, os.arch=amd64)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(NativeLoader.SOURCE_BUILD_COMMAND), e.getMessage());
    }

    @Test
    void load_corruptedCachedFile_isReplacedBeforeLoading() throws IOException {
        Path cached = cacheRoot().resolve(SHA).resolve(NativePackages.FILE);
        Files.createDirectories(cached.getParent());
        Files.write(cached, new byte[] {0x7f, 'E', 'L', 'F'});
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB));

        LoadedLibrary loaded = loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp);

        assertEquals(cached, loaded.file());
        assertArrayEquals(LIB, Files.readAllBytes(cached));
        assertEquals(List.of(cached), linked);
    }

    @Test
    void load_manyThreadsAtOnce_allLoadTheOneGoodFile() throws Exception {
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB));
        NativeLoader loader = loader(PLATFORM);
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<Path> files = new HashSet<>();
        try {
            List<Future<LoadedLibrary>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return loader.loadLibrary(NativePackages.LIBRARY, cp);
                }));
            }
            start.countDown();
            for (Future<LoadedLibrary> f : results) {
                files.add(f.get(30, TimeUnit.SECONDS).file());
            }
        } finally {
            pool.shutdownNow();
        }
        Path expected = cacheRoot().resolve(SHA).resolve(NativePackages.FILE);
        assertEquals(Set.of(expected), files);
        assertEquals(List.of(expected), NativeCacheTest.filesUnder(cacheRoot()));
        assertArrayEquals(LIB, Files.readAllBytes(expected));
        assertEquals(threads, linked.size());
    }

    @Test
    void load_firstCacheNotWritable_extractsToTheNext() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("blocked"), "a file where the cache should be");
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB));
        NativeLoader loader = new NativeLoader(PLATFORM,
                List.of(new NativeCache(notADirectory.resolve("native")), new NativeCache(cacheRoot())), null,
                recordingLinker);

        LoadedLibrary loaded = loader.loadLibrary(NativePackages.LIBRARY, cp);

        assertEquals(cacheRoot().resolve(SHA).resolve(NativePackages.FILE), loaded.file());
    }

    @Test
    void load_noCacheWritable_failsNamingEachDirectory() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("blocked"), "x");
        ClassLoader cp = dir(new NativePackages().library(LINUX, LIB));
        NativeLoader loader = new NativeLoader(PLATFORM, List.of(new NativeCache(notADirectory)), null,
                recordingLinker);

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader.loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.EXTRACTION_FAILED, e.reason());
        assertTrue(e.getMessage().contains(notADirectory.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("-D" + NativeCache.CACHE_PROPERTY), e.getMessage());
        assertEquals(List.of(), linked);
    }

    @Test
    void load_explicitLibrary_loadsThatFileAndReportsItsDigest() throws IOException {
        Path file = Files.write(tmp.resolve("libcustom.so"), LIB);
        NativeLoader loader = new NativeLoader(PLATFORM, List.of(new NativeCache(cacheRoot())), file,
                recordingLinker);

        LoadedLibrary loaded = loader.loadLibrary(NativePackages.LIBRARY, dir(new NativePackages()));

        assertEquals(new LoadedLibrary(LINUX, file.toAbsolutePath(), SHA, file.toUri().toString()), loaded);
        assertEquals(List.of(file.toAbsolutePath()), linked);
    }

    @Test
    void load_explicitLibraryProperty_isHonouredByTheDefaultLoader() throws IOException {
        Path file = Files.write(tmp.resolve("not-a-library.so"), NativePackages.unloadableElf());
        String saved = System.setProperty(NativeLoader.LIBRARY_PROPERTY, file.toString());
        NativeCoreUnavailableException e;
        try {
            e = assertThrows(NativeCoreUnavailableException.class,
                    () -> NativeLoader.load(NativePackages.LIBRARY, dir(new NativePackages())));
        } finally {
            restore(NativeLoader.LIBRARY_PROPERTY, saved);
        }
        assertEquals(Reason.LINK_FAILED, e.reason());
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void load_manifestNamesPathOutsideItsDirectory_isRefused() throws IOException {
        ClassLoader cp = dir(new NativePackages().manifest(LINUX,
                NativePackages.manifestJson(LINUX, "../../evil.so", SHA, LIB.length)));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.INVALID_PACKAGE, e.reason());
        assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
        assertEquals(List.of(), linked);
    }

    @Test
    void load_manifestForAnotherPlatform_isRefused() throws IOException {
        ClassLoader cp = dir(new NativePackages().manifest(LINUX,
                NativePackages.manifestJson("osx-aarch_64", NativePackages.FILE, SHA, LIB.length)));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.INVALID_PACKAGE, e.reason());
        assertTrue(e.getMessage().contains("osx-aarch_64"), e.getMessage());
    }

    @Test
    void load_libraryMissingNextToManifest_isInvalidPackage() throws IOException {
        ClassLoader cp = dir(new NativePackages().manifest(LINUX,
                NativePackages.manifestJson(LINUX, NativePackages.FILE, SHA, LIB.length)));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.INVALID_PACKAGE, e.reason());
        assertTrue(e.getMessage().contains(NativePackages.FILE), e.getMessage());
    }

    @Test
    void load_malformedManifest_isInvalidPackage() throws IOException {
        ClassLoader cp = dir(new NativePackages().manifest(LINUX, "{not json"));

        NativeCoreUnavailableException e = assertThrows(NativeCoreUnavailableException.class,
                () -> loader(PLATFORM).loadLibrary(NativePackages.LIBRARY, cp));

        assertEquals(Reason.INVALID_PACKAGE, e.reason());
        assertTrue(e.getMessage().contains("linux-x86_64/forgeline_native_core.json"), e.getMessage());
    }

    @Test
    void parsePlatformList_acceptsCommasLinesAndComments() {
        assertEquals(List.of("linux-x86_64", "linux-aarch_64", "osx-aarch_64", "windows-x86_64"),
                NativeLoader.parsePlatformList("# header, with commas\nlinux-x86_64, linux-aarch_64\r\n"
                        + "osx-aarch_64\n\nwindows-x86_64,linux-x86_64 # again\n"));
    }

    @Test
    void parsePlatformList_unfilteredPlaceholder_isIgnored() {
        assertEquals(List.of(), NativeLoader.parsePlatformList("${native.platforms}\n"));
    }

    @Test
    void platformResource_ofThisModule_isFilteredFromNativePlatforms() throws IOException {
        // The loader jar's own list: filtered at build time from ${native.platforms} (linux-x86_64 by default).
        try (var in = NativeLoader.class.getClassLoader()
                .getResourceAsStream("META-INF/native/" + NativeCore.LIBRARY_NAME + ".platforms")) {
            List<String> platforms = NativeLoader.parsePlatformList(new String(in.readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(!platforms.isEmpty() && Platform.KNOWN_CLASSIFIERS.containsAll(platforms),
                    platforms.toString());
        }
    }

    private NativeLoader loader(Platform platform) {
        return new NativeLoader(platform, List.of(new NativeCache(cacheRoot())), null, recordingLinker);
    }

    private Path cacheRoot() {
        return tmp.resolve("cache");
    }

    private ClassLoader dir(NativePackages packages) throws IOException {
        Path d = Files.createTempDirectory(tmp, "cp");
        URLClassLoader l = packages.asDirectory(d);
        loaders.add(l);
        return l;
    }

    private static void restore(String property, String saved) {
        if (saved == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, saved);
        }
    }
}
