package org.rambo.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
            SlurmCommand.class,
            DoctorCommand.class,
            SyntheticCubCommand.class,
            TuneCommand.class
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
        cli.setParameterExceptionHandler(RamboBench::handleUsageError);
        // Path.of itself, so that a path the locale cannot encode arrives as the cause of the error
        cli.registerConverter(Path.class, Path::of);
        return cli;
    }

    /**
     * A wrong command line: one line saying what is wrong and where the options are listed, not
     * the whole usage text; a path this locale cannot encode is the environment's, said so.
     */
    static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName(" ");
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InvalidPathException path) {
                err.println(name + ": '" + path.getInput() + "': not a path in this locale's character set ("
                        + System.getProperty("sun.jnu.encoding", "unknown")
                        + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (bin/rambo-bench does this)");
                err.flush();
                return ExitCode.ENVIRONMENT;
            }
        }
        String message =
                e.getMessage() == null ? "bad command line" : e.getMessage().strip();
        int nl = message.indexOf('\n');
        message = nl < 0 ? message : message.substring(0, nl).strip();
        String suggestion = "";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        err.println(name + ": " + message + suggestion + " (" + name + " --help lists the options)");
        err.flush();
        return ExitCode.USAGE;
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
