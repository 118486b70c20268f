package dev.forgeline.release.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small shared libraries compiled with gcc and the cross gccs, for the binary checks. */
final class NativeFixtures {
    /** getenv, not strlen: gcc inlines strlen on s390x, leaving no versioned reference. */
    static final String PLAIN = "#include <stdlib.h>\nconst char *forgeline_env(const char *s) { return getenv(s); }\n";
    /** pthread_key_create moved into libc in glibc 2.34 and is versioned GLIBC_2.34 there. */
    static final String NEEDS_GLIBC_2_34 = "#include <pthread.h>\nstatic pthread_key_t key;\n"
            + "int forgeline_key(void) { return pthread_key_create(&key, 0) + pthread_key_delete(key); }\n";
    static final String DUMMY = "int forgeline_dummy(void) { return 42; }\n";
    static final String USES_DUMMY = "int forgeline_dummy(void);\nint forgeline_calls(void) { return forgeline_dummy(); }\n";
    static final String MAIN = "int main(void) { return 0; }\n";

    private final Path dir;

    NativeFixtures(Path dir) {
        this.dir = dir;
    }

    /** Compiles {@code source} into {@code output} with {@code compiler} and the extra arguments. */
    Path compile(String compiler, String installPackage, String source, String output, String... extra)
            throws IOException, InterruptedException {
        Path gcc = Prerequisites.command(compiler, "apt-get install -y " + installPackage);
        Path src = dir.resolve(output + ".c");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        Path out = dir.resolve(output);
        List<String> command = new ArrayList<>(List.of(gcc.toString(), "-O1", "-o", out.toString(), src.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed:\n" + log);
        return out;
    }

    Path sharedLibrary(String compiler, String installPackage, String source, String output, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-shared", "-fPIC"));
        args.addAll(List.of(extra));
        return compile(compiler, installPackage, source, output, args.toArray(String[]::new));
    }

    Path hostLibrary(String source, String output, String... extra) throws IOException, InterruptedException {
        return sharedLibrary("gcc", "gcc", source, output, extra);
    }
}
