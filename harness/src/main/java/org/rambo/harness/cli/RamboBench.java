package org.rambo.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code rambo-bench}; each subcommand lives in its own class. */
@Command(
        name = "rambo-bench",
        mixinStandardHelpOptions = true,
        version = "rambo-bench 0.1.0",
        description = "Train, evaluate, time and report rank-based metric learning methods.",
        subcommands = {CommandLine.HelpCommand.class, EvaluateCommand.class})
public final class RamboBench implements Runnable {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with every subcommand registered (tests call this too). */
    public static CommandLine newCommandLine() {
        return new CommandLine(new RamboBench());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
