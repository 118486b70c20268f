package dev.forgeline.release.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two audited releases ({@code audit --since}), from what verified in both: dependencies added,
 * removed or bumped (the SBOMs), toolchain and source changes and the origin (the provenance), targets added or
 * dropped and library digests (the platform jars), signer identities, each target's build-shaping environment
 * variables (the provenance: {@code environment}, named {@code <classifier> <NAME>}). A library whose digest changed
 * although its crate sources, the toolchain and its build environment did not is {@code flagged}: something the
 * provenance does not record changed the build.
 */
public record ReleaseDiff(String previous, boolean previousVerified, List<Change> origin, List<Change> dependencies,
        List<Change> toolchains, List<Change> sources, List<Change> environment, List<Change> targets,
        List<Change> signers, List<LibraryChange> libraries, List<String> notCompared) {

    /** The sections, as {@link #notCompared} names them. */
    public static final List<String> SECTIONS = List.of("origin", "dependencies", "toolchains", "sources",
            "environment", "targets", "signers", "libraries");

    public ReleaseDiff {
        Objects.requireNonNull(previous, "previous");
        origin = List.copyOf(origin);
        dependencies = List.copyOf(dependencies);
        toolchains = List.copyOf(toolchains);
        sources = List.copyOf(sources);
        environment = List.copyOf(environment);
        targets = List.copyOf(targets);
        signers = List.copyOf(signers);
        libraries = List.copyOf(libraries);
        notCompared = List.copyOf(notCompared);
    }

    /** One thing that changed: {@code from} null when it was added, {@code to} null when it was removed. */
    public record Change(String name, String from, String to) {
        public String kind() {
            return from == null ? "added" : to == null ? "removed" : "changed";
        }
    }

    /** A target's library digest that changed; {@code why} says with what, or, flagged, that nothing recorded did. */
    public record LibraryChange(String classifier, String from, String to, boolean flagged, String why) {}

    public boolean hasFlagged() {
        return libraries.stream().anyMatch(LibraryChange::flagged);
    }

    public static ReleaseDiff between(ReleaseFacts previous, ReleaseFacts current) {
        // A section whose files did not all verify in both is not compared at all: what failed in one release would
        // read as removed (or added), which it is not known to be.
        List<String> notCompared = notCompared(previous, current);
        List<Change> origin = new ArrayList<>();
        ReleaseFacts.Origin a = previous.origin();
        ReleaseFacts.Origin b = current.origin();
        if (a != null && b != null && !notCompared.contains("origin")) {
            compare("commit", a.commit(), b.commit(), origin);
            compare("ref", a.ref(), b.ref(), origin);
            compare("repository", a.repository(), b.repository(), origin);
            compare("builder", a.builderId(), b.builderId(), origin);
        }
        SortedMap<String, String> toolsA = tools(previous);
        SortedMap<String, String> toolsB = tools(current);
        SortedMap<String, String> sourcesA = sources(previous);
        SortedMap<String, String> sourcesB = sources(current);
        return new ReleaseDiff(previous.release(), previous.verified(), origin,
                compared("dependencies", notCompared, dependencies(previous), dependencies(current)),
                compared("toolchains", notCompared, toolsA, toolsB), compared("sources", notCompared, sourcesA, sourcesB),
                compared("environment", notCompared, environment(previous), environment(current)),
                targetChanges(previous, current), compared("signers", notCompared, signers(previous), signers(current)),
                libraries(previous, current, !toolsA.isEmpty() && toolsA.equals(toolsB), sourcesA, sourcesB,
                        !notCompared.contains("environment")),
                notCompared);
    }

    private static List<Change> compared(String section, List<String> notCompared, Map<String, String> from,
            Map<String, String> to) {
        return notCompared.contains(section) ? List.of() : changes(from, to);
    }

    /**
     * The sections whose facts did not all verify in both releases: what they show is only what verified, so an empty
     * one does not mean unchanged.
     */
    private static List<String> notCompared(ReleaseFacts previous, ReleaseFacts current) {
        List<String> out = new ArrayList<>();
        boolean provenance = previous.provenance().isVerified() && current.provenance().isVerified();
        if (!provenance) {
            out.add("origin");
        }
        if (!(previous.sboms().stream().allMatch(s -> s.claim().isVerified())
                && current.sboms().stream().allMatch(s -> s.claim().isVerified()))) {
            out.add("dependencies");
        }
        if (!provenance) {
            out.addAll(List.of("toolchains", "sources"));
        }
        if (!provenance || !previous.recordsBuildEnvironment() || !current.recordsBuildEnvironment()) {
            out.add("environment"); // also when a provenance does not record it: none recorded is not none set
        }
        if (!(previous.report().verified() && current.report().verified())) {
            out.add("signers");
        }
        if (!(previous.targets().stream().allMatch(t -> t.claim().isVerified())
                && current.targets().stream().allMatch(t -> t.claim().isVerified()))) {
            out.add("libraries");
        }
        return out;
    }

    private static void compare(String name, String from, String to, List<Change> into) {
        if (!Objects.equals(from, to)) {
            into.add(new Change(name, from == null ? "(none)" : from, to == null ? "(none)" : to));
        }
    }

    /** Versions by package (a package may be listed at two versions): what is added, removed or bumped. */
    private static SortedMap<String, String> dependencies(ReleaseFacts facts) {
        SortedMap<String, TreeSet<String>> versions = new TreeMap<>();
        for (ReleaseFacts.Dependency d : facts.dependencies()) {
            versions.computeIfAbsent(d.key(), k -> new TreeSet<>()).add(d.version() == null ? "(no version)" : d.version());
        }
        SortedMap<String, String> out = new TreeMap<>();
        versions.forEach((k, v) -> out.put(k, String.join(", ", v)));
        return out;
    }

    /** Each tool by name: its versions and binary digests (two targets may use two of one tool). */
    private static SortedMap<String, String> tools(ReleaseFacts facts) {
        SortedMap<String, TreeSet<String>> byName = new TreeMap<>();
        for (ReleaseFacts.Tool t : facts.toolchains()) {
            byName.computeIfAbsent(t.name(), k -> new TreeSet<>()).add((t.version() == null ? "" : t.version())
                    + (t.sha256() == null ? "" : " sha256:" + t.sha256()));
        }
        SortedMap<String, String> out = new TreeMap<>();
        byName.forEach((k, v) -> out.put(k, String.join(", ", v).strip()));
        return out;
    }

    /** Every target's build-shaping variable as {@code <classifier> <NAME>}, with its value. */
    private static SortedMap<String, String> environment(ReleaseFacts facts) {
        SortedMap<String, String> out = new TreeMap<>();
        if (facts.buildEnvironment() != null) {
            facts.buildEnvironment().forEach((target, env) -> env.forEach((name, value) -> out.put(target + " " + name,
                    value)));
        }
        return out;
    }

    private static SortedMap<String, String> sources(ReleaseFacts facts) {
        SortedMap<String, String> out = new TreeMap<>();
        facts.sources().forEach((k, v) -> out.put(k, "sha256:" + v.sha256()));
        return out;
    }

    private static List<Change> changes(Map<String, String> from, Map<String, String> to) {
        TreeSet<String> names = new TreeSet<>(from.keySet());
        names.addAll(to.keySet());
        List<Change> out = new ArrayList<>();
        for (String name : names) {
            String a = from.get(name);
            String b = to.get(name);
            if (!Objects.equals(a, b)) {
                out.add(new Change(name, a, b));
            }
        }
        return out;
    }

    /**
     * The targets one release has (a platform jar, or a built target its provenance names) and the other has not; a
     * target whose jar failed is still there: it did not verify, which its claim says, but it was not dropped.
     */
    private static List<Change> targetChanges(ReleaseFacts previous, ReleaseFacts current) {
        SortedMap<String, String> a = new TreeMap<>();
        previous.targets().forEach(t -> a.put(t.classifier(), t.classifier()));
        SortedMap<String, String> b = new TreeMap<>();
        current.targets().forEach(t -> b.put(t.classifier(), t.classifier()));
        return changes(a, b);
    }

    private static SortedMap<String, String> libraryDigests(ReleaseFacts facts) {
        SortedMap<String, String> out = new TreeMap<>();
        facts.targets().stream().filter(t -> t.librarySha256() != null && t.claim().isVerified())
                .forEach(t -> out.put(t.classifier(), t.librarySha256()));
        return out;
    }

    private static SortedMap<String, String> signers(ReleaseFacts facts) {
        SortedMap<String, String> out = new TreeMap<>();
        facts.signers().forEach(s -> out.put(s.identity(), s.identity()));
        return out;
    }

    private static List<LibraryChange> libraries(ReleaseFacts previous, ReleaseFacts current, boolean sameToolchain,
            SortedMap<String, String> sourcesA, SortedMap<String, String> sourcesB, boolean environmentsRecorded) {
        SortedMap<String, String> a = libraryDigests(previous);
        SortedMap<String, String> b = libraryDigests(current);
        boolean treesRecorded = hasTree(previous) && hasTree(current);
        boolean sameSources = treesRecorded && sourcesA.equals(sourcesB);
        Map<String, String> rustcA = rustc(previous);
        Map<String, String> rustcB = rustc(current);
        List<LibraryChange> out = new ArrayList<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String to = b.get(e.getKey());
            if (to == null || to.equals(e.getValue())) {
                continue;
            }
            boolean sameTool = sameToolchain && Objects.equals(rustcA.get(e.getKey()), rustcB.get(e.getKey()));
            List<Change> environment = environmentsRecorded ? changes(environmentOf(previous, e.getKey()),
                    environmentOf(current, e.getKey())) : List.of();
            String why;
            if (!treesRecorded) {
                why = "cannot tell whether its sources changed: a provenance records no source tree digest";
            } else if (!sameSources) {
                why = "its sources changed";
            } else if (!sameTool) {
                why = "the toolchain changed";
            } else if (!environment.isEmpty()) {
                why = "its build environment changed: " + String.join(", ", environment.stream()
                        .map(c -> c.name() + " (" + (c.from() == null ? "unset" : c.from()) + " -> "
                                + (c.to() == null ? "unset" : c.to()) + ")").toList());
            } else {
                why = "neither its crate sources (" + String.join(", ", sourcesB.keySet()) + ") nor the toolchain "
                        + (environmentsRecorded ? "nor its build environment " : "")
                        + "changed: something the provenance does not record changed the build ("
                        + (environmentsRecorded ? "a variable outside the recorded ones" : "environment, flags")
                        + ", a step that is not reproducible)";
            }
            out.add(new LibraryChange(e.getKey(), e.getValue(), to, treesRecorded && sameSources && sameTool
                    && environment.isEmpty(), why));
        }
        return out;
    }

    private static SortedMap<String, String> environmentOf(ReleaseFacts facts, String classifier) {
        return facts.buildEnvironment() == null ? new TreeMap<>()
                : facts.buildEnvironment().getOrDefault(classifier, new TreeMap<>());
    }

    private static boolean hasTree(ReleaseFacts facts) {
        return facts.sources().values().stream().anyMatch(ReleaseFacts.Source::tree);
    }

    private static Map<String, String> rustc(ReleaseFacts facts) {
        Map<String, String> out = new TreeMap<>();
        facts.targets().forEach(t -> out.put(t.classifier(), t.rustc()));
        return out;
    }
}
