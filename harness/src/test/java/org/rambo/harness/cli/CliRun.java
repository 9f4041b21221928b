package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One `rambo-bench` invocation in-process, as the tests drive it: exit code, standard output and error. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cli = RamboBench.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
