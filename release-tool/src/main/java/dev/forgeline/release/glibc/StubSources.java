package dev.forgeline.release.glibc;

import dev.forgeline.release.platform.GlibcVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The source text of the stubs: assembly defining each symbol (an empty function, or a zero-filled
 * object of the real size, so copy relocations and symbol types match), a version script giving each
 * its version, the C of the {@code stat} wrappers, and the link scripts {@code -lc} and friends find.
 * The stubs are only linked against, never loaded: libraries built with them load the real glibc.
 */
final class StubSources {
    private StubSources() {}

    static String assembly(GlibcLibrary library, StubPlan plan) {
        StringBuilder s = new StringBuilder("/* forgeline: link-time stub of " + library.soname() + " as in glibc "
                + plan.floor() + " (" + plan.arch() + "). Never loaded. */\n");
        List<AbiSymbol> symbols = plan.symbolsBySoname().get(library.soname());
        s.append("\t.text\n");
        for (AbiSymbol symbol : symbols) {
            if (symbol.kind() == AbiSymbol.Kind.FUNCTION) {
                s.append("\t.globl ").append(symbol.name()).append('\n')
                        .append("\t.type ").append(symbol.name()).append(", %function\n")
                        .append(symbol.name()).append(":\n");
            }
        }
        s.append("\t.data\n");
        for (AbiSymbol symbol : symbols) {
            if (symbol.kind() == AbiSymbol.Kind.DATA) {
                s.append("\t.globl ").append(symbol.name()).append('\n')
                        .append("\t.type ").append(symbol.name()).append(", %object\n")
                        .append("\t.size ").append(symbol.name()).append(", ").append(symbol.size()).append('\n')
                        .append(symbol.name()).append(":\n")
                        .append("\t.zero ").append(Math.max(1, symbol.size())).append('\n');
            }
        }
        return s.toString();
    }

    /** One version node per version, each listing the symbols that default to it. */
    static String versionScript(GlibcLibrary library, StubPlan plan) {
        Map<GlibcVersion, List<String>> byVersion = plan.symbolsBySoname().get(library.soname()).stream()
                .collect(Collectors.groupingBy(AbiSymbol::version, TreeMap::new,
                        Collectors.mapping(AbiSymbol::name, Collectors.toList())));
        StringBuilder s = new StringBuilder();
        byVersion.forEach((version, names) -> {
            s.append(version.symbolVersion()).append(" {\n  global:\n");
            names.forEach(n -> s.append("    ").append(n).append(";\n"));
            s.append("};\n");
        });
        return s.toString();
    }

    static String statWrappers(StubPlan plan) {
        StringBuilder s = new StringBuilder("/* forgeline: the stat wrappers glibc before 2.33 kept in libc_nonshared.a. */\n");
        s.append("#define STAT_VER ").append(plan.arch().statVersion()).append('\n');
        for (StatWrapper w : plan.wrappers()) {
            s.append("extern int ").append(w.target()).append("(int ver, ").append(w.shape().parameters).append(");\n")
                    .append("__attribute__((visibility(\"hidden\"))) int ").append(w.name())
                    .append('(').append(w.shape().parameters).append(") { return ").append(w.target())
                    .append("(STAT_VER, ").append(w.shape().arguments).append("); }\n");
        }
        return s.toString();
    }

    /**
     * The file {@code -l<name>} finds. libc's, like a distribution's, also brings the stat wrappers
     * and, as needed, the dynamic loader (for {@code __tls_get_addr}).
     */
    static String linkScript(Path sharedObject, Path wrappers, Path loader) {
        StringBuilder s = new StringBuilder("/* forgeline: link-time glibc stub */\nGROUP ( ").append(quoted(sharedObject));
        if (wrappers != null) {
            s.append(' ').append(quoted(wrappers));
        }
        if (loader != null) {
            s.append(" AS_NEEDED ( ").append(quoted(loader)).append(" )");
        }
        return s.append(" )\n").toString();
    }

    private static String quoted(Path path) {
        return "\"" + path.toAbsolutePath() + "\"";
    }
}
