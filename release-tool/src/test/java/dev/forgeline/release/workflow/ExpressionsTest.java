package dev.forgeline.release.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator against the expressions release.yml uses, with GitHub's documented semantics. */
class ExpressionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path workspace;

    private ExpressionContext context(String contextsJson, ExpressionContext.Status status) throws Exception {
        return new ExpressionContext((ObjectNode) JSON.readTree(contextsJson), status, workspace);
    }

    @Test
    void publishCondition_needsBothSmokeJobs_andASkippedRunnerJobIsFine() throws Exception {
        String publish = "${{ !cancelled() && needs.smoke-linux.result == 'success'\n"
                + "&& (needs.smoke-runner.result == 'success' || needs.smoke-runner.result == 'skipped') }}";
        String needs = "{\"needs\":{\"smoke-linux\":{\"result\":\"%s\"},\"smoke-runner\":{\"result\":\"%s\"}}}";

        assertTrue(Expressions.condition(publish, context(needs.formatted("success", "skipped"), ExpressionContext.Status.FAILURE)),
                "a status function replaces the implicit success()");
        assertTrue(Expressions.condition(publish, context(needs.formatted("success", "success"), ExpressionContext.Status.SUCCESS)));
        assertFalse(Expressions.condition(publish, context(needs.formatted("success", "failure"), ExpressionContext.Status.FAILURE)));
        assertFalse(Expressions.condition(publish, context(needs.formatted("failure", "skipped"), ExpressionContext.Status.FAILURE)));
        assertFalse(Expressions.condition(publish, context(needs.formatted("success", "skipped"), ExpressionContext.Status.CANCELLED)));
    }

    @Test
    void fromJsonOfAnEmptyMatrix_hasNoFirstEntry() throws Exception {
        String condition = "${{ fromJSON(needs.plan.outputs.smoke-matrix).include[0] != null }}";
        String plan = "{\"needs\":{\"plan\":{\"outputs\":{\"smoke-matrix\":%s}}}}";

        assertFalse(Expressions.condition(condition, context(plan.formatted(JSON.writeValueAsString("{\"include\":[]}")),
                ExpressionContext.Status.SUCCESS)));
        assertTrue(Expressions.condition(condition, context(plan.formatted(JSON.writeValueAsString(
                "{\"include\":[{\"target\":\"osx-aarch_64\"}]}")), ExpressionContext.Status.SUCCESS)));
    }

    @Test
    void conditionWithoutStatusFunction_isFalseAfterAFailure_andStringsCompareIgnoringCase() throws Exception {
        ExpressionContext linux = context("{\"runner\":{\"os\":\"Linux\"}}", ExpressionContext.Status.SUCCESS);
        assertTrue(Expressions.condition("runner.os == 'linux'", linux));
        assertFalse(Expressions.condition("runner.os == 'Windows'", linux));
        assertFalse(Expressions.condition("runner.os == 'Linux'", context("{\"runner\":{\"os\":\"Linux\"}}",
                ExpressionContext.Status.FAILURE)));
        assertTrue(Expressions.condition("${{ always() }}", context("{}", ExpressionContext.Status.FAILURE)));
    }

    @Test
    void interpolate_substitutesEveryExpression_missingIsEmpty_andAWholeExpressionKeepsItsJson() throws Exception {
        ExpressionContext c = context("{\"matrix\":{\"target\":\"linux-x86_64\",\"container\":null},"
                + "\"needs\":{\"plan\":{\"outputs\":{\"m\":\"{\\\"include\\\":[{\\\"a\\\":1}]}\"}}}}", ExpressionContext.Status.SUCCESS);

        assertEquals("build-linux-x86_64", Expressions.interpolate("build-${{ matrix.target }}", c));
        assertEquals("[]", "[" + Expressions.interpolate("${{ matrix.container }}", c) + "]");
        assertEquals("[]", "[" + Expressions.interpolate("${{ matrix.runs-on }}", c) + "]");
        assertEquals(1, Expressions.value("${{ fromJSON(needs.plan.outputs.m) }}", c).at("/include/0/a").asInt());
        assertEquals("a 'quoted' x", Expressions.interpolate("${{ format('a ''{0}'' x', 'quoted') }}", c));
        assertThrows(IllegalArgumentException.class, () -> Expressions.interpolate("${{ nosuch.context }}", c));
    }

    @Test
    void hashFiles_isEmptyWithoutAMatch_andChangesWithAFile() throws Exception {
        ExpressionContext c = context("{}", ExpressionContext.Status.SUCCESS);
        assertEquals("", Expressions.interpolate("${{ hashFiles('**/pom.xml') }}", c));
        Files.writeString(workspace.resolve("pom.xml"), "<project/>");
        Files.createDirectories(workspace.resolve("m"));
        Files.writeString(workspace.resolve("m/pom.xml"), "<project/>");
        String both = Expressions.interpolate("${{ hashFiles('**/pom.xml') }}", c);
        assertEquals(64, both.length());
        Files.writeString(workspace.resolve("m/pom.xml"), "<project><!-- changed --></project>");
        assertFalse(both.equals(Expressions.interpolate("${{ hashFiles('**/pom.xml') }}", c)));
    }

    @Test
    void fileCommands_readNameValueAndHeredocs() throws Exception {
        Path file = workspace.resolve("output");
        Files.writeString(file, "build-matrix={\"include\":[]}\nnotes<<EOF\nline 1\nline=2\nEOF\n");
        assertEquals(Map.of("build-matrix", "{\"include\":[]}", "notes", "line 1\nline=2"), FileCommands.read(file));
    }
}
