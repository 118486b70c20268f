package dev.forgeline.release.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceIdentityTest {
    private static final Map<String, String> GITHUB = Map.of("GITHUB_ACTIONS", "true",
            "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "forgeline/forgeline",
            "GITHUB_WORKFLOW_REF", "forgeline/forgeline/.github/workflows/release.yml@refs/tags/v0.1.0",
            "GITHUB_RUN_ID", "123", "GITHUB_RUN_ATTEMPT", "2", "GITHUB_REF", "refs/tags/v0.1.0");

    @Test
    void underGithubActions_theBuilderIsTheWorkflowAtItsRef_andTheInvocationTheRunAttempt() {
        assertEquals("https://github.com/forgeline/forgeline/.github/workflows/release.yml@refs/tags/v0.1.0",
                AttestStage.builderId(GITHUB));
        assertEquals("https://github.com/forgeline/forgeline/actions/runs/123/attempts/2",
                AttestStage.invocationId(GITHUB).orElseThrow());
        assertEquals("https://github.com/forgeline/forgeline", AttestStage.sourceRepository(GITHUB));
    }

    @Test
    void elsewhere_theBuilderIsClearlyLocal_andNoRunIsClaimed() {
        assertEquals(Provenance.LOCAL_BUILDER_ID, AttestStage.builderId(Map.of()));
        assertTrue(Provenance.LOCAL_BUILDER_ID.contains("local"));
        assertTrue(AttestStage.invocationId(Map.of()).isEmpty());
        assertEquals("local", AttestStage.sourceRepository(Map.of()));
        // GITHUB_REPOSITORY alone (a workflow's env copied elsewhere) does not make a GitHub builder.
        assertEquals(Provenance.LOCAL_BUILDER_ID, AttestStage.builderId(Map.of("GITHUB_WORKFLOW_REF", "x/y/.github/workflows/a.yml@main")));
    }
}
