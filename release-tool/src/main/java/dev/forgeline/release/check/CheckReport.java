package dev.forgeline.release.check;

import dev.forgeline.release.platform.GlibcVersion;

import dev.forgeline.release.platform.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * The outcome of checking one library for one target: what was found in it, and every finding that
 * stops it from being published. An empty findings list means it passed.
 *
 * @param format ELF, PE, Mach-O, or UNKNOWN when the file could not be recognized
 * @param machine the CPU the file was built for, as a readable name (e.g. "AArch64", "AMD64", "x86_64, arm64")
 * @param requiredGlibc the highest GLIBC_x.y symbol version it needs (Linux only)
 * @param glibcSymbols the undefined symbols bound to each GLIBC_x.y version it needs (Linux only)
 * @param needed its DT_NEEDED entries (Linux only)
 */
public record CheckReport(
        Path library,
        Target target,
        BinaryFormat format,
        String machine,
        Optional<GlibcVersion> requiredGlibc,
        Map<String, SortedSet<String>> glibcSymbols,
        List<String> needed,
        List<Finding> findings) {

    public enum BinaryFormat { ELF, PE, MACH_O, MACH_O_UNIVERSAL, UNKNOWN }

    public CheckReport {
        glibcSymbols = Map.copyOf(glibcSymbols);
        needed = List.copyOf(needed);
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }

    public boolean has(Finding.Reason reason) {
        return findings.stream().anyMatch(f -> f.reason() == reason);
    }

    public List<Finding> findings(Finding.Reason reason) {
        return findings.stream().filter(f -> f.reason() == reason).toList();
    }

    /** One line per finding, prefixed with the file and target; "passed" when there are none. */
    public String summary() {
        String head = library.getFileName() + " for " + target.classifier() + " (" + format + ", " + machine + ")";
        if (passed()) {
            return head + ": passed";
        }
        return head + ":\n" + findings.stream().map(f -> "  - " + f).collect(Collectors.joining("\n"));
    }
}
