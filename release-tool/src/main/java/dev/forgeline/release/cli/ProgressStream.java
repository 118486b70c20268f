package dev.forgeline.release.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The runner's progress display on the command's own error stream (picocli's {@code getErr()}), so that whoever runs
 * the CLI (a shell, a test) sees progress and errors in one place, in order. Bytes are decoded a line at a time.
 */
final class ProgressStream extends OutputStream {
    private final PrintWriter writer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ProgressStream(PrintWriter writer) {
        this.writer = writer;
    }

    static PrintStream to(PrintWriter writer) {
        return new PrintStream(new ProgressStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            writer.print(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
        writer.flush();
    }
}
