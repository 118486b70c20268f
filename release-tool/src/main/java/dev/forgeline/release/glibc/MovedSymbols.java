package dev.forgeline.release.glibc;

import dev.forgeline.release.check.GlibcVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The symbols glibc 2.32 to 2.34 moved into libc from libpthread, libdl, librt, libutil, libanl and
 * libresolv. In a 2.34+ libc they carry a new version (GLIBC_2.34, or 2.32 for a few pthread
 * functions) next to compatibility copies at their old versions, so libc.abilist alone suggests
 * {@code pthread_key_create@GLIBC_2.2.5} was always libc's. It was libpthread's, and a library linked
 * against an older glibc must name libpthread.so.0 for it, or it will not load there.
 *
 * <p>The abilists no longer say where a symbol came from (the old libraries keep only placeholder
 * symbols), but the source tree does: each of those libraries was built from one directory, whose
 * {@code Versions} file still lists the moved symbols under {@code libc}. A symbol counts as moved
 * when it is listed there <em>and</em> libc exports it at a version from 2.32 to 2.34 newer than the
 * one chosen; a symbol listed there that libc already had (e.g. {@code clock_gettime@GLIBC_2.17}
 * in rt/Versions) has no such version and stays libc's.
 */
final class MovedSymbols {
    /** Directory of the glibc source tree → the library it built before the merge. */
    private static final Map<String, String> FORMER_LIBRARIES = Map.of(
            "nptl", "libpthread", "dlfcn", "libdl", "rt", "librt", "login", "libutil", "resolv", "libresolv");
    /** resolv/ built two libraries: the asynchronous lookups were libanl's. */
    private static final List<String> LIBANL_PREFIXES = List.of("gai_", "getaddrinfo_a");
    private static final GlibcVersion FIRST_MOVE = new GlibcVersion(2, 32, 0);
    private static final GlibcVersion LAST_MOVE = new GlibcVersion(2, 34, 0);

    private final Map<String, String> formerLibraryBySymbol;

    private MovedSymbols(Map<String, String> formerLibraryBySymbol) {
        this.formerLibraryBySymbol = formerLibraryBySymbol;
    }

    static MovedSymbols read(Path glibcSource) throws IOException {
        Map<String, String> former = new LinkedHashMap<>();
        for (Map.Entry<String, String> dir : FORMER_LIBRARIES.entrySet()) {
            Path versions = glibcSource.resolve(dir.getKey()).resolve("Versions");
            if (!Files.isRegularFile(versions)) {
                throw new IOException("the glibc source tree lacks " + versions);
            }
            for (String symbol : VersionsFile.read(versions).symbols("libc")) {
                boolean anl = dir.getKey().equals("resolv") && LIBANL_PREFIXES.stream().anyMatch(symbol::startsWith);
                former.put(symbol, anl ? "libanl" : dir.getValue());
            }
        }
        return new MovedSymbols(former);
    }

    /**
     * The library that exported {@code symbol} at {@code chosen} before it moved into libc, or empty
     * if libc exported it then too.
     *
     * @param libcVersions every version libc.abilist lists for the symbol
     */
    Optional<String> formerLibrary(String symbol, Set<GlibcVersion> libcVersions, GlibcVersion chosen) {
        String library = formerLibraryBySymbol.get(symbol);
        if (library == null) {
            return Optional.empty();
        }
        boolean movedLater = libcVersions.stream().anyMatch(v ->
                v.compareTo(FIRST_MOVE) >= 0 && v.compareTo(LAST_MOVE) <= 0 && v.isNewerThan(chosen));
        return movedLater ? Optional.of(library) : Optional.empty();
    }
}
