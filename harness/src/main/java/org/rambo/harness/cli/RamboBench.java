package org.rambo.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code rambo-bench}; each subcommand lives in its own class. */
@Command(
        name = "rambo-bench",
        mixinStandardHelpOptions = true,
        version = "rambo-bench 0.1.0",
        description = "Train, evaluate, time and report rank-based metric learning methods.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, EvaluateCommand.class,
            org.rambo.reports.cli.ReportCommand.class, org.rambo.reports.cli.CheckCommand.class, DetectCommand.class, ListCommand.class, SlurmCommand.class})
public final class RamboBench implements Runnable {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with every subcommand registered (tests call this too). */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new RamboBench());
        cli.setExecutionExceptionHandler(RamboBench::handleFailure);
        return cli;
    }

    /**
     * Bad input (a config key, a data file, a missing folder) is the user's to fix: one line
     * naming what is wrong, exit 1. Anything else is ours: the stack trace, exit 70.
     */
    static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                || e instanceof java.nio.file.NoSuchFileException) {
            cli.getErr().println("rambo-bench " + cli.getCommandName() + ": " + e.getMessage());
            cli.getErr().flush();
            return 1;
        }
        e.printStackTrace(cli.getErr());
        return 70;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
