package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need the real native library: it is on the test class path only when the build ran
 * with {@code -Pnative-from-source}. Without it such tests are skipped with a message saying so, except
 * under {@code CI=true}, where a missing library is a failure.
 */
final class NativeTestSupport {
    private static volatile boolean skipReported;

    private NativeTestSupport() {}

    static NativeCore requireNativeCore() {
        Platform platform = Platform.current();
        String manifest = NativeLoader.manifestResource(platform.classifier(), NativeCore.LIBRARY_NAME);
        boolean explicit = System.getProperty(NativeLoader.LIBRARY_PROPERTY) != null;
        if (!explicit && NativeTestSupport.class.getClassLoader().getResource(manifest) == null) {
            String message = "The native library for " + platform.describe() + " is not on the test class path ("
                    + manifest + "): run the build with -Pnative-from-source, e.g. mvn -B -Pnative-from-source verify.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " CI=true, so this is a failure rather than a skip.");
            }
            if (!skipReported) {
                skipReported = true;
                System.out.println("SKIPPED (native library missing): " + message);
            }
            Assumptions.abort(message);
        }
        return NativeCore.get();
    }
}
