package org.rambo.reports.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the report commands from the reports jar alone (tests, or without the harness). The
 * harness CLI registers {@link ReportCommand} and {@link CheckCommand} as subcommands of
 * {@code rambo-bench}; this is the same pair under another name.
 */
@Command(name = "rambo-reports", mixinStandardHelpOptions = true, version = "rambo-reports 0.1.0",
        description = "Reports and the regression gate from run folders.",
        subcommands = {CommandLine.HelpCommand.class, ReportCommand.class, CheckCommand.class})
public final class ReportsMain implements Runnable {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new ReportsMain());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
