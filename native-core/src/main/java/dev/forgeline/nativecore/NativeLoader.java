package dev.forgeline.nativecore;

import dev.forgeline.nativecore.NativeCoreUnavailableException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the native library for this platform on the class path, checks it against its manifest,
 * extracts it to a content-addressed cache and loads it.
 *
 * <p>The steps, each failing with a {@link NativeCoreUnavailableException} whose {@link Reason} names
 * it: find {@code META-INF/native/<classifier>/<library>.json} ({@link Reason#NO_BUILD_FOR_PLATFORM});
 * read it and the library file next to it ({@link Reason#INVALID_PACKAGE}); compare size and SHA-256
 * with the manifest before anything is written or loaded ({@link Reason#DIGEST_MISMATCH}); install it
 * under {@code <cache>/<sha256>/<file>} ({@link Reason#EXTRACTION_FAILED}); hash the installed file
 * again, since that is what is loaded; {@code System.load} it ({@link Reason#LINK_FAILED}).
 *
 * <p>System properties: {@value Platform#CLASSIFIER_PROPERTY} replaces the detected platform,
 * {@value NativeCache#CACHE_PROPERTY} the cache root, and {@value #LIBRARY_PROPERTY} names a library
 * file to load as it is (it is still hashed, and reported in the {@link LoadedLibrary}).
 */
final class NativeLoader {
    /** System property naming an explicit library file to load instead of the packaged one. */
    static final String LIBRARY_PROPERTY = "forgeline.native.library";
    /** How to get a library for a platform this release has no build for. */
    static final String SOURCE_BUILD_COMMAND = "mvn -Pnative-from-source -pl native-core -am install";
    static final String SOURCE_BUILD_DOC = "docs/building-from-source.md";

    private static final System.Logger LOG = System.getLogger(NativeLoader.class.getName());
    /** Refuse manifests that claim an absurd size before reading anything. */
    private static final long MAX_LIBRARY_SIZE = 512L * 1024 * 1024;

    private final Platform platform;
    private final List<NativeCache> caches;
    private final Path explicitLibrary;
    private final Consumer<Path> linker;

    /**
     * @param caches where to extract to, tried in order until one works
     * @param explicitLibrary a file to load instead of the packaged library, or null
     * @param linker loads a file into the JVM ({@code System.load} in production)
     */
    NativeLoader(Platform platform, List<NativeCache> caches, Path explicitLibrary, Consumer<Path> linker) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.caches = List.copyOf(caches);
        this.explicitLibrary = explicitLibrary;
        this.linker = Objects.requireNonNull(linker, "linker");
    }

    /** Loads {@code libraryName} for the current platform, configured from system properties. */
    static LoadedLibrary load(String libraryName, ClassLoader loader) {
        return fromSystemProperties().loadLibrary(libraryName, loader);
    }

    /** The loader as {@link #load} configures it. */
    static NativeLoader fromSystemProperties() {
        String explicit = System.getProperty(LIBRARY_PROPERTY);
        return new NativeLoader(
                Platform.current(),
                NativeCache.candidates(System::getProperty, System::getenv),
                explicit == null || explicit.isBlank() ? null : Path.of(explicit.trim()),
                NativeLoader::systemLoad);
    }

    /** {@code System.load} from this class, so the library belongs to the class loader of {@link NativeBindings}. */
    private static void systemLoad(Path file) {
        System.load(file.toAbsolutePath().toString());
    }

    LoadedLibrary loadLibrary(String libraryName, ClassLoader loader) {
        Objects.requireNonNull(libraryName, "libraryName");
        ClassLoader resources = loader != null ? loader : NativeLoader.class.getClassLoader();
        if (explicitLibrary != null) {
            return loadExplicit(libraryName, resources);
        }
        String manifestName = manifestResource(platform.classifier(), libraryName);
        URL manifestUrl = resources.getResource(manifestName);
        if (manifestUrl == null) {
            throw unavailable(Reason.NO_BUILD_FOR_PLATFORM, libraryName, resources,
                    "there is no native build of " + libraryName + " for this platform (no " + manifestName
                            + " on the class path).", null);
        }
        NativeManifest manifest = readManifest(manifestUrl, libraryName);
        URL libraryUrl = sibling(manifestUrl, manifest.file());
        byte[] content = readLibrary(libraryUrl, manifest);

        // Nothing has been written or loaded yet: this is the check that matters.
        String actual = NativeCache.sha256(content);
        if (content.length != manifest.size() || !actual.equals(manifest.sha256())) {
            throw new NativeCoreUnavailableException(Reason.DIGEST_MISMATCH,
                    "Refusing to load " + libraryUrl + ": its content does not match " + manifestUrl
                            + " (expected sha256 " + manifest.sha256() + ", size " + manifest.size()
                            + "; actual sha256 " + actual + ", size " + content.length + "). The jar is "
                            + "corrupted or was tampered with; nothing was extracted or loaded.", null);
        }

        Path installed = install(manifest, content, libraryUrl);
        link(installed, libraryName, resources, libraryUrl.toString());
        LOG.log(System.Logger.Level.DEBUG, () -> "loaded " + libraryName + " " + manifest.sha256()
                + " for " + platform.classifier() + " from " + installed + " (" + libraryUrl + ")");
        return new LoadedLibrary(platform.classifier(), installed, manifest.sha256(), libraryUrl.toString());
    }

    private LoadedLibrary loadExplicit(String libraryName, ClassLoader resources) {
        Path file = explicitLibrary.toAbsolutePath().normalize();
        String sha256;
        try {
            sha256 = NativeCache.sha256(file);
        } catch (IOException e) {
            throw unavailable(Reason.INVALID_PACKAGE, libraryName, resources,
                    "cannot read " + file + " named by -D" + LIBRARY_PROPERTY + ": " + e, e);
        }
        link(file, libraryName, resources, file.toUri().toString());
        return new LoadedLibrary(platform.classifier(), file, sha256, file.toUri().toString());
    }

    private NativeManifest readManifest(URL manifestUrl, String libraryName) {
        NativeManifest manifest;
        try (InputStream in = manifestUrl.openStream()) {
            manifest = NativeManifest.read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new NativeCoreUnavailableException(Reason.INVALID_PACKAGE,
                    "Cannot use native manifest " + manifestUrl + ": " + e.getMessage(), e);
        }
        if (!manifest.library().equals(libraryName) || !manifest.classifier().equals(platform.classifier())) {
            throw new NativeCoreUnavailableException(Reason.INVALID_PACKAGE,
                    "Native manifest " + manifestUrl + " describes " + manifest.library() + " for "
                            + manifest.classifier() + ", expected " + libraryName + " for "
                            + platform.classifier(), null);
        }
        if (manifest.size() > MAX_LIBRARY_SIZE) {
            throw new NativeCoreUnavailableException(Reason.INVALID_PACKAGE,
                    "Native manifest " + manifestUrl + " declares " + manifest.size()
                            + " bytes, more than the " + MAX_LIBRARY_SIZE + " this loader accepts", null);
        }
        return manifest;
    }

    private static byte[] readLibrary(URL libraryUrl, NativeManifest manifest) {
        try (InputStream in = libraryUrl.openStream()) {
            // One byte more than declared is enough to detect a longer file without reading all of it.
            return in.readNBytes((int) manifest.size() + 1);
        } catch (IOException e) {
            throw new NativeCoreUnavailableException(Reason.INVALID_PACKAGE,
                    "The native manifest names " + libraryUrl + " but it cannot be read: " + e, e);
        }
    }

    private Path install(NativeManifest manifest, byte[] content, URL source) {
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (NativeCache cache : caches) {
            Path root = cache.root();
            try {
                Path installed = cache.install(manifest.sha256(), manifest.file(), content);
                // Hash what will actually be loaded: the file on disk, not the bytes we meant to write.
                String onDisk = NativeCache.sha256(installed);
                if (!onDisk.equals(manifest.sha256())) {
                    throw new NativeCoreUnavailableException(Reason.DIGEST_MISMATCH,
                            "Refusing to load " + installed + ": after extraction its sha256 is " + onDisk
                                    + ", expected " + manifest.sha256() + " (from " + source
                                    + "). Something else is writing to the cache " + root + ".", null);
                }
                return installed;
            } catch (IOException | UncheckedIOException | SecurityException e) {
                failures.add(root + ": " + e);
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw new NativeCoreUnavailableException(Reason.EXTRACTION_FAILED,
                "Cannot extract " + source + " to any cache directory (" + String.join("; ", failures)
                        + "). Set -D" + NativeCache.CACHE_PROPERTY + "=<writable directory>.", last);
    }

    private void link(Path file, String libraryName, ClassLoader resources, String source) {
        try {
            linker.accept(file);
        } catch (UnsatisfiedLinkError e) {
            throw unavailable(Reason.LINK_FAILED, libraryName, resources,
                    "the native build of " + libraryName + " could not be loaded from " + file
                            + " (from " + source + "): " + e.getMessage() + ".", e);
        }
    }

    private NativeCoreUnavailableException unavailable(Reason reason, String libraryName,
                                                       ClassLoader resources, String what, Throwable cause) {
        Set<String> supported = supportedPlatforms(libraryName, resources);
        Set<String> present = presentPlatforms(libraryName, resources);
        String rustVersion = sourceBuildRustVersion(libraryName, resources);
        StringBuilder m = new StringBuilder()
                .append("The Forgeline native core is unavailable: ").append(what)
                .append(" There is no Java fallback.\n")
                .append("  Detected platform: ").append(platform.describe()).append('\n')
                .append("  Platforms this release supports: ")
                .append(supported.isEmpty() ? "(none listed)" : String.join(", ", supported)).append('\n')
                .append("  Native builds on the class path: ")
                .append(present.isEmpty() ? "(none)" : String.join(", ", present)).append('\n')
                .append("  To run on this platform, build the native core from source: in a checkout of the "
                        + "Forgeline sources, with Rust/cargo ")
                .append(rustVersion == null ? "at least the crate's rust-version" : ">= " + rustVersion)
                .append(" installed, run\n")
                .append("      ").append(SOURCE_BUILD_COMMAND).append('\n')
                .append("  and put the resulting native-core jar on the class path. See ")
                .append(SOURCE_BUILD_DOC).append('.');
        return new NativeCoreUnavailableException(reason, m.toString(), cause);
    }

    /**
     * What this release supports: every classifier listed in the {@code META-INF/native/<library>.platforms}
     * resources (separated by new lines or commas, {@code #} starts a comment) plus every platform
     * whose build is on the class path.
     */
    Set<String> supportedPlatforms(String libraryName, ClassLoader resources) {
        Set<String> platforms = new LinkedHashSet<>();
        try {
            Enumeration<URL> lists = resources.getResources("META-INF/native/" + libraryName + ".platforms");
            while (lists.hasMoreElements()) {
                platforms.addAll(parsePlatformList(readText(lists.nextElement())));
            }
        } catch (IOException e) {
            // The list only improves the message; the probe below still answers.
        }
        platforms.addAll(presentPlatforms(libraryName, resources));
        return platforms;
    }

    /** Classifiers whose manifest is on the class path, probing the known ones and the detected one. */
    Set<String> presentPlatforms(String libraryName, ClassLoader resources) {
        Set<String> candidates = new LinkedHashSet<>(Platform.KNOWN_CLASSIFIERS);
        candidates.add(platform.classifier());
        Set<String> present = new LinkedHashSet<>();
        for (String classifier : candidates) {
            if (resources.getResource(manifestResource(classifier, libraryName)) != null) {
                present.add(classifier);
            }
        }
        return present;
    }

    static List<String> parsePlatformList(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : content.split("[,\\s]+")) {
                // "${...}" is an unfiltered placeholder (a build that skipped resource filtering).
                if (!token.isEmpty() && !token.startsWith("${") && !out.contains(token)) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** The minimum Rust version for a source build, as recorded next to the platform list; null if unknown. */
    private static String sourceBuildRustVersion(String libraryName, ClassLoader resources) {
        URL url = resources.getResource("META-INF/native/" + libraryName + ".source.properties");
        if (url == null) {
            url = NativeLoader.class.getClassLoader().getResource(
                    "META-INF/native/" + libraryName + ".source.properties");
        }
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String v = p.getProperty("rust-version");
        return v == null || v.isBlank() ? null : v.trim();
    }

    static String manifestResource(String classifier, String libraryName) {
        return "META-INF/native/" + classifier + "/" + libraryName + ".json";
    }

    private static URL sibling(URL manifestUrl, String fileName) {
        try {
            // Relative to the manifest, so that manifest and library come from the same jar.
            return new URL(manifestUrl, fileName);
        } catch (MalformedURLException e) {
            throw new NativeCoreUnavailableException(Reason.INVALID_PACKAGE,
                    "Cannot resolve " + fileName + " next to " + manifestUrl, e);
        }
    }

    private static String readText(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
