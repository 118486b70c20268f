package dev.forgeline.release.cross;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A directory filled with the files of some .debs, made once: {@code forgeline-root.json} next to it
 * records what went in (and under which key), and a root whose record has the same key is reused
 * without touching APT. A half-made root is never taken for a finished one: the files are unpacked
 * into a temporary sibling that is renamed into place at the end.
 */
final class ProvisionedRoot {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Record(String key, List<PackageVersion> packages) {}

    /** What is added to a root once its .debs are unpacked, before it is put in place (e.g. {@link DpkgDatabase}). */
    @FunctionalInterface
    interface Finish {
        Finish NOTHING = (root, debs) -> {};

        void apply(Path root, List<AptSandbox.DebPackage> debs) throws IOException;
    }

    private ProvisionedRoot() {}

    static Path recordFile(Path root) {
        return root.resolveSibling(root.getFileName() + ".forgeline-root.json");
    }

    /** The record of a finished root, whatever its key. */
    static Optional<Record> read(Path root) {
        Path file = recordFile(root);
        if (!Files.isRegularFile(file) || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Record.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The record of a finished root with this key, if there is one. */
    static Optional<Record> existing(Path root, String key) {
        Path file = recordFile(root);
        if (!Files.isRegularFile(file) || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        try {
            Record record = JSON.readValue(file.toFile(), Record.class);
            return key.equals(record.key()) ? Optional.of(record) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code root} from the packages {@code packages} names (name → version, null for the
     * candidate), unless a root with {@code key} is already there.
     */
    static Record ensure(Path root, String key, AptSandbox apt, Duration listsMaxAge, Supplier<Map<String, String>> packages) {
        return ensure(root, key, apt, apt.arch().dpkgName(), listsMaxAge, packages, Finish.NOTHING);
    }

    static Record ensure(Path root, String key, AptSandbox apt, String dpkgArch, Duration listsMaxAge,
            Supplier<Map<String, String>> packages) {
        return ensure(root, key, apt, dpkgArch, listsMaxAge, packages, Finish.NOTHING);
    }

    /** As {@link #ensure(Path, String, AptSandbox, String, Duration, Supplier)}, {@code finish} completing the root. */
    static Record ensure(Path root, String key, AptSandbox apt, String dpkgArch, Duration listsMaxAge,
            Supplier<Map<String, String>> packages, Finish finish) {
        synchronized (ProvisionedRoot.class) {
            Optional<Record> done = existing(root, key);
            if (done.isPresent()) {
                return done.get();
            }
            try {
                apt.update(listsMaxAge);
                List<AptSandbox.DebPackage> debs = apt.download(packages.get(), dpkgArch);
                Path tmp = root.resolveSibling(root.getFileName() + ".tmp");
                FileTrees.deleteTree(tmp);
                Files.createDirectories(tmp);
                for (AptSandbox.DebPackage deb : debs) {
                    AptSandbox.extract(deb, tmp, apt.directory().resolve("logs"));
                }
                relinkAbsoluteSymlinks(tmp);
                finish.apply(tmp, debs);
                FileTrees.deleteTree(root);
                Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
                Record record = new Record(key, debs.stream()
                        .map(d -> new PackageVersion(d.name(), d.arch(), d.version(), d.sha256())).toList());
                JSON.writeValue(recordFile(root).toFile(), record);
                return record;
            } catch (IOException e) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot prepare " + root + ": " + e.getMessage(),
                        "check that the directory is writable and has room", e);
            }
        }
    }

    /**
     * Makes absolute symlinks (e.g. ppc64el's /lib64/ld64.so.2 → /lib/powerpc64le-linux-gnu/ld64.so.2)
     * relative, so they resolve inside the root rather than on the host, which QEMU's -L relies on.
     */
    static void relinkAbsoluteSymlinks(Path root) throws IOException {
        List<Path> links;
        try (Stream<Path> files = Files.walk(root)) {
            links = files.filter(Files::isSymbolicLink).toList();
        }
        for (Path link : links) {
            Path target = Files.readSymbolicLink(link);
            if (target.isAbsolute()) {
                Path inside = root.resolve(target.toString().substring(1));
                Path relative = link.getParent().relativize(inside);
                Files.delete(link);
                Files.createSymbolicLink(link, relative);
            }
        }
    }

}
