package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Debian packages a workflow's {@code run:} steps install with {@code apt-get install}: the root file system's list. */
final class WorkflowPackages {
    private static final Pattern INSTALL = Pattern.compile("apt-get\\s+install\\s+([^;&|\\n]*)");

    private WorkflowPackages() {}

    static SortedSet<String> of(JsonNode workflow) {
        SortedSet<String> packages = new TreeSet<>();
        for (JsonNode run : workflow.path("jobs").findValues("run")) {
            Matcher m = INSTALL.matcher(run.asText());
            while (m.find()) {
                for (String word : m.group(1).trim().split("\\s+")) {
                    if (!word.isEmpty() && !word.startsWith("-") && !word.contains("$")) {
                        packages.add(word);
                    }
                }
            }
        }
        return packages;
    }
}
