package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.reports.claims.Claims;
import org.rambo.reports.claims.PairedDifference;
import org.rambo.reports.claims.PaperVerdict;
import org.rambo.reports.claims.Verdict;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.model.PaperRow;

/** The verdicts against hand-made cases; t quantiles from a printed table, not from the code under test. */
class ClaimsTest {

    /** Student t, 97.5% quantile, 2 and 4 degrees of freedom (any statistics table). */
    static final double T2 = 4.302652729911275;

    static final double T4 = 2.7764451051977987;

    @TempDir
    Path tmp;

    static Map<Long, Double> seeds(double... v) {
        Map<Long, Double> m = new TreeMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put((long) i, v[i]);
        }
        return m;
    }

    @Test
    void aClearWin() {
        // differences 2.0, 2.5, 2.5: mean 2.3333, sd 0.288675
        PairedDifference d = PairedDifference.of(seeds(80, 81, 82), seeds(78, 78.5, 79.5));
        double half = T2 * Math.sqrt(1.0 / 12) / Math.sqrt(3);
        assertEquals(3, d.n());
        assertEquals(7.0 / 3, d.mean(), 1e-12);
        assertEquals(7.0 / 3 - half, d.ciLow(), 1e-9);
        assertEquals(7.0 / 3 + half, d.ciHigh(), 1e-9);
        assertEquals(Verdict.BETTER, d.verdict());
    }

    @Test
    void aClearLoss() {
        PairedDifference d = PairedDifference.of(seeds(78, 78.5, 79.5), seeds(80, 81, 82));
        assertEquals(-7.0 / 3, d.mean(), 1e-12);
        assertTrue(d.ciHigh() < 0);
        assertEquals(Verdict.WORSE, d.verdict());
    }

    @Test
    void aHalfPointGapWithThreeSeedsAndSpreadIsInconclusive() {
        // differences 0.2, 0.5, 0.8: mean 0.5, sd 0.3 -> 0.5 ± 4.303 * 0.3 / sqrt(3) = [-0.245, 1.245]
        PairedDifference d = PairedDifference.of(seeds(70.2, 70.5, 70.8), seeds(70, 70, 70));
        assertEquals(0.5, d.mean(), 1e-9);
        assertEquals(0.5 - T2 * 0.3 / Math.sqrt(3), d.ciLow(), 1e-9);
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    }

    @Test
    void fiveSeedsUseFourDegreesOfFreedom() {
        // differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5)
        PairedDifference d = PairedDifference.of(seeds(1, 2, 3, 4, 5), seeds(0, 0, 0, 0, 0));
        assertEquals(3 - T4 * Math.sqrt(2.5) / Math.sqrt(5), d.ciLow(), 1e-9);
        assertEquals(Verdict.BETTER, d.verdict());
    }

    @Test
    void oneSeedHasNoIntervalAndDecidesNothing() {
        PairedDifference d = PairedDifference.of(seeds(90), seeds(80));
        assertEquals(1, d.n());
        assertEquals(10.0, d.mean(), 0.0);
        assertTrue(Double.isNaN(d.ciLow()) && Double.isNaN(d.ciHigh()));
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    }

    @Test
    void onlySeedsBothRanArePaired() {
        Map<Long, Double> method = Map.of(0L, 80.0, 1L, 81.0, 2L, 82.0);
        Map<Long, Double> baseline = Map.of(3L, 70.0, 4L, 70.0, 5L, 70.0);
        PairedDifference none = PairedDifference.of(method, baseline);
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.mean()));
        assertEquals(Verdict.INCONCLUSIVE, none.verdict());
        // seeds 1 and 2 pair (differences 1 and 2); 0 and 9 have no partner
        PairedDifference some = PairedDifference.of(method, Map.of(1L, 80.0, 2L, 80.0, 9L, 0.0));
        assertEquals(2, some.n());
        assertEquals(1.5, some.mean(), 1e-12);
    }

    @Test
    void thePapersVerdictReadsOursAgainstItsSign() {
        assertEquals(PaperVerdict.REPRODUCED, PaperVerdict.of(Verdict.BETTER, 0.2));
        assertEquals(PaperVerdict.REPRODUCED, PaperVerdict.of(Verdict.WORSE, -1.5));
        assertEquals(PaperVerdict.CONTRADICTED, PaperVerdict.of(Verdict.WORSE, 0.2));
        assertEquals(PaperVerdict.CONTRADICTED, PaperVerdict.of(Verdict.BETTER, -2.3));
        assertEquals(PaperVerdict.INCONCLUSIVE, PaperVerdict.of(Verdict.INCONCLUSIVE, 0.2));
    }

    @Test
    void rowsPairEveryRamboVariantWithEveryBaselineAndThePapersNumbers() {
        // fixture R@1: rambo-recall-log 0.742, triplet 0.688, margin 0.721, plus the same offset per seed
        FixtureRuns.grid(tmp, "g", "cub", List.of("rambo-recall-log", "triplet", "margin"), 3);
        List<PaperRow> paper = List.of(
                new PaperRow("cub", "rambo-recall-log", "recall_at_1", 63.5, "p"),
                new PaperRow("cub", "margin", "recall_at_1", 63.8, "p"),
                new PaperRow("cub", "triplet", "recall_at_1", 36.1, "p"),
                new PaperRow("sop", "rambo-recall-log", "recall_at_1", 77.8, "p"),
                new PaperRow("sop", "margin", "recall_at_1", 72.7, "p"));
        List<ClaimRow> rows = Claims.of(RunReader.readAll(tmp), paper);
        ClaimRow vsMargin = rows.stream()
                .filter(r -> r.baseline().equals("margin")
                        && r.metric().equals("recall_at_1")
                        && r.dataset().equals("cub"))
                .findFirst()
                .orElseThrow();
        assertEquals(3, vsMargin.nSeeds());
        assertEquals(2.1, vsMargin.delta(), 1e-9);
        assertEquals(Verdict.BETTER, vsMargin.verdict());
        assertEquals(-0.3, vsMargin.paperDelta(), 1e-9);
        assertEquals(PaperVerdict.CONTRADICTED, vsMargin.paperVerdict());
        ClaimRow vsTriplet = rows.stream()
                .filter(r -> r.baseline().equals("triplet") && r.metric().equals("recall_at_1"))
                .findFirst()
                .orElseThrow();
        assertEquals(PaperVerdict.REPRODUCED, vsTriplet.paperVerdict());
        assertEquals(27.4, vsTriplet.paperDelta(), 1e-9);
        ClaimRow sop =
                rows.stream().filter(r -> r.dataset().equals("sop")).findFirst().orElseThrow();
        assertEquals(PaperVerdict.NOT_RUN, sop.paperVerdict());
        assertEquals("", sop.grid());
        assertEquals(0, sop.nSeeds());
        // no RaMBO-vs-RaMBO and no baseline-vs-baseline rows; margin vs triplet is not a claim
        assertTrue(rows.stream().allMatch(r -> Claims.isRambo(r.method()) && !Claims.isRambo(r.baseline())));
        // 8 quality metrics (queries_skipped is a count) x 2 baselines on cub, plus one sop row
        assertEquals(17, rows.size());
    }
}
