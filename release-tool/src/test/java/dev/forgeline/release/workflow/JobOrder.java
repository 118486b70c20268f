package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The jobs of a workflow in an order that runs each after the jobs it {@code needs:} (the file's order otherwise). */
final class JobOrder {
    private JobOrder() {}

    static List<String> of(JsonNode jobs) {
        Set<String> ordered = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>();
        jobs.fieldNames().forEachRemaining(ids::add);
        while (ordered.size() < ids.size()) {
            boolean progress = false;
            for (String id : ids) {
                if (!ordered.contains(id) && ordered.containsAll(needs(jobs.get(id)))) {
                    ordered.add(id);
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("jobs whose needs: never complete (a cycle or an unknown job): " + ids);
            }
        }
        return List.copyOf(ordered);
    }

    static List<String> needs(JsonNode job) {
        JsonNode needs = job.path("needs");
        List<String> ids = new ArrayList<>();
        if (needs.isTextual()) {
            ids.add(needs.asText());
        }
        needs.forEach(n -> ids.add(n.asText()));
        return ids;
    }
}
