package org.rambo.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.rambo.reports.cli.CheckCommand;
import org.rambo.reports.cli.ReportCommand;
import org.rambo.runfolder.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code rambo-bench}; each subcommand lives in its own class. Failures end in
 * one line and an exit code ({@link ExitCode}): the user's input or environment is named by
 * file (and line); a bug's stack trace goes to the error log, not the terminal.
 */
@Command(
        name = "rambo-bench",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Train, evaluate, time and report rank-based metric learning methods.",
        subcommands = {
            CommandLine.HelpCommand.class,
            RunCommand.class,
            EvaluateCommand.class,
            EmbedCommand.class,
            ReportCommand.class,
            CheckCommand.class,
            DetectCommand.class,
            ListCommand.class,
            DataBenchCommand.class,
            SlurmCommand.class
        })
public final class RamboBench implements Runnable {

    /** Where a bug's stack trace goes unless the caller names another file. */
    public static final Path ERROR_LOG = Path.of("rambo-bench-error.log");

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with every subcommand registered (tests call this too). */
    public static CommandLine newCommandLine() {
        return newCommandLine(ERROR_LOG);
    }

    /** The same, with bugs' stack traces appended to {@code errorLog}. */
    public static CommandLine newCommandLine(Path errorLog) {
        CommandLine cli = new CommandLine(new RamboBench());
        cli.setExecutionExceptionHandler((e, sub, parsed) -> handleFailure(e, sub, parsed, errorLog));
        return cli;
    }

    static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed, Path errorLog) {
        Failures.Verdict verdict = Failures.classify(e);
        PrintWriter err = cli.getErr();
        String prefix = "rambo-bench " + cli.getCommandName() + ": ";
        if (verdict.isBug()) {
            String where = appendStackTrace(errorLog, parsed, e);
            err.println(prefix + "internal error: " + Failures.bugMessage(e) + " (stack trace in " + where + ")");
            if (where.equals("standard error")) {
                e.printStackTrace(err);
            }
        } else {
            err.println(prefix + verdict.line());
        }
        err.flush();
        return verdict.exitCode();
    }

    /** Appends the command line and stack trace to the log; returns where they went. */
    private static String appendStackTrace(Path log, CommandLine.ParseResult parsed, Exception e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String entry = Instant.now() + " rambo-bench " + String.join(" ", parsed.originalArgs()) + "\n"
                + BuildVersion.line(BuildInfo.current()) + "\n" + trace + "\n";
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(log, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return log.toString();
        } catch (IOException | RuntimeException writeFailed) {
            return "standard error";
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
