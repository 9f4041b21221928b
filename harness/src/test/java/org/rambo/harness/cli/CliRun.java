package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** One `rambo-bench` invocation in-process, as the tests drive it: exit code, standard output and error. */
record CliRun(int code, String out, String err) {

    /** Where a bug's stack trace goes during tests (the build folder, not the working directory). */
    static final Path ERROR_LOG = Path.of("target", "rambo-bench-error.log");

    static CliRun of(String... args) {
        CommandLine cli = RamboBench.newCommandLine(ERROR_LOG);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
