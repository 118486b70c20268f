package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * dpkg's record of what is installed, {@value #PATH}, for a root made with {@code dpkg -x} (which records nothing):
 * one stanza per .deb, its control fields as the package ships them with {@code Status: install ok installed} after
 * {@code Package}, as {@code dpkg -i} leaves it. It is what {@code dpkg-query} and image scanners read to know the
 * packages of a root. Stanzas are sorted by name and architecture, so the same .debs give the same bytes.
 */
public final class DpkgStatus {
    /** Where dpkg keeps it, relative to the root. */
    public static final String PATH = "var/lib/dpkg/status";

    private DpkgStatus() {}

    /** Writes {@value #PATH} into {@code root} for {@code debs}. */
    static void write(Path root, List<AptSandbox.DebPackage> debs) throws IOException {
        StringBuilder status = new StringBuilder();
        for (AptSandbox.DebPackage deb : debs.stream()
                .sorted(Comparator.comparing(AptSandbox.DebPackage::name).thenComparing(AptSandbox.DebPackage::arch))
                .toList()) {
            if (!status.isEmpty()) {
                status.append('\n');
            }
            status.append(stanza(control(deb)));
        }
        Path file = root.resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, status, StandardCharsets.UTF_8);
    }

    /** A package's control fields as dpkg records them once installed: {@code Status} follows {@code Package}. */
    static String stanza(String control) {
        String fields = control.strip();
        int firstLineEnd = fields.indexOf('\n');
        String first = firstLineEnd < 0 ? fields : fields.substring(0, firstLineEnd);
        if (!first.startsWith("Package: ")) {
            throw new IllegalArgumentException("a control file starts with its Package field, not: " + first);
        }
        return first + "\nStatus: install ok installed" + (firstLineEnd < 0 ? "" : fields.substring(firstLineEnd)) + "\n";
    }

    private static String control(AptSandbox.DebPackage deb) {
        try {
            return checked(deb, ProcessRunner.query(List.of("dpkg-deb", "--field", deb.file().toString()), Map.of()));
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "dpkg-deb is not installed (not found on PATH)",
                    "run forgeline on Debian or Ubuntu, where dpkg-deb is part of the base system", e);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read the control fields of " + deb.file()
                    + ": " + e.getMessage(), "delete " + deb.file() + " so it is downloaded again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgelineException(ExitCode.INTERNAL, "interrupted reading " + deb.file(), null, e);
        }
    }

    /** The control fields of {@code deb}, checked to be its own (the name dpkg-deb printed is the one apt named). */
    private static String checked(AptSandbox.DebPackage deb, String control) throws IOException {
        if (!control.startsWith("Package: " + deb.name() + "\n")) {
            throw new IOException("dpkg-deb --field printed no control fields of " + deb.name() + ": "
                    + control.lines().findFirst().orElse("(nothing)"));
        }
        return control;
    }
}
