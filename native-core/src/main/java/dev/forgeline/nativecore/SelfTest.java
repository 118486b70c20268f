package dev.forgeline.nativecore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The smoke harness the release tool runs on every target (host JVM, or a foreign JVM under QEMU)
 * with the exact jars it is about to publish: loads the library through the real loader, then checks
 * what was loaded and that JSON-RPC validation and SSE framing work through JNI.
 *
 * <p>Usage: {@code java -cp <loader, classifier jar, deps> dev.forgeline.nativecore.SelfTest
 * [--expect-sha256 HEX] [--expect-target TRIPLE] [--expect-version V]}. Prints one JSON object per
 * check and a summary line; exits 0 when every check passed, 1 when one failed, 3 when the native
 * core cannot load here.
 */
public final class SelfTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The result of one check. */
    public record Check(String name, boolean passed, String detail) {}

    private SelfTest() {}

    public static void main(String[] args) {
        Map<String, String> expected = parse(args);
        NativeCore core;
        try {
            core = NativeCore.get();
        } catch (NativeCoreUnavailableException e) {
            print(new Check("load", false, e.getMessage()));
            System.out.println("{\"summary\":\"native core unavailable\",\"passed\":false}");
            System.exit(3);
            return;
        }
        List<Check> checks = run(core, expected);
        checks.forEach(SelfTest::print);
        boolean passed = checks.stream().allMatch(Check::passed);
        ObjectNode summary = JSON.createObjectNode();
        summary.put("summary", passed ? "all checks passed" : "a check failed");
        summary.put("passed", passed);
        summary.put("loadedSha256", core.library().sha256());
        summary.put("target", core.buildInfo().target());
        summary.put("classifier", core.library().classifier());
        System.out.println(summary);
        System.exit(passed ? 0 : 1);
    }

    /** Runs every check against a loaded core; {@code expected} holds the optional expectations. */
    public static List<Check> run(NativeCore core, Map<String, String> expected) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("load", true, core.library().file() + " from " + core.library().source()));
        expect(checks, "sha256", expected.get("sha256"), core.library().sha256());
        expect(checks, "target", expected.get("target"), core.buildInfo().target());
        expect(checks, "version", expected.get("version"), core.buildInfo().crateVersion());
        checks.add(jsonRpcRoundTrip(core));
        checks.add(sseRoundTrip(core));
        return checks;
    }

    private static void expect(List<Check> checks, String name, String expected, String actual) {
        if (expected == null) {
            checks.add(new Check(name, true, actual + " (no expectation given)"));
        } else {
            checks.add(new Check(name, expected.equals(actual),
                    expected.equals(actual) ? actual : "expected " + expected + " but the loaded library has " + actual));
        }
    }

    private static Check jsonRpcRoundTrip(NativeCore core) {
        byte[] request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8);
        JsonRpcValidation ok = core.validateJsonRpc(request, 1 << 20, 64);
        boolean requestOk = ok.ok() && ok.messages().size() == 1
                && ok.messages().get(0).kind() == JsonRpcValidation.Kind.REQUEST
                && "tools/list".equals(ok.messages().get(0).method()) && "7".equals(ok.messages().get(0).idJson());
        JsonRpcValidation bad = core.validateJsonRpc("{\"jsonrpc\":".getBytes(StandardCharsets.UTF_8), 1 << 20, 64);
        boolean parseErrorOk = !bad.ok() && bad.code() == -32700;
        return new Check("jsonrpc", requestOk && parseErrorOk,
                "request " + (requestOk ? "classified" : "misclassified: " + ok) + "; malformed "
                        + (parseErrorOk ? "rejected with -32700" : "answered " + bad.code()));
    }

    private static Check sseRoundTrip(NativeCore core) {
        SseEvent sent = new SseEvent("42", "message", "line one\nline two \u2603 \uD83D\uDE80", null);
        byte[] frame = core.encodeSseEvent(sent);
        try (SseDecoder decoder = core.newSseDecoder()) {
            List<SseEvent> received = new ArrayList<>();
            // Split the frame in two so the incremental decoder has to carry state across chunks.
            int half = frame.length / 2;
            received.addAll(decoder.feed(java.util.Arrays.copyOfRange(frame, 0, half)));
            received.addAll(decoder.feed(java.util.Arrays.copyOfRange(frame, half, frame.length)));
            boolean passed = received.size() == 1 && Objects.equals(received.get(0).data(), sent.data())
                    && Objects.equals(received.get(0).id(), sent.id()) && Objects.equals(received.get(0).event(), sent.event());
            return new Check("sse", passed, passed ? frame.length + " bytes round-tripped" : "decoded " + received);
        }
    }

    private static void print(Check check) {
        ObjectNode line = JSON.createObjectNode();
        line.put("check", check.name());
        line.put("passed", check.passed());
        line.put("detail", check.detail());
        System.out.println(line);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = switch (args[i]) {
                case "--expect-sha256" -> "sha256";
                case "--expect-target" -> "target";
                case "--expect-version" -> "version";
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: SelfTest [--expect-sha256 HEX] [--expect-target TRIPLE] [--expect-version V]");
            };
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            expected.put(key, args[++i]);
        }
        return expected;
    }
}
