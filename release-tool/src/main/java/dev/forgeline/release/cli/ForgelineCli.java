package dev.forgeline.release.cli;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code forgeline} command: parsing and printing only; the work happens in the pipeline. Its subcommands are
 * listed in {@link #COMMANDS}, not in the annotation: a run of one command builds picocli's model of that command alone
 * (the model of all of them, built by reflection on every option of every command, took most of a command's start-up).
 */
@Command(name = "forgeline",
        mixinStandardHelpOptions = true,
        versionProvider = ForgelineVersion.class,
        description = "Turns one tagged commit into a signed, verifiable, multi-platform release.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success", "1:a check failed (digest, smoke test, signature)", "2:bad usage or bad release.yaml",
            "3:a required tool is missing or too old", "4:a build step failed", "5:publishing failed (repository unchanged)",
            "70:internal error"
        })
public final class ForgelineCli implements Runnable {
    /** Every command, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(PlanCommand.class, DoctorCommand.class, BuildCommand.class,
            AssembleCommand.class, StageCommand.class, SmokeCommand.class, SignCommand.class, PublishCommand.class,
            ReleaseCommand.class, VerifyCommand.class, AuditCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PromptExit.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests and main). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLineFor(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        cli.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("usage: " + e.getCommandLine().getHelp().synopsis(0).trim());
            e.getCommandLine().getErr().println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for details.");
            return ExitCode.USAGE.code();
        });
        return cli.execute(args);
    }

    /** The whole CLI, every command in it: for the usage, {@code help}, a mistyped command, and tests of the model. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ForgelineCli());
        COMMANDS.forEach(cli::addSubcommand);
        return cli;
    }

    /**
     * The CLI as {@code args} need it: when the first argument names a command (other than {@code help}), the root with
     * that command alone, which parses, runs and reports errors as the whole CLI would; otherwise the whole CLI.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (command != CommandLine.HelpCommand.class && annotation.name().equals(args[0])) {
                    return new CommandLine(new ForgelineCli()).addSubcommand(command);
                }
            }
        }
        return commandLine();
    }

    static int report(Exception e, PrintWriter err) {
        if (e instanceof ForgelineException fe) {
            err.println("error: " + fe.getMessage());
            if (fe.hint() != null) {
                err.println("hint: " + fe.hint());
            }
            return fe.exitCode().code();
        }
        err.println("error: internal error: " + e);
        e.printStackTrace(err);
        return ExitCode.INTERNAL.code();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
