package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.gate.ReferenceFile;
import org.rambo.reports.gate.ReferenceRow;

/** The regression gate, driven through the command line as CI drives it. */
class GateTest {

    static final List<String> CI_METHODS = List.of("rambo-recall-log", "rambo-ap", "contrastive", "triplet");
    /** Sample std of the fixture's five seed offsets {0, .008, -.006, .004, -.002}: about 0.54 points. */
    static final double SEED_STD =
            Math.sqrt((0.0008 * 0.0008 + 0.0072 * 0.0072 + 0.0068 * 0.0068 + 0.0032 * 0.0032 + 0.0028 * 0.0028) / 4);

    /** The reference runs and their reference, written once: the tests only read them. */
    @TempDir
    static Path shared;

    static Path refRuns;
    static Path sharedReference;

    @TempDir
    Path tmp;

    Path reference;
    final TestCli cli = new TestCli();

    @BeforeAll
    static void writeReference() {
        refRuns = shared.resolve("ref-runs");
        FixtureRuns.grid(refRuns, "ci", "fashion-mnist", CI_METHODS, 5);
        sharedReference = shared.resolve("reference/ci.csv");
        TestCli cli = new TestCli();
        assertEquals(0, cli.run("check", refRuns.toString(), "--write-reference", sharedReference.toString()), cli.err);
        assertEquals("wrote 32 reference rows from 20 runs to " + sharedReference, cli.out.strip());
    }

    @BeforeEach
    void copyReference() throws IOException {
        // each test gets its own copy, so one that damages it leaves the others alone
        reference = tmp.resolve("reference/ci.csv");
        Files.createDirectories(reference.getParent());
        Files.copy(sharedReference, reference);
    }

    int run(String... args) {
        return cli.run(args);
    }

    /** The ci grid again, seeds 0-4, with one metric of one method moved. */
    Path runsWith(String method, String metric, double shift) {
        Path runs = tmp.resolve("runs-" + method + "-" + metric + shift);
        for (String m : CI_METHODS) {
            for (long s = 0; s < 5; s++) {
                FixtureRuns.Run r = FixtureRuns.run(runs, "ci", "fashion-mnist", m, s);
                if (m.equals(method) || method.equals("every")) {
                    if (metric.equals("every")) {
                        r.shift(shift);
                    } else {
                        r.shift(metric, shift);
                    }
                }
                r.write();
            }
        }
        return runs;
    }

    static boolean line(String text, String regex) {
        return Pattern.compile("(?m)^" + regex).matcher(text).find();
    }

