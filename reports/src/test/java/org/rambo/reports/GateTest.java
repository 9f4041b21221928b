package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.cli.ReportsMain;
import org.rambo.reports.gate.Gate;
import org.rambo.reports.gate.ReferenceRow;
import picocli.CommandLine;

/** The regression gate, driven through the command line as CI drives it. */
class GateTest {

    static final List<String> CI_METHODS = List.of("rambo-recall-log", "rambo-ap", "contrastive", "triplet");

    @TempDir
    Path tmp;
    Path reference;
    String out;
    String err;

    @BeforeEach
    void writeReference() {
        FixtureRuns.grid(tmp.resolve("ref-runs"), "ci", "fashion-mnist", CI_METHODS, 2);
        reference = tmp.resolve("reference/ci.csv");
        assertEquals(0, run("check", tmp.resolve("ref-runs").toString(), "--write-reference", reference.toString()), err);
        assertTrue(out.contains("wrote 32 reference rows from 8 runs"), out);
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = ReportsMain.newCommandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** A fresh copy of the ci grid where {@code method}'s metrics are shifted. */
    Path runsWith(String method, double shift) {
        Path runs = tmp.resolve("runs-" + method + "-" + shift);
        for (String m : CI_METHODS) {
            for (long s = 0; s < 2; s++) {
                FixtureRuns.run(runs, "ci", "fashion-mnist", m, s).shift(m.equals(method) ? shift : 0).write();
            }
        }
        return runs;
    }

    static boolean line(String text, String regex) {
        return Pattern.compile("(?m)^" + regex).matcher(text).find();
    }

    @Test
    void referenceHoldsMeanStdAndTolerancePerMetric() {
        List<ReferenceRow> rows = Gate.readReference(reference);
        assertEquals(32, rows.size()); // 4 methods x (R@1,2,4,8, P@1, R-Prec, MAP@R, NMI); queries_skipped is not guarded
        ReferenceRow r = rows.stream().filter(x -> x.method().equals("triplet") && x.metric().equals("recall_at_1"))
                .findFirst().orElseThrow();
        assertEquals(2, r.n());
        assertEquals((0.688 + 0.696) / 2, r.mean(), 1e-12);
        assertEquals(0.008 / Math.sqrt(2), r.std(), 1e-12);
        assertEquals(0.02, r.tolerance(), 0.0, "3 * 0.00566 = 0.017 is below the floor");
    }

    @Test
    void toleranceIsKTimesStdWhenThatExceedsTheFloor() {
        Path wide = tmp.resolve("wide.csv");
        assertEquals(0, run("check", tmp.resolve("ref-runs").toString(), "--write-reference", wide.toString(),
                "--k", "5", "--floor", "0.001"));
        ReferenceRow r = Gate.readReference(wide).stream()
                .filter(x -> x.method().equals("triplet") && x.metric().equals("recall_at_1")).findFirst().orElseThrow();
        assertEquals(5 * 0.008 / Math.sqrt(2), r.tolerance(), 1e-12);
    }

    @Test
    void passesOnTheReference() {
        assertEquals(0, run("check", tmp.resolve("ref-runs").toString(), "--against", reference.toString()), out + err);
        assertTrue(out.contains("gate PASSED: 32 metrics within their bands"), out);
        assertTrue(line(out, "OK +ci/fashion-mnist +triplet +recall_at_1 +69\\.20 +2\\.00 +69\\.20 +\\+0\\.00 +2/2"), out);
    }

    @Test
    void passesWhenAMetricMovesWithinItsBand() {
        assertEquals(0, run("check", runsWith("triplet", -0.015).toString(), "--against", reference.toString()), out);
        assertTrue(line(out, "OK +ci/fashion-mnist +triplet +recall_at_1 +69\\.20 +2\\.00 +67\\.70 +-1\\.50 +2/2"), out);
    }

    @Test
    void failsOnAPlantedRegression() {
        Path runs = runsWith("rambo-ap", -0.05);
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString(), "--out",
                tmp.resolve("check.csv").toString()), out);
        assertTrue(line(out, "OUT +ci/fashion-mnist +rambo-ap +recall_at_1 +73\\.70 +2\\.00 +68\\.70 +-5\\.00 +2/2"), out);
        assertTrue(line(out, "OK +ci/fashion-mnist +triplet +recall_at_1 "), "untouched methods stay OK");
        // 8 metrics of rambo-ap left the band (every one moved by 5 points).
        assertTrue(out.contains("gate FAILED: 8 of 32 reference metrics outside their bands"), out);
        assertTrue(Files.exists(tmp.resolve("check.csv")));
    }

    @Test
    void anImprovementBeyondTheBandFailsToo() {
        assertEquals(3, run("check", runsWith("contrastive", 0.05).toString(), "--against", reference.toString()));
        assertTrue(line(out, "OUT +ci/fashion-mnist +contrastive +recall_at_1 .* \\+5\\.00 "), out);
    }

    @Test
    void aMissingMethodFailsAndNewOnesAreOnlyReported() {
        Path runs = tmp.resolve("partial");
        for (String m : List.of("rambo-recall-log", "rambo-ap", "contrastive", "margin")) {
            for (long s = 0; s < 2; s++) {
                FixtureRuns.run(runs, "ci", "fashion-mnist", m, s).write();
            }
        }
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString()));
        assertTrue(line(out, "MISSING +ci/fashion-mnist +triplet +recall_at_1 +69\\.20 +2\\.00 +- +- +0/2"), out);
        assertTrue(out.contains("8 measured metric(s) have no reference row"), out);
        assertTrue(out.contains("gate FAILED: 8 of 32"), out);
    }

    @Test
    void aFailedRunFailsTheGateEvenIfItsSeedsAreCovered() {
        Path runs = runsWith("none", 0);
        FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", 2).failAt(1).write();
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString()));
        assertTrue(line(out, "FAILED +ci/triplet-s2-.* \\(ci/triplet seed 2\\): loss became NaN at epoch 1, step 3"), out);
    }

    @Test
    void aDifferentNumberOfSeedsIsADifferentExperiment() {
        Path runs = runsWith("none", 0);
        FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", 2).write();
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString()));
        assertTrue(line(out, "SEEDS +ci/fashion-mnist +triplet +recall_at_1 .* 3/2$"), out);
    }

    @Test
    void refusesToWriteAReferenceFromIncompleteRuns() {
        Path runs = runsWith("none", 0);
        FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", 2).stopAfter(1).write();
        assertEquals(1, run("check", runs.toString(), "--write-reference", tmp.resolve("x.csv").toString()));
        assertTrue(err.contains("refusing to write a reference") && err.contains("triplet-s2-") && err.contains("is unfinished"), err);
        assertTrue(Files.notExists(tmp.resolve("x.csv")));
    }

    @Test
    void malformedReferenceNamesFileRecordAndColumn() throws IOException {
        String text = Files.readString(reference).replaceFirst("(ci,fashion-mnist,contrastive,recall_at_2,2,[^,]+,[^,]+,)[^\\n]+",
                "$1wide");
        Files.writeString(reference, text);
        assertEquals(1, run("check", tmp.resolve("ref-runs").toString(), "--against", reference.toString()));
        assertTrue(Pattern.compile(Pattern.quote(reference.toString()) + ": record \\d+, column 'tolerance': \"wide\" is not a number")
                .matcher(err).find(), err);
    }

    @Test
    void missingReferenceSaysHowToWriteOne() {
        assertEquals(1, run("check", tmp.resolve("ref-runs").toString(), "--against", tmp.resolve("none.csv").toString()));
        assertTrue(err.contains("reference file does not exist; write one from a complete set of runs with"
                + " `rambo-bench check RUNS_DIR --write-reference"), err);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("check", tmp.resolve("ref-runs").toString()));
        assertEquals(2, run("check", tmp.resolve("ref-runs").toString(), "--against", "a.csv", "--write-reference", "b.csv"));
    }

    @Test
    void referenceFileDocumentsHowItWasMade() throws IOException {
        String text = Files.readString(reference);
        assertTrue(text.startsWith("# Regression reference for `rambo-bench check"), text);
        assertTrue(text.contains("# tolerance = max(3.0 * std, 0.02)"), text);
        assertTrue(text.contains("at commit(s) 0123456789abcdef0123456789abcdef01234567."), text);
        assertTrue(text.contains("\ngrid,dataset,method,metric,n,mean,std,tolerance\n"), text);
    }
}
