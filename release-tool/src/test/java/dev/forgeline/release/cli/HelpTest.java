package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} works on every forgeline command, found from the CLI model so a new command cannot be missed. */
class HelpTest {
    @Test
    void help_onEveryCommand_exitsZeroWithItsUsage() {
        List<List<String>> commands = new ArrayList<>();
        collect(ForgelineCli.commandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 11, commands.toString());
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), "forgeline " + String.join(" ", args) + ": " + run.err());
            assertTrue(run.out().contains("Usage: forgeline" + (command.isEmpty() ? "" : " " + String.join(" ", command))),
                    run.out());
        }
    }

    @Test
    void verify_oldVersionSpelling_isBadUsageNamingTheNewOption() {
        CliRun run = CliRun.of("verify", "--repository", "file:///nowhere", "--version", "g:a:1.0");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--all-of g:a:1.0"), run.err());
        assertEquals("", run.out(), "never the tool's version, which would exit 0 having verified nothing");
    }

    @Test
    void verify_noTrustedKey_hintSaysOutOfBandAndNeverShippedKeys() {
        CliRun run = CliRun.of("verify", "--release", "/nowhere");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("out of band"), run.err());
        assertTrue(run.err().contains("never a key shipped with what you verify"), run.err());
        assertTrue(!run.err().contains("--require sigstore") && !run.err().contains("pass --pgp-keys FILE (a release"),
                run.err());
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) {
                return; // an alias
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, out);
        });
    }
}
