package org.rambo.reports.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.rambo.reports.ReportBuilder;
import org.rambo.reports.ReportInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench report RUNS_DIR [--out DIR]}: results.csv, summary.csv, claims.csv,
 * results-table.md and report.html from run folders. Exit codes: 0 written (failed or unfinished runs are listed, not an
 * error), 1 a run folder, benchmark or paper file breaks the contract (message names the
 * file and line/key), 2 bad command line, 4 an output folder that cannot be written.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write results.csv (one row per run folder), summary.csv (mean, std and bootstrap 95%% interval"
                    + " over seeds), claims.csv (RaMBO minus each baseline, paired by seed, Student t 95%% interval, verdict,"
                    + " beside the paper's difference), results-table.md (the README's table) and report.html (one"
                    + " self-contained file opening with the verdicts: comparison tables beside the paper's numbers, plots,"
                    + " ranking cost, protocol, provenance, failed/unfinished/damaged runs) from the run folders under RUNS_DIR.",
            "RUNS_DIR is a runs root (runs/) or one grid (runs/default); every folder holding config.json is a run."
        })
public final class ReportCommand implements Callable<Integer> {

    /** How every failure line starts, as every rambo-bench command's does. */
    static final String PREFIX = "rambo-bench report: ";

    /** Bad input: a run folder, benchmark or reference file breaks its contract. */
    static final int EXIT_BAD_INPUT = 1;

    /** The environment: an output folder that cannot be written (permissions, disk full). */
    static final int EXIT_ENVIRONMENT = 4;

    /** Clock for the "generated" stamp; tests fix it. */
    Clock clock = Clock.systemUTC();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR", description = "run folders to report (e.g. runs/default)")
    Path runsDir;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "output folder, created if needed (default: ${DEFAULT-VALUE}, relative to the working directory)")
    Path out;

    @Option(
            names = "--bench",
            paramLabel = "DIR",
            defaultValue = "reports/bench",
            description = "JMH JSON results and training-shapes.csv for the ranking-cost section"
                    + " (default: ${DEFAULT-VALUE}); absent is fine")
    Path bench;

    @Option(
            names = "--paper",
            paramLabel = "FILE.csv",
            description = "published numbers to compare with (default: the table bundled in the reports jar)")
    Path paper;

    @Option(
            names = "--title",
            paramLabel = "TEXT",
            defaultValue = ReportBuilder.DEFAULT_TITLE,
            description = "page title (default: ${DEFAULT-VALUE})")
    String title;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportBuilder.Outcome r = ReportBuilder.build(runsDir, out, bench, paper, clock, title);
            o.printf(
                    "%d run folders: %d finished, %d failed, %d unfinished, %d damaged%n",
                    r.runs(), r.finished(), r.failed(), r.unfinished(), r.damaged());
            if (r.failed() + r.unfinished() + r.damaged() > 0) {
                o.println(
                        "failed, unfinished and damaged runs are listed in the report (section 'Failed or unfinished runs')");
            }
            if (!r.benchPresent()) {
                o.println("no benchmark results in " + bench + ": the report says so (run `make bench` to add them)");
            }
            o.println("wrote " + r.resultsCsv());
            o.println("wrote " + r.summaryCsv());
            o.println("wrote " + r.claimsCsv());
            o.println("wrote " + r.resultsTable());
            o.println("wrote " + r.reportHtml());
            o.flush();
            return 0;
        } catch (ReportInputException e) {
            err.println(PREFIX + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (UncheckedIOException e) {
            // a folder that cannot be written (permissions, a full disk): the environment
            err.println(PREFIX + e.getMessage());
            err.flush();
            return EXIT_ENVIRONMENT;
        }
    }
}
