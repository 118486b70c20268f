package dev.forgeline.gateway.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools this server offers, in a fixed order: 2026-07-28 asks for a deterministic tools/list
 * so clients can cache it. Immutable once built, so the list never varies between requests.
 */
public final class ToolRegistry {
    private final Map<String, Tool> tools;

    public ToolRegistry(List<Tool> tools) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (byName.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("duplicate tool name: " + tool.name());
            }
        }
        this.tools = Collections.unmodifiableMap(byName);
    }

    /** The gateway's built-in tools. */
    public static ToolRegistry defaults() {
        return new ToolRegistry(List.of(new EchoTool()));
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public List<Tool> all() {
        return new ArrayList<>(tools.values());
    }
}
