package org.rambo.harness.cli;

/**
 * The exit codes of {@code rambo-bench}, documented in the README. Every failure caused by the
 * user's input or environment prints one line naming the file (and line or key); only a bug
 * prints a stack trace, and then into the run's log.
 */
public final class ExitCode {

    /** Everything asked for is done (finished runs skipped; runs another process holds left to it). */
    public static final int OK = 0;
    /** Bad input: a config key, a data file, a command-line value, a damaged run folder. */
    public static final int BAD_INPUT = 1;
    /** The command line itself is wrong (unknown option, missing argument): picocli's usage error. */
    public static final int USAGE = 2;
    /** One or more runs failed (non-finite loss, an error inside the run); failed runs stay failed until retried. */
    public static final int RUNS_FAILED = 3;
    /** The environment: disk full, permission denied, the runs folder not writable. */
    public static final int ENVIRONMENT = 4;
    /** A bug in this suite: the stack trace is in the log named by the one-line message. */
    public static final int BUG = 70;
    /** Stopped by a signal (SIGTERM, or the signal a scheduler sends before a time limit) after a checkpoint: run again to resume. */
    public static final int INTERRUPTED = 75;

    private ExitCode() {}
}
