package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * k-means++ seeding: each centre is a point drawn with probability proportional to D^2, its
 * squared distance to the nearest centre so far. Centres are drawn in rounds of
 * {@code perRound} independent draws from the same D^2 (a point drawn twice in a round counts
 * once), after which every point's D^2 is lowered by the round's centres. One draw per round is
 * classic k-means++; more make the distance updates matrix products of several centres.
 *
 * <p>How D^2 is lowered is the caller's ({@link Lowering}): exactly, point by point, or with the
 * engine's matrix product and an exact re-check ({@link CentreSearch}). Both give the same
 * exact values, so the draws, and the centres, depend only on the seed and the round size. The
 * seeding ends with each point's nearest centre (lowest index on ties) and its exact distance:
 * the first Lloyd assignment, for free.
 */
final class KMeansSeeding {
    private KMeansSeeding() {}

    /** Points per parallel task when lowering exactly. */
    private static final int CHUNK = 256;

    /** The seeding's result: centres (k x dim) and each point's nearest one with its exact squared distance. */
    record Seeds(float[] centres, int[] nearest, float[] distance) {}

    /** Lowers D^2 by a round's new centres. */
    interface Lowering {
        /**
         * For every point i and each new centre t (rows of {@code centres}, in order): when the
         * exact {@link Distances#squaredL2} to it is below d2[i], d2[i] takes it and nearest[i]
         * becomes first + t. Equal distances keep the earlier (lower) centre.
         */
        void lower(double[] d2, int[] nearest, float[] centres, int first, int m);
    }

    /**
     * The k seeds of the rows of x, drawn with {@code rnd} in rounds of {@code perRound}, D^2
     * lowered by {@code lowering}; {@code afterRound} runs after each round (a progress bar).
     */
    static Seeds seed(
            float[] x,
            int n,
            int dim,
            int k,
            SplittableRandom rnd,
            int perRound,
            Lowering lowering,
            Runnable afterRound) {
        float[] c = new float[k * dim];
        boolean[] chosen = new boolean[n];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int[] nearest = new int[n];
        int first = rnd.nextInt(n);
        System.arraycopy(x, first * dim, c, 0, dim);
        chosen[first] = true;
        lowering.lower(d2, nearest, Arrays.copyOf(c, dim), 0, 1);
        int have = 1;
        double[] prefix = new double[n];
        while (have < k) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
                prefix[i] = total;
            }
            int start = have;
            int want = Math.min(perRound, k - have);
            for (int r = 0; r < want; r++) {
                int pick = draw(prefix, d2, total, chosen, rnd);
                if (chosen[pick]) {
                    continue;
                }
                chosen[pick] = true;
                System.arraycopy(x, pick * dim, c, have * dim, dim);
                have++;
            }
            lowering.lower(d2, nearest, Arrays.copyOfRange(c, start * dim, have * dim), start, have - start);
            afterRound.run();
        }
        float[] distance = new float[n];
        for (int i = 0; i < n; i++) {
            distance[i] = (float) d2[i]; // an exact float distance widened: no rounding
        }
        return new Seeds(c, nearest, distance);
    }

    /**
     * One D^2 draw: the first point whose running sum of D^2 exceeds u in [0, total); when u
     * lands on the rounding slack at the very end, the last point with a positive D^2; with no
     * positive D^2 left (fewer distinct points than k), the first point not chosen yet.
     */
    private static int draw(double[] prefix, double[] d2, double total, boolean[] chosen, SplittableRandom rnd) {
        if (total > 0) {
            int pick = firstAbove(prefix, rnd.nextDouble() * total);
            for (int i = prefix.length - 1; pick < 0 && i >= 0; i--) {
                if (d2[i] > 0) {
                    pick = i;
                }
            }
            if (pick >= 0) {
                return pick;
            }
        }
        for (int i = 0; i < chosen.length; i++) {
            if (!chosen[i]) {
                return i;
            }
        }
        throw new IllegalStateException("every point is a centre already");
    }

    /** The first index whose prefix sum exceeds u (it then has a positive weight), or -1. */
    static int firstAbove(double[] prefix, double u) {
        int lo = 0;
        int hi = prefix.length; // answer in [lo, hi]; hi = none
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < prefix.length ? lo : -1;
    }

    /**
     * Lowering by exact distances to every point: the reference, and the fallback when the
     * engine's product breaks its bound. Points are split among threads; each point sees the new
     * centres in order, so the result does not depend on the thread count.
     */
    static Lowering exact(float[] x, int n, int dim, int threads) {
        return (d2, nearest, cs, first, m) -> {
            int chunks = (n + CHUNK - 1) / CHUNK;
            AtomicInteger next = new AtomicInteger();
            RetrievalEvaluator.runParallel(
                    () -> {
                        float[] d = new float[4];
                        for (int ch; (ch = next.getAndIncrement()) < chunks; ) {
                            int from = ch * CHUNK;
                            int to = Math.min(n, from + CHUNK);
                            for (int t = 0; t < m; t++) {
                                int co = t * dim;
                                int i = from;
                                for (; i + 4 <= to; i += 4) { // four points at once, each bit-identical to squaredL2
                                    int p = i * dim;
                                    Distances.squaredL2x4(cs, co, x, p, p + dim, p + 2 * dim, p + 3 * dim, dim, d, 0);
                                    for (int u = 0; u < 4; u++) {
                                        keepNearer(d2, nearest, i + u, d[u], first + t);
                                    }
                                }
                                for (; i < to; i++) {
                                    keepNearer(d2, nearest, i, Distances.squaredL2(x, i * dim, cs, co, dim), first + t);
                                }
                            }
                        }
                    },
                    Math.min(threads, chunks));
        };
    }

    private static void keepNearer(double[] d2, int[] nearest, int i, float d, int centre) {
        if (d < d2[i]) {
            d2[i] = d;
            nearest[i] = centre;
        }
    }
}
