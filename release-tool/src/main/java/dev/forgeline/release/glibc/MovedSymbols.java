package dev.forgeline.release.glibc;

import dev.forgeline.release.platform.GlibcVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The symbols glibc 2.32 to 2.34 moved into libc from libpthread, libdl, librt, libutil, libanl,
 * libresolv and libm. In a 2.34+ libc they carry a new version (GLIBC_2.34, or 2.32 for a few pthread
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
 *
 * <p>Two directories also hold internals that moved without a new version ({@code __pthread_*},
 * {@code pthread_atfork}, {@code __res_*}). For them the rule errs towards the former library, the safe
 * direction: a symbol bound to libpthread.so.0 that an old glibc's libc exported still resolves (the
 * loader matches a version by name across every loaded object, and libc is always loaded), while one
 * bound to libc.so.6 that only the old libpthread exported fails unless something else loads libpthread.
 * StubPlanAgainstRealGlibcTest checks the result against Debian 11's real glibc 2.31 and Debian 12's 2.36.
 */
final class MovedSymbols {
    /** Directory of the glibc source tree → the library it built before the merge. */
    private static final List<Map.Entry<String, String>> FORMER_LIBRARIES = List.of(
            Map.entry("nptl", "libpthread"), Map.entry("dlfcn", "libdl"), Map.entry("rt", "librt"),
            Map.entry("login", "libutil"), Map.entry("resolv", "libresolv"), Map.entry("sysdeps/ieee754/float128", "libm"));
    /** resolv/ built two libraries: the asynchronous lookups were libanl's. */
    private static final List<String> LIBANL_PREFIXES = List.of("gai_", "getaddrinfo_a");
    /** Listed symbols that go to the former library whatever their versions (see the class comment). */
    private static final Map<String, List<String>> INTERNALS = Map.of(
            "nptl", List.of(""), "resolv", List.of("__res_", "__dn_"));
    private static final GlibcVersion FIRST_MOVE = new GlibcVersion(2, 32, 0);
    private static final GlibcVersion LAST_MOVE = new GlibcVersion(2, 34, 0);

    private final Map<String, String> formerLibraryBySymbol;
    private final Set<String> internals;

    private MovedSymbols(Map<String, String> formerLibraryBySymbol, Set<String> internals) {
        this.formerLibraryBySymbol = formerLibraryBySymbol;
        this.internals = internals;
    }

    static MovedSymbols read(Path glibcSource) throws IOException {
        Map<String, String> former = new LinkedHashMap<>();
        Set<String> internals = new HashSet<>();
        for (Map.Entry<String, String> dir : FORMER_LIBRARIES) {
            Path versions = glibcSource.resolve(dir.getKey()).resolve("Versions");
            if (!Files.isRegularFile(versions)) {
                throw new IOException("the glibc source tree lacks " + versions);
            }
            for (String symbol : VersionsFile.read(versions).symbols("libc")) {
                boolean anl = dir.getKey().equals("resolv") && LIBANL_PREFIXES.stream().anyMatch(symbol::startsWith);
                String previous = former.put(symbol, anl ? "libanl" : dir.getValue());
                if (previous != null && !previous.equals(former.get(symbol))) {
                    // Never seen in glibc; if it happens, guessing would make the stubs depend on reading order.
                    throw new IOException(symbol + " is listed for libc by the Versions files of both " + previous
                            + "'s and " + former.get(symbol) + "'s directories");
                }
                if (INTERNALS.getOrDefault(dir.getKey(), List.of()).stream().anyMatch(symbol::startsWith)) {
                    internals.add(symbol);
                }
            }
        }
        return new MovedSymbols(former, internals);
    }

    /**
     * The library that exported {@code symbol} at {@code chosen} before it moved into libc, or empty
     * if libc exported it then too. The caller still checks that the library had that version at all.
     *
     * @param libcVersions every version libc.abilist lists for the symbol
     */
    Optional<String> formerLibrary(String symbol, Set<GlibcVersion> libcVersions, GlibcVersion chosen) {
        String library = formerLibraryBySymbol.get(symbol);
        if (library == null || !LAST_MOVE.isNewerThan(chosen)) {
            return Optional.empty();
        }
        boolean moved = internals.contains(symbol) || libcVersions.stream()
                .anyMatch(v -> v.compareTo(FIRST_MOVE) >= 0 && v.compareTo(LAST_MOVE) <= 0 && v.isNewerThan(chosen));
        return moved ? Optional.of(library) : Optional.empty();
    }
}
