package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

    private static final int[] KS = {1, 2, 4, 8};

    @Test
    void keysAreExactlyTheContractNamesInOrder() {
        Map<String, Double> m =
                RetrievalEvaluator.evaluate(new float[] {0, 1, 2, 3}, 1, new int[] {0, 0, 1, 1}, new int[] {1, 10});
        assertEquals(
                List.of(
                        "recall_at_1",
                        "recall_at_10",
                        "precision_at_1",
                        "r_precision",
                        "map_at_r",
                        "nmi",
                        "queries_skipped"),
                List.copyOf(m.keySet()));
    }

    /** Self-retrieval on a line; the tie at q1 (points 0 and 2 both at distance 1) goes to index 0. */
    @Test
    void handMadeSelfRetrieval() {
        float[] x = {0, 1, 2, 10};
        int[] y = {0, 0, 1, 1};
        Map<String, Double> m =
                RetrievalEvaluator.evaluate(x, 1, y, EvalOptions.of(KS).withNmi(false));
        // first positive ranks: q0 1, q1 1 (tie: index 0 before 2), q2 3, q3 1
        assertEquals(0.75, m.get("recall_at_1"));
        assertEquals(0.75, m.get("recall_at_2"));
        assertEquals(1.0, m.get("recall_at_4"));
        assertEquals(1.0, m.get("recall_at_8"));
        assertEquals(0.75, m.get("precision_at_1"));
        assertEquals(0.75, m.get("r_precision"));
        assertEquals(0.75, m.get("map_at_r"));
        assertTrue(m.get("nmi").isNaN());
        assertEquals(0.0, m.get("queries_skipped"));
    }

    /** The tie rule matters: swapping the labels of the tied points flips q1's result. */
    @Test
    void tiesGoToTheLowerGalleryIndex() {
        float[] x = {0, 1, 2};
        Map<String, Double> a = RetrievalEvaluator.evaluate(
                x, 1, new int[] {0, 0, 1}, EvalOptions.of(new int[] {1}).withNmi(false));
        Map<String, Double> b = RetrievalEvaluator.evaluate(
                x, 1, new int[] {1, 0, 0}, EvalOptions.of(new int[] {1}).withNmi(false));
        // a: q0 nn=1 (hit); q1 nn tie {0,2} -> 0 (hit); q2 (label 1) skipped -> 2/2
        assertEquals(1.0, a.get("recall_at_1"));
        assertEquals(1.0, a.get("queries_skipped"));
        // b: q1 nn -> 0 (label 1, miss); q2 nn=1 (hit) -> 1/2
        assertEquals(0.5, b.get("recall_at_1"));
        assertEquals(1.0, b.get("queries_skipped"));
    }

    /** Query/gallery form with R = 3 and R = 2, and one query whose class is not in the gallery. */
    @Test
    void handMadeQueryGallery() {
        float[] gallery = {1, 2, 3, 4, 5};
        int[] gl = {0, 1, 0, 1, 0};
        float[] queries = {0f, 4.4f, 7f, 2.9f};
        int[] ql = {0, 1, 2, 1};
        Map<String, Double> m = RetrievalEvaluator.evaluate(
                queries, ql, gallery, gl, 1, EvalOptions.of(new int[] {1, 2}).withNmi(false));
        // q0 order rel 1,0,1,0,1 R=3: RP 2/3, MAP@R (1 + 2/3)/3 = 5/9, first 1
        // q1 order rel 1,0,0,1,0 R=2: RP 1/2, MAP@R 1/2, first 1
        // q2 label 2: skipped
        // q3 order rel 0,1,1,0,0 R=2: RP 1/2, MAP@R (1/2)/2 = 1/4, first 2
        assertEquals(2.0 / 3, m.get("recall_at_1"), 1e-15);
        assertEquals(1.0, m.get("recall_at_2"));
        assertEquals(2.0 / 3, m.get("precision_at_1"), 1e-15);
        assertEquals(5.0 / 9, m.get("r_precision"), 1e-15);
        assertEquals(47.0 / 108, m.get("map_at_r"), 1e-15);
        assertEquals(1.0, m.get("queries_skipped"));
    }

    @Test
    void allQueriesSkippedGivesNaNAndTheCount() {
        Map<String, Double> m = RetrievalEvaluator.evaluate(
                new float[] {0, 1, 2},
                1,
                new int[] {0, 1, 2},
                EvalOptions.of(KS).withNmi(false));
        assertTrue(m.get("recall_at_1").isNaN());
        assertTrue(m.get("map_at_r").isNaN());
        assertEquals(3.0, m.get("queries_skipped"));
    }

    @Test
    void nmiIsOneForSeparatedClusters() {
        Random rnd = new Random(3);
        int n = 90;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = y[i] * 100 + (float) rnd.nextGaussian();
            x[2 * i + 1] = (float) rnd.nextGaussian();
        }
        Map<String, Double> m = RetrievalEvaluator.evaluate(x, 2, y, KS);
        assertEquals(1.0, m.get("nmi"), 1e-12);
        assertEquals(1.0, m.get("recall_at_1"));
    }

    /** Small random sets with many exact ties (coordinates in {0,1,2}) against the textbook version. */
    @Test
    void agreesExactlyWithBruteForceOnSmallRandomSetsWithTies() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + rnd.nextInt(40);
            int dim = 1 + rnd.nextInt(4);
            int classes = 1 + rnd.nextInt(6);
            float[] x = new float[n * dim];
            int[] y = new int[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(3);
            }
            for (int i = 0; i < n; i++) {
                y[i] = rnd.nextInt(classes);
            }
            int[] ks = {1, 2, 3, 5, 100};
            EvalOptions o = EvalOptions.of(ks)
                    .withNmi(false)
                    .withBlocks(1 + rnd.nextInt(5), 1 + rnd.nextInt(7))
                    .withThreads(1 + rnd.nextInt(3));
            Map<String, Double> got = RetrievalEvaluator.evaluate(x, dim, y, o);
            Map<String, Double> want = BruteForce.metrics(x, y, x, y, dim, true, ks);
            for (var e : want.entrySet()) {
                if (e.getValue().isNaN()) {
                    assertTrue(got.get(e.getKey()).isNaN(), e.getKey());
                } else {
                    assertEquals(e.getValue(), got.get(e.getKey()), "trial " + trial + " " + e.getKey());
                }
            }
            // query/gallery form: first half queries, second half gallery
            int nq = n / 2;
            float[] q = Arrays.copyOfRange(x, 0, nq * dim);
            float[] g = Arrays.copyOfRange(x, nq * dim, n * dim);
            int[] qlab = Arrays.copyOfRange(y, 0, nq);
            int[] glab = Arrays.copyOfRange(y, nq, n);
            if (nq > 0) {
                Map<String, Double> got2 = RetrievalEvaluator.evaluate(q, qlab, g, glab, dim, o);
                Map<String, Double> want2 = BruteForce.metrics(q, qlab, g, glab, dim, false, ks);
                for (var e : want2.entrySet()) {
                    if (e.getValue().isNaN()) {
                        assertTrue(got2.get(e.getKey()).isNaN(), e.getKey());
                    } else {
                        assertEquals(e.getValue(), got2.get(e.getKey()), "qg trial " + trial + " " + e.getKey());
                    }
                }
            }
        }
    }

    /** A larger set where blocks and tiles do not divide n, quantised so ties are common. */
    @Test
    void largeRandomSetAcrossBlockBoundariesMatchesBruteForce() {
        Random rnd = new Random(5);
        int n = 1503;
        int dim = 6;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(4) * 0.25f;
        }
        for (int i = 0; i < n; i++) {
            y[i] = i < 1490 ? rnd.nextInt(60) : 1000 + i; // the last 13 are singletons: skipped
        }
        int[] ks = {1, 10, 100, 1000};
        Map<String, Double> want = BruteForce.metrics(x, y, x, y, dim, true, ks);
        Map<String, Double> a = RetrievalEvaluator.evaluate(
                x, dim, y, EvalOptions.of(ks).withNmi(false).withBlocks(37, 97).withThreads(2));
        Map<String, Double> b = RetrievalEvaluator.evaluate(
                x,
                dim,
                y,
                EvalOptions.of(ks).withNmi(false).withBlocks(1500, 2000).withThreads(1));
        for (var e : want.entrySet()) {
            assertEquals(e.getValue(), a.get(e.getKey()), e.getKey());
            assertEquals(e.getValue(), b.get(e.getKey()), e.getKey());
        }
        assertEquals(13.0, a.get("queries_skipped"));
    }

    @Test
    void resultsDoNotDependOnThreadsOrBlocks() {
        Random rnd = new Random(8);
        int n = 600;
        int dim = 16;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(12);
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (float) rnd.nextGaussian() + (d == y[i] ? 2f : 0f);
            }
        }
        Map<String, Double> one = RetrievalEvaluator.evaluate(
                x, dim, y, EvalOptions.of(KS).withThreads(1).withBlocks(1, 1));
        Map<String, Double> many = RetrievalEvaluator.evaluate(
                x, dim, y, EvalOptions.of(KS).withThreads(3).withBlocks(7, 50));
        assertEquals(one, many);
        assertTrue(one.get("nmi") > 0.2 && one.get("nmi") < 1.0, "nmi " + one.get("nmi"));
    }

    @Test
    void rejectsBadShapesAndNonFiniteValues() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RetrievalEvaluator.evaluate(new float[] {0, 1, Float.NaN, 3}, 2, new int[] {0, 0}, KS));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> RetrievalEvaluator.evaluate(new float[] {0, 1, 2}, 2, new int[] {0, 0}, KS));
        assertThrows(IllegalArgumentException.class, () -> EvalOptions.of(new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> EvalOptions.of(new int[] {0}));
    }

    @Test
    void selectFindsTheKthSmallest() {
        Random rnd = new Random(2);
        for (int t = 0; t < 200; t++) {
            int m = 1 + rnd.nextInt(50);
            long[] a = new long[m];
            for (int i = 0; i < m; i++) {
                a[i] = rnd.nextInt(10);
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = rnd.nextInt(m);
            assertEquals(sorted[k], QueryStats.select(a.clone(), m, k));
        }
    }
}
