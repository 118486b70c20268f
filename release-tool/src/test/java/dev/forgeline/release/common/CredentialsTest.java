package dev.forgeline.release.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final Credentials.EnvironmentNames NAMES = new Credentials.EnvironmentNames("T", "U", "P",
            "a test token");

    @Test
    void fromEnvironment_userAndPassword_isBasicNamedByTheUserVariable() {
        Credentials basic = Credentials.fromEnvironment(Map.of("U", "ci", "P", "hunter2"), NAMES).orElseThrow();
        assertEquals(Credentials.Kind.BASIC, basic.kind());
        assertEquals("environment U", basic.source());
        assertEquals(Base64.getEncoder().encodeToString("ci:hunter2".getBytes()), basic.userPasswordBase64());
        assertFalse(basic.toString().contains("hunter2"), basic.toString());
    }

    @Test
    void fromEnvironment_aToken_isATokenThatToStringNeverShows() {
        Credentials token = Credentials.fromEnvironment(Map.of("T", "tok-123", "U", ""), NAMES).orElseThrow();
        assertEquals(Credentials.Kind.TOKEN, token.kind());
        assertEquals("tok-123", token.secret());
        assertEquals(null, token.userPasswordBase64());
        assertFalse(token.toString().contains("tok-123"), token.toString());
    }

    @Test
    void fromEnvironment_nothingOrEmptyVariables_isEmpty() {
        assertTrue(Credentials.fromEnvironment(Map.of(), NAMES).isEmpty());
        assertTrue(Credentials.fromEnvironment(Map.of("T", "", "U", "", "P", ""), NAMES).isEmpty());
    }

    @Test
    void fromEnvironment_bothKindsOrHalfAPair_isAUsageErrorWithoutTheSecret() {
        ForgelineException both = assertThrows(ForgelineException.class,
                () -> Credentials.fromEnvironment(Map.of("T", "tok-123", "U", "ci"), NAMES));
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertTrue(both.getMessage().contains("both T and U/P are set"), both.getMessage());
        ForgelineException half = assertThrows(ForgelineException.class,
                () -> Credentials.fromEnvironment(Map.of("P", "hunter2"), NAMES));
        assertTrue(half.getMessage().startsWith("U is not set, but P is"), half.getMessage());
        assertFalse(half.getMessage().contains("hunter2") || String.valueOf(half.hint()).contains("hunter2"));
    }
}
