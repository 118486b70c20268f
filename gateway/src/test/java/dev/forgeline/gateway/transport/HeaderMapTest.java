package dev.forgeline.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HeaderMap must behave as the JDK's Headers does, for every operation a handler may use. */
class HeaderMapTest {

    @ParameterizedTest
    @ValueSource(strings = {"content-length", "Content-Length", "CONTENT-LENGTH", "x", "X", "mcp-protocol-version",
        "Accept", "a-B-c", "1abc", "ÿ-Ä", "k\u212Aeep", "X-Forgeline-Native", "MCP-Protocol-Version", "Mcp-Session-Id",
        "WWW-Authenticate", "Content-Type"})
    void normalize_isTheJdks(String name) {
        Headers jdk = new Headers();
        jdk.add(name, "v");
        assertEquals(jdk.keySet().iterator().next(), HeaderMap.normalize(name));
        HeaderMap ours = new HeaderMap();
        ours.add(name, "v");
        assertEquals(jdk.keySet(), ours.keySet());
    }

    @Test
    void lookups_ignoreAsciiCaseOnly_asNormalisingDoes() {
        HeaderMap h = new HeaderMap();
        h.add("Content-Type", "application/json");
        h.add("KEEP", "1");
        assertEquals("application/json", h.getFirst("content-type"));
        assertEquals("application/json", h.getFirst("CONTENT-TYPE"));
        assertEquals(List.of("1"), h.get("keep"));
        assertNull(h.get("\u212Aeep"), "the Kelvin sign is not an ASCII K: normalising keeps it");
        assertNull(h.getFirst("Content-Typ"));
        assertFalse(h.containsKey("Content-Types"));
    }

    @Test
    void sameOperations_sameResults_asJdkHeaders() {
        Headers jdk = new Headers();
        HeaderMap ours = new HeaderMap();
        for (Headers h : List.of(jdk, ours)) {
            h.add("Accept", "a");
            h.add("accept", "b");
            h.set("Host", "x");
            h.put("X-List", new ArrayList<>(List.of("1", "2")));
            h.add("Gone", "g");
            h.remove("GONE");
        }
        assertEquals(new TreeMap<>(jdk), new TreeMap<>(ours));
        assertEquals(jdk.size(), ours.size());
        assertEquals(jdk.getFirst("ACCEPT"), ours.getFirst("ACCEPT"));
        assertEquals(jdk, ours);
        assertEquals(ours, jdk);
        assertEquals(jdk.hashCode(), ours.hashCode());
        assertTrue(ours.containsValue(List.of("x")));
        assertEquals(jdk.containsKey("host"), ours.containsKey("host"));
    }

    @Test
    void views_writeThrough() {
        HeaderMap h = new HeaderMap();
        h.add("A", "1");
        h.add("B", "2");
        h.add("C", "3");
        Iterator<Map.Entry<String, List<String>>> it = h.entrySet().iterator();
        it.next();
        it.remove();
        assertEquals(List.of("B", "C"), new ArrayList<>(h.keySet()));
        h.entrySet().iterator().next().setValue(List.of("22"));
        assertEquals("22", h.getFirst("b"));
        h.keySet().remove("c");
        assertEquals(1, h.size());
        h.values().clear();
        assertTrue(h.isEmpty());
        h.add("D", "4");
        StringBuilder seen = new StringBuilder();
        h.forEach((k, v) -> seen.append(k).append(v));
        assertEquals("D[4]", seen.toString());
    }

    @Test
    void illegalValuesAndKeys_areRefusedAsByTheJdk() {
        for (Headers h : List.of(new Headers(), new HeaderMap())) {
            assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\rb"));
            assertThrows(IllegalArgumentException.class, () -> h.set("X", "a\nb"));
            assertThrows(IllegalArgumentException.class, () -> h.put("X", List.of("a\r")));
            assertThrows(IllegalArgumentException.class, () -> h.add("X\r", "a"));
            assertThrows(IllegalArgumentException.class, () -> h.get("X\n"));
            h.add("Folded", "a\r\n b");
            assertEquals("a\r\n b", h.getFirst("folded"));
        }
    }

    @Test
    void twoDeliberateDifferences_putAllNormalises_nullNamesAreRefused() {
        HeaderMap h = new HeaderMap();
        h.putAll(Map.of("y-extra", List.of("e")));
        assertEquals(List.of("Y-extra"), new ArrayList<>(h.keySet()), "JDK 17 leaves putAll's names as they are (fixed later)");
        assertThrows(NullPointerException.class, () -> h.add(null, "a"));
        assertThrows(NullPointerException.class, () -> h.getFirst(null));
    }

    @Test
    void checkValue_aRefusedValue_isRefusedEveryTime_evenBesideAcceptedOnes() {
        HeaderMap h = new HeaderMap();
        String withCr = new String("B\rB".toCharArray());
        for (int i = 0; i < 3; i++) {
            h.set("Good", "application/json");
            assertThrows(IllegalArgumentException.class, () -> h.set("Bad", withCr));
            assertThrows(IllegalArgumentException.class, () -> h.add("Bad", new String(withCr.toCharArray())));
        }
        assertEquals(List.of("application/json"), h.get("good"));
        assertFalse(h.containsKey("bad"));
    }

    @Test
    void wireName_knownNames_areSharedConstants_othersNormalised() {
        byte[] b = "CONTENT-LENGTH X-CUSTOM".getBytes(StandardCharsets.ISO_8859_1);
        assertSame(HeaderMap.wireName(b, 0, 14), HeaderMap.wireName("content-length".getBytes(StandardCharsets.ISO_8859_1), 0, 14));
        assertEquals("Content-length", HeaderMap.wireName(b, 0, 14));
        assertEquals("X-custom", HeaderMap.wireName(b, 15, 23));
    }
}
