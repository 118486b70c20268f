package dev.forgeline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentVerdictsTest {

    @Test
    void test_repeatedValue_checkedOnce_otherValuesTheirOwnVerdict() {
        List<String> checked = new ArrayList<>();
        RecentVerdicts verdicts = new RecentVerdicts(4, v -> {
            checked.add(v);
            return v.startsWith("ok");
        });
        assertTrue(verdicts.test("ok-1"));
        assertTrue(verdicts.test("ok-1"));
        assertFalse(verdicts.test("bad"));
        assertFalse(verdicts.test("bad"));
        assertEquals(List.of("ok-1", "bad"), checked);
    }

    @Test
    void test_manyDistinctValues_eachGetsItsOwnVerdict_andTheCacheStaysBounded() {
        int[] checks = {0};
        RecentVerdicts verdicts = new RecentVerdicts(2, v -> {
            checks[0]++;
            return Integer.parseInt(v) % 2 == 0;
        });
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                assertEquals(i % 2 == 0, verdicts.test(Integer.toString(i)), "value " + i);
            }
        }
        assertTrue(checks[0] >= 200, "two slots cannot remember 100 values: " + checks[0]);
    }

    @Test
    void slots_mustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RecentVerdicts(3, v -> true));
        assertThrows(IllegalArgumentException.class, () -> new RecentVerdicts(0, v -> true));
    }
}
