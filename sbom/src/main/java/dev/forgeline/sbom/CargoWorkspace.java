package dev.forgeline.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.sbom.SbomException.Reason;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The crates a lock file lists without a {@code source} (path crates), found where Cargo finds them:
 * the workspace root manifest next to the lock file, its {@code workspace.members} (globs, less
 * {@code workspace.exclude}), and every {@code path = ..} of a dependency, patch or replace table,
 * followed from manifest to manifest. The lock file itself records no directory for them.
 */
final class CargoWorkspace {

    private static final List<String> DEPENDENCY_TABLES = List.of("dependencies", "dev-dependencies",
            "build-dependencies", "dev_dependencies", "build_dependencies");

    private CargoWorkspace() {}

    /**
     * The workspace root of {@code manifest}: the nearest Cargo.toml with a {@code [workspace]} table,
     * starting with the manifest itself; null when there is none.
     */
    static TomlFile rootOf(TomlFile manifest) throws SbomException {
        if (manifest.root().has("workspace")) {
            return manifest;
        }
        for (Path dir = manifest.file().toAbsolutePath().getParent().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("Cargo.toml");
            if (Files.isRegularFile(candidate)) {
                TomlFile toml = TomlFile.read(candidate, "workspace manifest");
                if (toml.root().has("workspace")) {
                    return toml;
                }
            }
        }
        return null;
    }

    /**
     * The directory of every path crate reachable from the Cargo.toml next to {@code lockFile},
     * keyed by {@code "name version"}. A directory reached twice is read once.
     */
    static Map<String, Path> pathCrates(Path lockFile) throws SbomException {
        Path rootDir = lockFile.toAbsolutePath().normalize().getParent();
        Map<String, Path> crates = new HashMap<>();
        Set<Path> seen = new HashSet<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(rootDir);
        while (!pending.isEmpty()) {
            Path dir = pending.poll().normalize();
            Path manifestFile = dir.resolve("Cargo.toml");
            if (!seen.add(dir) || !Files.isRegularFile(manifestFile)) {
                continue;
            }
            TomlFile toml = TomlFile.read(manifestFile, "crate manifest");
            if (toml.root().has("package") || toml.root().has("project")) {
                CargoManifest m = CargoManifest.of(toml);
                crates.putIfAbsent(m.name() + " " + m.version(), dir);
            }
            JsonNode ws = toml.root().get("workspace");
            if (dir.equals(rootDir) && ws != null && ws.isObject()) {
                pending.addAll(members(manifestFile, dir, ws));
            }
            pending.addAll(pathDependencies(dir, toml.root()));
        }
        return crates;
    }

    private static List<Path> members(Path manifestFile, Path root, JsonNode workspace) throws SbomException {
        List<Path> exclude = new ArrayList<>();
        for (JsonNode e : workspace.path("exclude")) {
            if (e.isTextual()) {
                exclude.add(root.resolve(e.textValue()).normalize());
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (JsonNode member : workspace.path("members")) {
            if (!member.isTextual()) {
                continue;
            }
            String pattern = member.textValue();
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
                dirs.add(root.resolve(pattern));
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
            try (Stream<Path> walk = Files.walk(root, depth)) {
                walk.filter(Files::isDirectory)
                        .filter(d -> matcher.matches(root.relativize(d)))
                        .sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw SbomException.io(manifestFile, "list the workspace members " + pattern, e);
            }
        }
        dirs.removeIf(d -> exclude.stream().anyMatch(x -> d.normalize().startsWith(x)));
        return dirs;
    }

    /** The {@code path} of every dependency, target dependency, workspace dependency, patch and replace. */
    private static List<Path> pathDependencies(Path dir, JsonNode manifest) {
        List<JsonNode> tables = new ArrayList<>();
        for (String name : DEPENDENCY_TABLES) {
            tables.add(manifest.path(name));
            manifest.path("target").forEach(target -> tables.add(target.path(name)));
        }
        tables.add(manifest.path("workspace").path("dependencies"));
        manifest.path("patch").forEach(tables::add);
        tables.add(manifest.path("replace"));
        List<Path> dirs = new ArrayList<>();
        for (JsonNode table : tables) {
            for (JsonNode dependency : table) {
                if (dependency.path("path").isTextual()) {
                    dirs.add(dir.resolve(dependency.path("path").textValue()));
                }
            }
        }
        return dirs;
    }

    /** The error for a path package of the lock file whose crate is not in the workspace. */
    static SbomException notFound(Path lockFile, CargoLockFile.Package p) {
        return SbomException.at(Reason.UNRESOLVED_REFERENCE, lockFile, p.line(),
                "path package '" + p + "' is in the lock file, but no Cargo.toml of that name and version is a "
                        + "member or path dependency of the workspace at " + lockFile.toAbsolutePath().getParent(),
                "build the SBOM in the checkout the lock file belongs to (the crates' sources must be there), "
                        + "or regenerate the lock file with cargo");
    }
}
