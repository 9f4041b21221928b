package org.rambo.reports.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.gate.Gate;
import org.rambo.reports.gate.ReferenceRow;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.model.Run;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench check RUNS_DIR --against reports/reference/ci.csv}: the regression gate.
 * Exit codes: 0 every metric inside its band; 3 something left its band, is missing, ran with
 * a different number of seeds, or a run failed or did not finish; 1 bad input (message names
 * the file and line/key); 2 bad command line.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare the last-epoch metrics of the runs under RUNS_DIR (mean over seeds per grid, dataset,"
                + " method) with a committed reference, or write that reference.",
            "A metric passes when |mean - reference mean| <= tolerance; tolerance = max(k * std over the reference"
                + " seeds, floor) is stored per row when the reference is written. Both directions fail: rewrite the"
                + " reference deliberately when numbers are meant to change.",
            "Exit: 0 pass, 3 gate failed, 1 bad input, 2 bad command line."})
public final class CheckCommand implements Callable<Integer> {

    /** Exit code when the gate fails (1 and 2 are taken by bad input and bad usage). */
    public static final int EXIT_REGRESSION = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR", description = "run folders to check (e.g. runs/ci)")
    Path runsDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--against", paramLabel = "REFERENCE.csv", required = true,
                description = "compare with this reference (e.g. reports/reference/ci.csv)")
        Path against;

        @Option(names = "--write-reference", paramLabel = "REFERENCE.csv", required = true,
                description = "write the reference from these runs instead (all must have finished)")
        Path write;
    }

    @Option(names = "--k", paramLabel = "K", defaultValue = "3",
            description = "with --write-reference: tolerance = max(K * std over seeds, floor) (default: ${DEFAULT-VALUE})")
    double k;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "0.02",
            description = "with --write-reference: absolute floor of the tolerance, a fraction (default: ${DEFAULT-VALUE} = 2 points)")
    double floor;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "also write the comparison as CSV")
    Path out;

    @Option(names = "--show-new", description = "also list measured metrics that have no reference row")
    boolean showNew;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Run> runs = RunReader.readAll(runsDir);
            if (mode.write != null) {
                if (!(k >= 0) || !(floor >= 0)) {
                    err.println("check: --k and --floor must be >= 0");
                    err.flush();
                    return 2;
                }
                List<ReferenceRow> rows = Gate.reference(runs, k, floor);
                String commits = runs.stream().map(r -> r.provenance().gitCommit() == null ? "unknown"
                        : r.provenance().gitCommit() + (Boolean.TRUE.equals(r.provenance().gitDirty()) ? "-dirty" : ""))
                        .distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("unknown");
                Gate.writeReference(mode.write, rows, k, floor,
                        "Written from " + runs.size() + " runs under " + runsDir + " at commit(s) " + commits + ".");
                o.printf(Locale.ROOT, "wrote %d reference rows from %d runs to %s (tolerance = max(%s * std, %s))%n",
                        rows.size(), runs.size(), mode.write, k, floor);
                o.flush();
                return 0;
            }
            List<ReferenceRow> ref = Gate.readReference(mode.against);
            Gate.Result result = Gate.check(runs, ref);
            o.print(Gate.table(result, showNew));
            if (out != null) {
                Gate.writeComparison(out, result);
                o.println("wrote " + out);
            }
            long inBand = result.rows().stream().filter(r -> r.status() == Gate.Status.OK).count();
            if (result.passed()) {
                o.printf("gate PASSED: %d metrics within their bands of %s%n", inBand, mode.against);
                o.flush();
                return 0;
            }
            o.printf("gate FAILED: %d of %d reference metrics outside their bands or missing, %d run(s) failed or"
                            + " unfinished, %d other problem(s) (reference %s)%n",
                    result.failing(), ref.size(), result.notFinished().size(), result.problems().size(), mode.against);
            o.flush();
            return EXIT_REGRESSION;
        } catch (ReportInputException | UncheckedIOException e) {
            err.println("check: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
