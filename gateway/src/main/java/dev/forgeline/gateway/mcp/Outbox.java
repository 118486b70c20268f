package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a request sends notifications that precede its response (progress, subscription
 * acknowledgements). On an SSE response they become events; on a JSON response there is nowhere
 * to put them, so they are dropped ({@link #DISCARD}).
 */
@FunctionalInterface
public interface Outbox {
    Outbox DISCARD = notification -> {};

    void send(ObjectNode notification);
}
