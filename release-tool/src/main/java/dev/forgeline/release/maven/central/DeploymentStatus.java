package dev.forgeline.release.maven.central;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The answer of {@code POST /api/v1/publisher/status?id=…}: the deployment's state and, for a FAILED one, the
 * validation errors per component (Central keys them by component; each message names the file).
 */
public record DeploymentStatus(String deploymentId, String deploymentName, DeploymentState state,
        Map<String, List<String>> errors) {
    public DeploymentStatus {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(state, "state");
        errors = new TreeMap<>(errors == null ? Map.of() : errors);
        errors.replaceAll((k, v) -> List.copyOf(v));
    }

    /** The errors as lines, {@code component: message}, sorted. */
    public List<String> errorLines() {
        return errors.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(m -> e.getKey() + ": " + m))
                .toList();
    }
}
