package dev.forgeline.release.glibc;

import dev.forgeline.release.platform.GlibcVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the link-time stubs of glibc at one version contain: for each library, the symbols it
 * exported then, each at the newest version not above the floor (that is the default version a
 * link against that glibc would have recorded), and the {@code stat} wrappers the floor needs.
 */
public record StubPlan(GlibcArch arch, GlibcVersion floor, List<GlibcLibrary> libraries,
        Map<String, List<AbiSymbol>> symbolsBySoname, List<StatWrapper> wrappers) {

    public StubPlan {
        libraries = List.copyOf(libraries);
        symbolsBySoname = symbolsBySoname.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        wrappers = List.copyOf(wrappers);
    }

    /** The stub's export of {@code symbol} (in whichever library), if the floor has it. */
    Optional<Export> find(String symbol) {
        for (GlibcLibrary library : libraries) {
            for (AbiSymbol s : symbolsBySoname.getOrDefault(library.soname(), List.of())) {
                if (s.name().equals(symbol)) {
                    return Optional.of(new Export(library.soname(), s.version()));
                }
            }
        }
        return Optional.empty();
    }

    boolean wraps(String symbol) {
        return wrappers.stream().anyMatch(w -> w.name().equals(symbol));
    }

    /** Where a symbol is exported and at which version: {@code libpthread.so.0}, 2.2.5. */
    record Export(String soname, GlibcVersion version) {}
}
