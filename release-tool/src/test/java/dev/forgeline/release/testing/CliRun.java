package dev.forgeline.release.testing;

import dev.forgeline.release.cli.ForgelineCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the forgeline CLI in-process and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ForgelineCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
