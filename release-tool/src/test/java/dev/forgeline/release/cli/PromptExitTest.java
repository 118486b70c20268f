package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exit of a command that spoke HTTP: the JDK HttpClient's selector thread, which would hold the JVM's exit for
 * 300 ms, is found by its name and ended, whichever Java runs the tool.
 */
class PromptExitTest {
    @Test
    void stop_endsTheSelectorThreadOfALiveClient() throws Exception {
        List<Thread> before = PromptExit.httpClientSelectors();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Thread> selectors = new java.util.ArrayList<>(PromptExit.httpClientSelectors());
        selectors.removeAll(before);
        assertEquals(1, selectors.size(), "the new client's selector thread is found: " + selectors);
        PromptExit.stop(selectors); // this client's alone: other tests' clients in this JVM go on working
        assertFalse(selectors.get(0).isAlive(), "the selector thread has ended");
        assertFalse(PromptExit.httpClientSelectors().contains(selectors.get(0)));
        java.lang.ref.Reference.reachabilityFence(client); // the client itself was alive all along
    }
}
