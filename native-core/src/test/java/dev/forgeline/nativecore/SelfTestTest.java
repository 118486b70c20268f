package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The smoke harness the release tool runs on each target, run here on the host build. */
class SelfTestTest {
    private NativeCore core;

    @BeforeEach
    void loadNativeCore() {
        core = NativeTestSupport.requireNativeCore();
    }

    @Test
    void run_matchingExpectations_passesEveryCheck() {
        List<SelfTest.Check> checks = SelfTest.run(core, Map.of(
                "sha256", core.library().sha256(),
                "target", core.buildInfo().target(),
                "version", core.buildInfo().crateVersion()));
        assertEquals(List.of("load", "sha256", "target", "version", "jsonrpc", "sse"),
                checks.stream().map(SelfTest.Check::name).toList());
        assertTrue(checks.stream().allMatch(SelfTest.Check::passed), checks.toString());
    }

    @Test
    void run_wrongDigestExpected_failsTheSha256CheckNamingBoth() {
        String wrong = "0".repeat(64);
        SelfTest.Check sha = SelfTest.run(core, Map.of("sha256", wrong)).stream()
                .filter(c -> c.name().equals("sha256")).findFirst().orElseThrow();
        assertFalse(sha.passed());
        assertTrue(sha.detail().contains(wrong) && sha.detail().contains(core.library().sha256()), sha.detail());
    }

    @Test
    void run_wrongTargetExpected_failsTheTargetCheck() {
        SelfTest.Check target = SelfTest.run(core, Map.of("target", "riscv64gc-unknown-linux-gnu")).stream()
                .filter(c -> c.name().equals("target")).findFirst().orElseThrow();
        assertFalse(target.passed());
    }
}
