package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matrix-product candidate search against exact neighbours: bit-identical metrics, on sets
 * large enough that candidates are a small part of the gallery, with planted ties at the
 * candidate boundary that force the exact fallback.
 */
class FastSearchTest {

    private static final int[] KS = {1, 2, 4, 8, 16};

    /** Unit vectors near one of {@code classes} random class centres; noise sets how close neighbours are. */
    static float[] clustered(Random rnd, int n, int dim, int[] labels, int classes, float noise) {
        float[] centres = new float[classes * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(classes);
            double s = 0;
            for (int d = 0; d < dim; d++) {
                float v = centres[labels[i] * dim + d] + noise * (float) rnd.nextGaussian();
                x[i * dim + d] = v;
                s += (double) v * v;
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] *= inv;
            }
        }
        return x;
    }

    /**
     * Textbook metrics with primitive sorting (fast enough for thousands of items): every
     * distance, a full sort by (distance, index), metrics read off the sorted list.
     */
    static Map<String, Double> bruteForce(float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, int[] ks) {
        int used = 0;
        long[] hits = new long[ks.length];
        long p1 = 0;
        double rp = 0;
        double map = 0;
        long[] keys = new long[gl.length];
        for (int i = 0; i < ql.length; i++) {
            int m = 0;
            for (int j = 0; j < gl.length; j++) {
                if (!(self && i == j)) {
                    float d = Distances.squaredL2(q, i * dim, g, j * dim, dim);
                    keys[m++] = ((long) Float.floatToIntBits(d) << 32) | j;
                }
            }
            Arrays.sort(keys, 0, m);
            int r = 0;
            int first = -1;
            for (int t = 0; t < m; t++) {
                if (gl[(int) keys[t]] == ql[i]) {
                    r++;
                    if (first < 0) {
                        first = t;
                    }
                }
            }
            if (r == 0) {
                continue;
            }
            used++;
            for (int k = 0; k < ks.length; k++) {
                if (first < ks[k]) {
                    hits[k]++;
                }
            }
            if (first == 0) {
                p1++;
            }
            int h = 0;
            double sp = 0;
            for (int t = 0; t < r; t++) {
                if (gl[(int) keys[t]] == ql[i]) {
                    h++;
                    sp += (double) h / (t + 1);
                }
            }
            rp += (double) h / r;
            map += sp / r;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < ks.length; k++) {
            out.put("recall_at_" + ks[k], (double) hits[k] / used);
        }
        out.put("precision_at_1", (double) p1 / used);
        out.put("r_precision", rp / used);
        out.put("map_at_r", map / used);
        out.put("queries_skipped", (double) (ql.length - used));
        return out;
    }

    private static void assertSame(Map<String, Double> want, Map<String, Double> got) {
        for (var e : want.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), e.getKey());
        }
    }

    @Test
    void selfRetrievalMatchesBruteForceBitForBit() {
        Random rnd = new Random(21);
        int n = 3000;
        int dim = 48;
        int[] y = new int[n];
        float[] x = clustered(rnd, n, dim, y, 400, 0.6f);
        Map<String, Double> want = bruteForce(x, y, x, y, dim, true, KS);
        EvalOptions o = EvalOptions.of(KS).withNmi(false).withThreads(2);
        Evaluation got = RetrievalEvaluator.run(x, dim, y, o);
        assertSame(want, got.metrics());
        assertTrue(got.exactQueries() < n / 10, "exact fallbacks: " + got.exactQueries());
        // small score blocks (many engine calls, a block boundary inside the set) change nothing
        assertSame(
                want,
                RetrievalEvaluator.evaluate(
                        x, dim, y, o.withScoreBlock(7 * n + 5).withThreads(3)));
    }

    @Test
    void queryGalleryMatchesBruteForceBitForBit() {
        Random rnd = new Random(22);
        int n = 3600;
        int dim = 32;
        int[] y = new int[n];
        float[] x = clustered(rnd, n, dim, y, 300, 0.5f);
        int nq = 1700;
        float[] q = Arrays.copyOfRange(x, 0, nq * dim);
        float[] g = Arrays.copyOfRange(x, nq * dim, n * dim);
        int[] ql = Arrays.copyOfRange(y, 0, nq);
        int[] gl = Arrays.copyOfRange(y, nq, n);
        Map<String, Double> want = bruteForce(q, ql, g, gl, dim, false, KS);
        assertSame(
                want,
                RetrievalEvaluator.evaluate(
                        q, ql, g, gl, dim, EvalOptions.of(KS).withNmi(false).withScoreBlock(100_000)));
    }

    /**
     * Every item has 39 copies (about 3 of each class) and R is small: the k-th and the
     * (k + margin)-th candidates of a query are copies of itself at distance 0 or one float
     * step, so no candidate list can be proven complete and queries take the exact path.
     */
    @Test
    void plantedTiesAtTheCandidateBoundaryFallBackToTheExactPath() {
        Random rnd = new Random(23);
        int distinct = 60;
        int copies = 40;
        int dim = 16;
        int n = distinct * copies;
        int[] base = new int[distinct];
        float[] proto = clustered(rnd, distinct, dim, base, 12, 0.8f);
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int p = i % distinct;
            y[i] = base[p] * 1000 + rnd.nextInt(13);
            System.arraycopy(proto, p * dim, x, i * dim, dim);
            if (i % 3 == 1) { // one float step off: a near-tie rather than a tie
                x[i * dim] = Math.nextUp(x[i * dim]);
            }
        }
        Map<String, Double> want = bruteForce(x, y, x, y, dim, true, KS);
        Evaluation got = RetrievalEvaluator.run(x, dim, y, EvalOptions.of(KS).withNmi(false));
        assertSame(want, got.metrics());
        assertTrue(got.exactQueries() > n / 2, "exact fallbacks: " + got.exactQueries());
    }

    /**
     * 20,000 items: the fast search against the exact path (whole rows of distances, the
     * evaluation as it was before candidates), whose agreement with the textbook version is
     * checked on smaller sets below.
     */
    @Test
    void twentyThousandItemsMatchTheExactPathBitForBit() {
        Random rnd = new Random(24);
        int n = 20_000;
        int dim = 24;
        int[] y = new int[n];
        float[] x = clustered(rnd, n, dim, y, 3740, 0.7f);
        EvalOptions o = EvalOptions.of(KS).withNmi(false).withThreads(2);
        Evaluation fast = RetrievalEvaluator.run(x, dim, y, o);
        NeighbourSearch.Result exact = RetrievalEvaluator.exactSearch(x, y, x, y, dim, true, o);
        NeighbourSearch.Result fastPerQuery = new NeighbourSearch(x, y, x, y, dim, true, o).run(null);
        assertArrayEquals(exact.rPrecision(), fastPerQuery.rPrecision());
        assertArrayEquals(exact.mapAtR(), fastPerQuery.mapAtR());
        for (int i = 0; i < n; i++) {
            int a = exact.firstRank()[i];
            int b = fastPerQuery.firstRank()[i];
            // beyond the largest K only "beyond" matters; otherwise the rank itself
            assertTrue(a == b || (a > 16 && b > 16), "query " + i + ": rank " + a + " vs " + b);
        }
        assertEquals(RetrievalEvaluator.evaluate(x, dim, y, o.withScoreBlock(Long.MAX_VALUE)), fast.metrics());
        assertTrue(fast.exactQueries() < n / 20, "exact fallbacks: " + fast.exactQueries());
    }

    @Test
    void exactPathMatchesBruteForce() {
        Random rnd = new Random(25);
        int n = 1200;
        int dim = 8;
        int[] y = new int[n];
        float[] x = clustered(rnd, n, dim, y, 90, 0.4f);
        EvalOptions o = EvalOptions.of(KS).withNmi(false).withBlocks(13, 29).withThreads(2);
        NeighbourSearch.Result r = RetrievalEvaluator.exactSearch(x, y, x, y, dim, true, o);
        Map<String, Double> want = bruteForce(x, y, x, y, dim, true, KS);
        int used = 0;
        int top1 = 0;
        for (int i = 0; i < n; i++) {
            if (r.firstRank()[i] > 0) {
                used++;
                top1 += r.firstRank()[i] == 1 ? 1 : 0;
            }
        }
        assertEquals(want.get("precision_at_1"), (double) top1 / used);
    }
}
