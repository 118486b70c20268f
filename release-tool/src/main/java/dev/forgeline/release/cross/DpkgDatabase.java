package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.io.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * dpkg's database of what is installed, for a root made with {@code dpkg -x} (which records nothing), as {@code dpkg
 * -i} would have left it: {@value #STATUS}, one stanza per .deb (its control fields as shipped, {@code Status: install
 * ok installed} after {@code Package}, and {@code Conffiles} with the digests of the files unpacked), and in {@value
 * #INFO} each package's file list ({@code .list}) and {@code .md5sums} (database format 1: a {@code Multi-Arch: same}
 * package's files are named {@code name:arch}). It is what {@code dpkg-query}, {@code dpkg --verify} and image scanners
 * read to know a root's packages and their files. Stanzas are sorted by name and architecture, so the same .debs give
 * the same bytes.
 */
public final class DpkgDatabase {
    /** Where dpkg keeps the packages' status, relative to the root. */
    public static final String STATUS = "var/lib/dpkg/status";
    /** Where dpkg keeps each package's control files, relative to the root. */
    public static final String INFO = "var/lib/dpkg/info";
    /** What a root provisioned with it holds: part of the root's key, so a root made without it is made again. */
    public static final String CONTENT = "dpkg database (status with conffiles, info format 1, .list, .md5sums)";

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private DpkgDatabase() {}

    /** Writes the database into {@code root}, whose files are those of {@code debs}, unpacked. */
    static void write(Path root, List<AptSandbox.DebPackage> debs) throws IOException {
        Path info = Files.createDirectories(root.resolve(INFO));
        Files.setPosixFilePermissions(info, DIRECTORY_MODE);
        Files.writeString(info.resolve("format"), "1\n", StandardCharsets.UTF_8);
        Path work = Files.createTempDirectory(root.getParent(), "dpkg-control");
        try {
            StringBuilder status = new StringBuilder();
            for (AptSandbox.DebPackage deb : debs.stream()
                    .sorted(Comparator.comparing(AptSandbox.DebPackage::name).thenComparing(AptSandbox.DebPackage::arch))
                    .toList()) {
                Path control = work.resolve(deb.name() + "_" + deb.arch());
                run(deb, List.of("dpkg-deb", "--control", deb.file().toString(), control.toString()), work);
                String fields = checked(deb, Files.readString(control.resolve("control"), StandardCharsets.UTF_8));
                String name = fields.lines().anyMatch("Multi-Arch: same"::equals) ? deb.name() + ":" + deb.arch()
                        : deb.name();
                if (!status.isEmpty()) {
                    status.append('\n');
                }
                status.append(stanza(fields, conffiles(root, control.resolve("conffiles"))));
                Files.write(info.resolve(name + ".list"), fileList(deb));
                if (Files.isRegularFile(control.resolve("md5sums"))) {
                    Files.copy(control.resolve("md5sums"), info.resolve(name + ".md5sums"));
                }
            }
            Files.writeString(root.resolve(STATUS), status, StandardCharsets.UTF_8);
            // The layer records each file's mode as it is on disk: 0644 whatever the umask, as dpkg leaves them.
            Files.setPosixFilePermissions(root.resolve(STATUS), FILE_MODE);
            try (Stream<Path> files = Files.list(info)) {
                for (Path file : files.toList()) {
                    Files.setPosixFilePermissions(file, FILE_MODE);
                }
            }
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    /**
     * A package's control fields as dpkg records them once installed: {@code Status} follows {@code Package};
     * {@code conffiles} (dpkg's {@code Conffiles} field, empty when it has none) ends the stanza.
     */
    static String stanza(String control, String conffiles) {
        String fields = control.strip();
        int firstLineEnd = fields.indexOf('\n');
        String first = firstLineEnd < 0 ? fields : fields.substring(0, firstLineEnd);
        if (!first.startsWith("Package: ")) {
            throw new IllegalArgumentException("a control file starts with its Package field, not: " + first);
        }
        return first + "\nStatus: install ok installed" + (firstLineEnd < 0 ? "" : fields.substring(firstLineEnd)) + "\n"
                + conffiles;
    }

    /** dpkg's {@code Conffiles} field for the package's conffiles list: each file with the MD5 of it as unpacked. */
    private static String conffiles(Path root, Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            return "";
        }
        StringBuilder field = new StringBuilder();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String file = line.strip();
            if (file.startsWith("remove-on-upgrade ")) {
                continue; // not installed as a conffile (dpkg 1.20's flag)
            }
            if (file.startsWith("/")) {
                Path unpacked = root.resolve(file.substring(1));
                field.append(' ').append(file).append(' ')
                        .append(Files.isRegularFile(unpacked) // MD5: dpkg's own record of a conffile, not a trust anchor
                                ? Checksums.digest(unpacked, Checksums.Algorithm.MD5) : "newconffile").append('\n');
            }
        }
        return field.isEmpty() ? "" : "Conffiles:\n" + field;
    }

    /** The package's paths as dpkg lists them: {@code /.} and then every entry of its data archive, in its order. */
    private static List<String> fileList(AptSandbox.DebPackage deb) throws IOException {
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.file().toString()).redirectError(Redirect.DISCARD),
                new ProcessBuilder("tar", "-t", "--quoting-style=literal").redirectError(Redirect.DISCARD)));
        pipeline.get(0).getOutputStream().close();
        List<String> paths = new ArrayList<>();
        try (InputStream names = pipeline.get(1).getInputStream()) {
            for (String entry : new String(names.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String path = entry.startsWith("./") ? entry.substring(1) : entry;
                path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                paths.add(path.isEmpty() ? "/." : path);
            }
        }
        for (Process process : pipeline) {
            try {
                if (process.waitFor() != 0) {
                    throw new IOException("dpkg-deb --fsys-tarfile " + deb.file() + " | tar -t exited with "
                            + process.exitValue());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted listing " + deb.file(), e);
            }
        }
        if (paths.isEmpty() || !paths.get(0).equals("/.")) {
            throw new IOException("the data archive of " + deb.file() + " does not start with its root");
        }
        return paths;
    }

    private static void run(AptSandbox.DebPackage deb, List<String> command, Path work) {
        ProcessRunner.Result result = Commands.run(command, Map.of(), work, work.resolve("dpkg-deb.log"),
                Duration.ofMinutes(2));
        if (result.exitCode() != 0) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, String.join(" ", command) + " failed:\n"
                    + result.tail(5), "delete " + deb.file() + " so it is downloaded again");
        }
    }

    /** The control fields of {@code deb}, checked to be its own (the name in them is the one apt named). */
    private static String checked(AptSandbox.DebPackage deb, String control) throws IOException {
        if (!control.startsWith("Package: " + deb.name() + "\n")) {
            throw new IOException("the control file of " + deb.file() + " is not " + deb.name() + "'s: "
                    + control.lines().findFirst().orElse("(empty)"));
        }
        return control;
    }
}
