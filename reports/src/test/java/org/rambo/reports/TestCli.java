package org.rambo.reports;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.rambo.reports.cli.CheckCommand;
import org.rambo.reports.cli.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The report commands under a root as rambo-bench registers them; captures what they print. */
@Command(
        name = "rambo-bench",
        subcommands = {ReportCommand.class, CheckCommand.class})
final class TestCli {

    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = new CommandLine(new TestCli());
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }
}
