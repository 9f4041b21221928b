package org.rambo.reports.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.gate.BandRule;
import org.rambo.reports.gate.Fingerprints;
import org.rambo.reports.gate.Gate;
import org.rambo.reports.gate.ReferenceFile;
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
 * the file and line/key); 2 bad command line; 4 a file that cannot be written (permissions, disk full).
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compare the last-epoch metrics of the runs under RUNS_DIR (mean over the measured seeds per grid,"
                    + " dataset, method) with a committed reference, or write that reference from at least 5 seeds per method.",
            "A metric passes when |mean - reference mean| <= tolerance = sqrt(max(k * std * sqrt(1/m + 1/n), floor)^2"
                    + " + machine_spread^2): std over the n reference seeds, m measured seeds (reports/reference/README.md)."
                    + " Both directions fail: rewrite the reference deliberately when numbers are meant to change.",
            "Exit: 0 pass, 3 gate failed, 1 bad input, 2 bad command line, 4 a file that cannot be written."
        })
public final class CheckCommand implements Callable<Integer> {

    /** How every failure line starts, as every rambo-bench command's does. */
    static final String PREFIX = "rambo-bench check: ";

    /** Bad input: a run folder, benchmark or reference file breaks its contract. */
    static final int EXIT_BAD_INPUT = 1;

    /** The environment: an output folder that cannot be written (permissions, disk full). */
    static final int EXIT_ENVIRONMENT = 4;

    /** Exit code when the gate fails (1 and 2 are taken by bad input and bad usage). */
    public static final int EXIT_REGRESSION = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_DIR", description = "run folders to check (e.g. runs/ci)")
    Path runsDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(
                names = "--against",
                paramLabel = "REFERENCE.csv",
                required = true,
                description = "compare with this reference (e.g. reports/reference/ci.csv)")
        Path against;

        @Option(
                names = "--write-reference",
                paramLabel = "REFERENCE.csv",
                required = true,
                description = "write the reference from these runs instead (all finished, at least 5 seeds per method,"
                        + " one clean commit)")
        Path write;

        @Option(
                names = "--write-fingerprints",
                paramLabel = "FINGERPRINTS.csv",
                required = true,
                description = "write the runs' fingerprints (loss and weights' SHA-256 after steps 1, 10, 100 and the"
                        + " last) as the reference that --against compares with: REFERENCE-fingerprints.csv")
        Path writeFingerprints;
    }

    @Option(
            names = "--k",
            paramLabel = "K",
            defaultValue = "4",
            description = "with --write-reference: standard errors the band allows (default: ${DEFAULT-VALUE})")
    double k;

    @Option(
            names = "--floor",
            paramLabel = "F",
            defaultValue = "0.01",
            description =
                    "with --write-reference: smallest tolerance, a fraction (default: ${DEFAULT-VALUE} = 1 point)")
    double floor;

    @Option(
            names = "--nmi-floor",
            paramLabel = "F",
            defaultValue = "0.03",
            description =
                    "with --write-reference: NMI's smallest tolerance (default: ${DEFAULT-VALUE}; k-means is noisy)")
    double nmiFloor;

    @Option(
            names = "--machine-spread",
            paramLabel = "S",
            defaultValue = "0",
            description = "with --write-reference: machine-to-machine spread added in quadrature, a fraction"
                    + " (default: ${DEFAULT-VALUE}, not measured)")
    double machine;

    @Option(
            names = "--allow-dirty",
            description = "with --write-reference: accept runs of a dirty or mixed build (recorded)")
    boolean allowDirty;

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
                if (!(k >= 0) || !(floor >= 0) || !(nmiFloor >= 0) || !(machine >= 0)) {
                    err.println(PREFIX + "--k, --floor, --nmi-floor and --machine-spread must be >= 0");
                    err.flush();
                    return 2;
                }
                BandRule rule = new BandRule(k, floor, nmiFloor, machine);
                List<ReferenceRow> rows = Gate.reference(runs, rule, allowDirty);
                ReferenceFile.write(mode.write, rows, Gate.comments(runs, runsDir, rule));
                o.printf(
                        Locale.ROOT,
                        "wrote %d reference rows from %d runs to %s%n",
                        rows.size(),
                        runs.size(),
                        mode.write);
                o.flush();
                return 0;
            }
            if (mode.writeFingerprints != null) {
                int rows = Fingerprints.write(mode.writeFingerprints, runs);
                o.printf(
                        Locale.ROOT,
                        "wrote %d fingerprints of %d runs to %s%n",
                        rows,
                        runs.size(),
                        mode.writeFingerprints);
                o.flush();
                return 0;
            }
            List<ReferenceRow> ref = ReferenceFile.read(mode.against);
            Gate.Result result = Gate.check(runs, ref);
            o.print(Gate.table(result, showNew));
            if (out != null) {
                Gate.writeComparison(out, result);
                o.println("wrote " + out);
            }
            long inBand = result.rows().stream()
                    .filter(r -> r.status() == Gate.Status.OK)
                    .count();
            Path fingerprints = Fingerprints.besides(mode.against);
            if (Files.isRegularFile(fingerprints)) {
                o.println(Fingerprints.verdict(fingerprints, runs, result.passed()));
            }
            if (result.passed()) {
                o.printf("gate PASSED: %d metrics within their bands of %s%n", inBand, mode.against);
                o.flush();
                return 0;
            }
            o.printf(
                    "gate FAILED: %d of %d reference metrics outside their bands or missing, %d run(s) failed,"
                            + " unfinished or damaged, %d other problem(s) (reference %s)%n",
                    result.failing(),
                    ref.size(),
                    result.notFinished().size(),
                    result.problems().size(),
                    mode.against);
            o.flush();
            return EXIT_REGRESSION;
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
