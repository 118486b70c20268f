package dev.forgeline.release.glibc;

import dev.forgeline.release.platform.GlibcVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ABI glibc promises on one architecture, read from its source tree's {@code *.abilist} files:
 * every symbol every library exports, at every version it was ever exported at. From it,
 * {@link #plan(GlibcVersion)} derives what a glibc of an older version exported, which is what a
 * library must be linked against to load there.
 */
public final class GlibcAbi {
    private final GlibcArch arch;
    private final Map<GlibcLibrary, List<AbiSymbol>> symbols;
    private final MovedSymbols moved;

    private GlibcAbi(GlibcArch arch, Map<GlibcLibrary, List<AbiSymbol>> symbols, MovedSymbols moved) {
        this.arch = arch;
        this.symbols = symbols;
        this.moved = moved;
    }

    /** Reads the ABI lists of {@code arch} from a glibc source tree (the directory holding {@code sysdeps/}). */
    public static GlibcAbi read(Path glibcSource, GlibcArch arch) {
        try {
            Map<GlibcLibrary, List<AbiSymbol>> symbols = new LinkedHashMap<>();
            Path dir = glibcSource.resolve(arch.abiListDir());
            for (GlibcLibrary library : GlibcLibrary.all(arch)) {
                Path file = dir.resolve(library.abiListFile());
                if (!Files.isRegularFile(file)) {
                    throw new IOException("the glibc source tree lacks " + file);
                }
                List<AbiSymbol> list = new ArrayList<>();
                int lineNumber = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lineNumber++;
                    AbiSymbol.parse(line, file + ":" + lineNumber).ifPresent(list::add);
                }
                symbols.put(library, list);
            }
            return new GlibcAbi(arch, symbols, MovedSymbols.read(glibcSource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oldest glibc this architecture had: the lowest version in its libc.abilist. */
    public GlibcVersion oldest() {
        return symbols.get(libc()).stream().map(AbiSymbol::version).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The first glibc version that exported {@code symbol} from any library, if any ever did. */
    public Optional<GlibcVersion> introduced(String symbol) {
        return symbols.values().stream().flatMap(List::stream).filter(s -> s.name().equals(symbol))
                .map(AbiSymbol::version).min(Comparator.naturalOrder());
    }

    /**
     * What glibc {@code floor} exported: each symbol at its newest version not above the floor, in
     * the library that exported it then. A symbol added after the floor is absent, so a link that
     * needs it fails instead of producing a library that cannot load there.
     *
     * @throws IllegalArgumentException if the architecture never had a glibc that old
     */
    public StubPlan plan(GlibcVersion floor) {
        if (oldest().isNewerThan(floor)) {
            throw new IllegalArgumentException("glibc " + floor + " is older than any glibc for " + arch
                    + " (the oldest is " + oldest() + ")");
        }
        Map<String, List<AbiSymbol>> bySoname = new LinkedHashMap<>();
        for (GlibcLibrary library : symbols.keySet()) {
            bySoname.put(library.soname(), new ArrayList<>());
        }
        for (Map.Entry<GlibcLibrary, List<AbiSymbol>> entry : symbols.entrySet()) {
            GlibcLibrary library = entry.getKey();
            Map<String, List<AbiSymbol>> versionsByName = entry.getValue().stream()
                    .collect(Collectors.groupingBy(AbiSymbol::name, TreeMap::new, Collectors.toList()));
            for (Map.Entry<String, List<AbiSymbol>> symbol : versionsByName.entrySet()) {
                Optional<AbiSymbol> chosen = symbol.getValue().stream()
                        .filter(s -> !s.version().isNewerThan(floor))
                        .max(Comparator.comparing(AbiSymbol::version));
                if (chosen.isEmpty()) {
                    continue;
                }
                String soname = library.soname();
                if (library.equals(libc())) {
                    Set<GlibcVersion> all = symbol.getValue().stream().map(AbiSymbol::version).collect(Collectors.toSet());
                    GlibcVersion version = chosen.get().version();
                    Optional<GlibcLibrary> former = moved.formerLibrary(symbol.getKey(), all, version)
                            .map(this::libraryNamed).filter(l -> hasVersion(l, version));
                    if (former.isPresent()) {
                        soname = former.get().soname();
                    }
                }
                bySoname.get(soname).add(chosen.get());
            }
        }
        bySoname.values().forEach(list -> list.sort(Comparator.comparing(AbiSymbol::name)));
        List<StatWrapper> wrappers = new ArrayList<>();
        for (StatWrapper w : StatWrapper.FAMILY) {
            boolean exported = exportedAt(w.name(), floor);
            boolean targetExported = exportedAt(w.target(), floor);
            if (!exported && targetExported) {
                wrappers.add(w);
            }
        }
        return new StubPlan(arch, floor, new ArrayList<>(symbols.keySet()), bySoname, wrappers);
    }

    private boolean exportedAt(String name, GlibcVersion floor) {
        return symbols.get(libc()).stream().anyMatch(s -> s.name().equals(name) && !s.version().isNewerThan(floor));
    }

    private GlibcLibrary libc() {
        return symbols.keySet().stream().filter(l -> "c".equals(l.linkName())).findFirst().orElseThrow();
    }

    private GlibcLibrary libraryNamed(String libraryName) {
        return symbols.keySet().stream().filter(l -> l.libraryName().equals(libraryName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no stub library " + libraryName));
    }

    /** Whether {@code library} ever had the version node (its abilist keeps a placeholder for each). */
    private boolean hasVersion(GlibcLibrary library, GlibcVersion version) {
        return symbols.get(library).stream().anyMatch(s -> s.version().equals(version));
    }
}
