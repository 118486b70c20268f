package dev.forgeline.gateway.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

    @Test
    void defaults_offerEcho() {
        ToolRegistry registry = ToolRegistry.defaults();
        assertEquals(List.of("echo"), registry.all().stream().map(Tool::name).toList());
        assertTrue(registry.find("echo").isPresent());
        assertTrue(registry.find("ECHO").isEmpty(), "tool names are case-sensitive");
    }

    @Test
    void duplicateNames_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ToolRegistry(List.of(new EchoTool(), new EchoTool())));
    }
}
