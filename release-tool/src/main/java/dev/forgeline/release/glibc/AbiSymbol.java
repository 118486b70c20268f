package dev.forgeline.release.glibc;

import dev.forgeline.release.platform.GlibcVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a glibc {@code .abilist} file: a symbol a library exports at one version, a function
 * ({@code GLIBC_2.17 pthread_key_create F}) or a data object with its size ({@code GLIBC_2.2.5 stdout D 0x8}).
 */
public record AbiSymbol(String name, GlibcVersion version, Kind kind, long size) {
    public enum Kind { FUNCTION, DATA }

    public AbiSymbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Parses one line; empty for blank lines and for versions that are not {@code GLIBC_x.y} (glibc's
     * abilists only hold public versions, but a line we do not understand must not become a stub).
     */
    static Optional<AbiSymbol> parse(String line, String where) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 3 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        Optional<GlibcVersion> version = GlibcVersion.fromSymbolVersion(fields[0]);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        return switch (fields[2]) {
            case "F" -> Optional.of(new AbiSymbol(fields[1], version.get(), Kind.FUNCTION, 0));
            case "D" -> {
                if (fields.length < 4) {
                    throw new IllegalArgumentException(where + ": data symbol " + fields[1] + " has no size");
                }
                yield Optional.of(new AbiSymbol(fields[1], version.get(), Kind.DATA, Long.decode(fields[3])));
            }
            default -> throw new IllegalArgumentException(where + ": unknown symbol kind \"" + fields[2] + "\" in: " + line);
        };
    }
}