    @Test
    void referenceHoldsMeanStdAndTheBandRulePerMetric() {
        List<ReferenceRow> rows = ReferenceFile.read(reference);
        assertEquals(
                32, rows.size()); // 4 methods x (R@1,2,4,8, P@1, R-Prec, MAP@R, NMI); queries_skipped is not guarded
        ReferenceRow r = rows.stream()
                .filter(x -> x.method().equals("triplet") && x.metric().equals("recall_at_1"))
                .findFirst()
                .orElseThrow();
        assertEquals(5, r.n());
        assertEquals(0.688 + 0.0008, r.mean(), 1e-12);
        assertEquals(SEED_STD, r.std(), 1e-12);
        assertEquals(4.0, r.k());
        assertEquals(0.01, r.floor());
        assertEquals(0.0, r.machine());
        // 4 * 0.0054 * sqrt(1/5 + 1/5) = 0.01367: above the 1-point floor
        assertEquals(4 * SEED_STD * Math.sqrt(0.4), r.tolerance(5), 1e-12);
        ReferenceRow nmi = rows.stream()
                .filter(x -> x.method().equals("triplet") && x.metric().equals("nmi"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.03, nmi.floor(), "NMI gets its own, wider floor");
    }

    @Test
    void theToleranceFollowsTheFormula() {
        ReferenceRow r = new ReferenceRow("ci", "d", "m", "recall_at_1", 5, 0.8, 0.01, 4, 0.01, 0.005);
        // max(4 * 0.01 * sqrt(1/2 + 1/5), 0.01) = 0.033466; with 0.005 in quadrature: 0.033838
        assertEquals(Math.sqrt(Math.pow(4 * 0.01 * Math.sqrt(0.7), 2) + 0.005 * 0.005), r.tolerance(2), 1e-15);
        ReferenceRow tight = new ReferenceRow("ci", "d", "m", "recall_at_1", 5, 0.8, 0.0001, 4, 0.01, 0);
        assertEquals(0.01, tight.tolerance(5), 0.0, "the floor when the seeds barely differ");
        ReferenceRow oneSeedStd = new ReferenceRow("ci", "d", "m", "recall_at_1", 5, 0.8, Double.NaN, 4, 0.02, 0);
        assertEquals(0.02, oneSeedStd.tolerance(3), 0.0);
    }

    @Test
    void passesOnTheReferenceRuns() {
        assertEquals(0, run("check", refRuns.toString(), "--against", reference.toString()), cli.out);
        assertTrue(cli.out.contains("gate PASSED: 32 metrics within their bands"), cli.out);
        assertTrue(
                line(cli.out, "OK +ci/fashion-mnist +triplet +recall_at_1 +68\\.88 +1\\.37 +68\\.88 +\\+0\\.00 +5/5"),
                cli.out);
    }

    @Test
    void passesOnOtherSeedsDrawnFromTheReferenceDistribution() {
        // Seeds 10-14: the fixture's offsets again, each run moved by a draw of the same spread (sd 0.54 points).
        Random rnd = new Random(7);
        Path runs = tmp.resolve("other-seeds");
        for (String m : CI_METHODS) {
            for (long s = 10; s < 15; s++) {
                FixtureRuns.run(runs, "ci", "fashion-mnist", m, s)
                        .shift(rnd.nextGaussian() * SEED_STD)
                        .write();
            }
        }
        assertEquals(0, run("check", runs.toString(), "--against", reference.toString()), cli.out);
    }

    @Test
    void failsOnAPlantedThreePointDropInRecallAt1OfOneMethod() {
        Path runs = runsWith("rambo-ap", "recall_at_1", -0.03);
        assertEquals(
                3,
                run(
                        "check",
                        runs.toString(),
                        "--against",
                        reference.toString(),
                        "--out",
                        tmp.resolve("check.csv").toString()),
                cli.out);
        assertTrue(
                line(cli.out, "OUT +ci/fashion-mnist +rambo-ap +recall_at_1 +73\\.38 +1\\.37 +70\\.38 +-3\\.00 +5/5"),
                cli.out);
        assertTrue(line(cli.out, "OK +ci/fashion-mnist +rambo-ap +recall_at_2 "), "the other metrics stay OK");
        assertTrue(cli.out.contains("gate FAILED: 1 of 32 reference metrics outside their bands"), cli.out);
        assertTrue(Files.exists(tmp.resolve("check.csv")));
    }

    @Test
    void passesWhenEveryMetricMovesByAMachineToMachineAmount() {
        assertEquals(
                0,
                run("check", runsWith("every", "every", 0.005).toString(), "--against", reference.toString()),
                cli.out);
        assertEquals(
                0,
                run("check", runsWith("every", "every", -0.005).toString(), "--against", reference.toString()),
                cli.out);
    }

    @Test
    void nmiIsComparedLooselyRecallIsNot() {
        assertEquals(
                0,
                run("check", runsWith("triplet", "nmi", -0.025).toString(), "--against", reference.toString()),
                cli.out);
        assertEquals(
                3,
                run("check", runsWith("triplet", "recall_at_1", -0.025).toString(), "--against", reference.toString()),
                cli.out);
    }

    @Test
    void anImprovementBeyondTheBandFailsToo() {
        assertEquals(
                3, run("check", runsWith("contrastive", "every", 0.05).toString(), "--against", reference.toString()));
        assertTrue(line(cli.out, "OUT +ci/fashion-mnist +contrastive +recall_at_1 .* \\+5\\.00 "), cli.out);
    }

    @Test
    void fewerMeasuredSeedsWidenTheBand() {
        Path runs = tmp.resolve("two-seeds");
        for (String m : CI_METHODS) {
            for (long s = 0; s < 2; s++) {
                FixtureRuns.run(runs, "ci", "fashion-mnist", m, s).write();
            }
        }
        assertEquals(0, run("check", runs.toString(), "--against", reference.toString()), cli.out);
        // 4 * 0.54 * sqrt(1/2 + 1/5) = 1.81 points
        assertTrue(
                line(cli.out, "OK +ci/fashion-mnist +triplet +recall_at_1 +68\\.88 +1\\.81 +69\\.20 +\\+0\\.32 +2/5"),
                cli.out);
    }

    @Test
    void aMissingMethodFailsAndNewOnesAreOnlyReported() {
        Path runs = tmp.resolve("partial");
        for (String m : List.of("rambo-recall-log", "rambo-ap", "contrastive", "margin")) {
            for (long s = 0; s < 5; s++) {
                FixtureRuns.run(runs, "ci", "fashion-mnist", m, s).write();
            }
        }
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString()));
        assertTrue(
                line(cli.out, "MISSING +ci/fashion-mnist +triplet +recall_at_1 +68\\.88 +1\\.37 +- +- +0/5"), cli.out);
        assertTrue(cli.out.contains("8 measured metric(s) have no reference row"), cli.out);
        assertTrue(cli.out.contains("gate FAILED: 8 of 32"), cli.out);
    }

    @Test
    void aFailedRunFailsTheGateEvenIfItsSeedsAreCovered() {
        Path runs = runsWith("none", "every", 0);
        FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", 5).failAt(1).write();
        assertEquals(3, run("check", runs.toString(), "--against", reference.toString()));
        assertTrue(
                line(cli.out, "FAILED +ci/triplet-s5-.* \\(ci/triplet seed 5\\): loss became NaN at epoch 1, step 3"),
                cli.out);
    }

    @Test
    void refusesToWriteAReferenceFromFewerThanFiveSeedsInOneLine() {
        Path runs = tmp.resolve("two");
        FixtureRuns.grid(runs, "ci", "fashion-mnist", List.of("triplet"), 2);
        assertEquals(
                1,
                run(
                        "check",
                        runs.toString(),
                        "--write-reference",
                        tmp.resolve("x.csv").toString()));
        assertEquals(
                "rambo-bench check: refusing to write a reference: ci/fashion-mnist/triplet has 2 seed(s), at least 5 are"
                        + " needed for a seed spread\n",
                cli.err);
        assertTrue(Files.notExists(tmp.resolve("x.csv")));
    }

    @Test
    void refusesToWriteAReferenceFromIncompleteRuns() {
        Path runs = runsWith("none", "every", 0);
        FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", 5).stopAfter(1).write();
        assertEquals(
                1,
                run(
                        "check",
                        runs.toString(),
                        "--write-reference",
                        tmp.resolve("x.csv").toString()));
        assertTrue(
                cli.err.contains("refusing to write a reference")
                        && cli.err.contains("triplet-s5-")
                        && cli.err.contains("is unfinished"),
                cli.err);
        assertTrue(Files.notExists(tmp.resolve("x.csv")));
    }

    @Test
    void refusesADirtyBuildUnlessAllowedAndThenRecordsIt() throws IOException {
        Path runs = tmp.resolve("dirty");
        for (long s = 0; s < 5; s++) {
            FixtureRuns.run(runs, "ci", "fashion-mnist", "triplet", s)
                    .build(FixtureRuns.COMMIT, s == 3)
                    .write();
        }
        Path x = tmp.resolve("x.csv");
        assertEquals(1, run("check", runs.toString(), "--write-reference", x.toString()));
        assertEquals(
                "rambo-bench check: refusing to write a reference: the runs must come from one clean commit, found "
                        + FixtureRuns.COMMIT + ", " + FixtureRuns.COMMIT
                        + "-dirty (--allow-dirty to record it anyway)\n",
                cli.err);
        assertEquals(0, run("check", runs.toString(), "--write-reference", x.toString(), "--allow-dirty"), cli.err);
        assertTrue(Files.readString(x)
                .contains("# Commit: " + FixtureRuns.COMMIT + ", " + FixtureRuns.COMMIT + "-dirty\n"));
    }

    @Test
    void malformedReferenceNamesFileRecordAndColumn() throws IOException {
        String text = Files.readString(reference)
                .replaceFirst("(ci,fashion-mnist,contrastive,recall_at_2,5,[^,]+,[^,]+,[^,]+,)[^,\\n]+", "$1wide");
        Files.writeString(reference, text);
        assertEquals(1, run("check", refRuns.toString(), "--against", reference.toString()));
        assertTrue(
                Pattern.compile(Pattern.quote(reference.toString())
                                + ": record \\d+, column 'floor': \"wide\" is not a number")
                        .matcher(cli.err)
                        .find(),
                cli.err);
    }

    @Test
    void anOldFormatReferenceNamesTheMissingColumn() throws IOException {
        Files.writeString(
                reference, "grid,dataset,method,metric,n,mean,std,tolerance\nci,f,m,recall_at_1,2,0.8,0.01,0.02\n");
        assertEquals(1, run("check", refRuns.toString(), "--against", reference.toString()));
        assertEquals(
                "rambo-bench check: " + reference + ": header lacks column 'k' (expected "
                        + "grid,dataset,method,metric,n,mean,std,k,floor,machine_spread)\n",
                cli.err);
    }

    @Test
    void theCommittedReferenceLoads() {
        List<ReferenceRow> rows = ReferenceFile.read(Path.of("reference/ci.csv"));
        assertEquals(32, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.grid().equals("ci") && r.k() == 4.0));
    }

    @Test
    void missingReferenceSaysHowToWriteOne() {
        assertEquals(
                1,
                run(
                        "check",
                        refRuns.toString(),
                        "--against",
                        tmp.resolve("none.csv").toString()));
        assertTrue(
                cli.err.contains("reference file does not exist; write one from at least 5 seeds per method with"
                        + " `rambo-bench check RUNS_DIR --write-reference"),
                cli.err);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("check", refRuns.toString()));
        assertEquals(2, run("check", refRuns.toString(), "--against", "a.csv", "--write-reference", "b.csv"));
    }

    @Test
    void referenceFileDocumentsHowItWasMade() throws IOException {
        String text = Files.readString(reference);
        assertTrue(text.startsWith("# Regression reference for `rambo-bench check"), text);
        assertTrue(
                text.contains("#   tolerance = sqrt( max(k * std * sqrt(1/m + 1/n), floor)^2 + machine_spread^2 )\n"),
                text);
        assertTrue(text.contains("# Written with k = 4.0, floor = 0.01 (nmi: 0.03), machine_spread = 0.0.\n"), text);
        assertTrue(text.contains("# Commit: 0123456789abcdef0123456789abcdef01234567\n"), text);
        assertTrue(
                text.contains("# Seeds: rambo-recall-log 0,1,2,3,4; rambo-ap 0,1,2,3,4; contrastive 0,1,2,3,4;"
                        + " triplet 0,1,2,3,4\n"),
                text);
        assertTrue(text.contains("# CPU mode: RAMBO_CPU_MODE=avx2\n"), text);
        assertTrue(text.contains("\ngrid,dataset,method,metric,n,mean,std,k,floor,machine_spread\n"), text);
    }
}
