package dev.forgeline.release.maven.central;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.util.List;
import java.util.stream.Collectors;

/** A release that Maven Central would refuse, with every violation at once (exit 1: a check failed). */
public final class CentralRulesException extends ForgelineException {
    private final List<CentralViolation> violations;

    public CentralRulesException(List<CentralViolation> violations) {
        super(ExitCode.CHECK_FAILED, message(violations),
                "Fix each file listed (POM metadata goes into the POMs, sources/javadoc jars come from the build,"
                        + " signatures from forgeline sign), rebuild, and publish again. Nothing was uploaded.");
        this.violations = List.copyOf(violations);
    }

    public List<CentralViolation> violations() {
        return violations;
    }

    private static String message(List<CentralViolation> violations) {
        return "the release breaks Maven Central's requirements in " + violations.size() + " place(s):\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
    }
}
