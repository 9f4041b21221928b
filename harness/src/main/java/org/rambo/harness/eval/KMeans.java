package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic k-means (Lloyd) with k-means++ seeding, on the same float distance as retrieval.
 * Given the seed, the result is the same on any thread count: assignments are independent per
 * point, and centroid sums are accumulated in double in point order.
 */
public final class KMeans {
    private KMeans() {}

    private static final int BLOCK = 256;

    /**
     * @return the cluster index (0..k-1) of each of the n rows of x
     */
    public static int[] cluster(float[] x, int n, int dim, int k, long seed, int maxIterations, int threads) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 <= k <= n, got k=" + k + " n=" + n);
        }
        float[] centers = seedPlusPlus(x, n, dim, k, new SplittableRandom(seed));
        int[] assign = new int[n];
        float[] best = new float[n];
        Arrays.fill(assign, -1);
        for (int it = 0; it <= maxIterations; it++) {
            boolean changed = assignAll(x, n, dim, centers, k, assign, best, threads);
            if (!changed || it == maxIterations) {
                break;
            }
            centers = update(x, n, dim, k, assign, best);
        }
        return assign;
    }

    private static float[] seedPlusPlus(float[] x, int n, int dim, int k, SplittableRandom rnd) {
        float[] c = new float[k * dim];
        boolean[] chosen = new boolean[n];
        int first = rnd.nextInt(n);
        System.arraycopy(x, first * dim, c, 0, dim);
        chosen[first] = true;
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = Distances.squaredL2(x, i * dim, c, 0, dim);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
            }
            int pick = -1;
            if (total > 0) {
                double u = rnd.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += d2[i];
                    if (d2[i] > 0 && acc > u) {
                        pick = i;
                        break;
                    }
                }
                if (pick < 0) { // u landed on the rounding slack at the very end
                    for (int i = n - 1; i >= 0; i--) {
                        if (d2[i] > 0) {
                            pick = i;
                            break;
                        }
                    }
                }
            }
            if (pick < 0) { // fewer distinct points than k: take the first unused point
                for (int i = 0; i < n; i++) {
                    if (!chosen[i]) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen[pick] = true;
            System.arraycopy(x, pick * dim, c, j * dim, dim);
            for (int i = 0; i < n; i++) {
                double d = Distances.squaredL2(x, i * dim, c, j * dim, dim);
                if (d < d2[i]) {
                    d2[i] = d;
                }
            }
        }
        return c;
    }

    private static boolean assignAll(
            float[] x, int n, int dim, float[] c, int k, int[] assign, float[] best, int threads) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        AtomicInteger next = new AtomicInteger();
        boolean[] changed = new boolean[blocks];
        RetrievalEvaluator.runParallel(
                () -> {
                    for (int b; (b = next.getAndIncrement()) < blocks; ) {
                        int lo = b * BLOCK;
                        int hi = Math.min(n, lo + BLOCK);
                        for (int i = lo; i < hi; i++) {
                            int arg = 0;
                            float bd = Float.POSITIVE_INFINITY;
                            for (int j = 0; j < k; j++) { // ties go to the lower centre index
                                float d = Distances.squaredL2(x, i * dim, c, j * dim, dim);
                                if (d < bd) {
                                    bd = d;
                                    arg = j;
                                }
                            }
                            if (assign[i] != arg) {
                                assign[i] = arg;
                                changed[b] = true;
                            }
                            best[i] = bd;
                        }
                    }
                },
                Math.min(threads, blocks));
        for (boolean ch : changed) {
            if (ch) {
                return true;
            }
        }
        return false;
    }

    private static float[] update(float[] x, int n, int dim, int k, int[] assign, float[] best) {
        double[] sum = new double[k * dim];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            int j = assign[i];
            count[j]++;
            for (int d = 0; d < dim; d++) {
                sum[j * dim + d] += x[i * dim + d];
            }
        }
        float[] c = new float[k * dim];
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < dim && count[j] > 0; d++) {
                c[j * dim + d] = (float) (sum[j * dim + d] / count[j]);
            }
        }
        // Empty clusters restart at the point farthest from its centre (lowest index on ties)
        // whose cluster can spare it: a deterministic rule.
        int[] left = count.clone();
        boolean[] taken = new boolean[n];
        for (int j = 0; j < k; j++) {
            if (count[j] > 0) {
                continue;
            }
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && left[assign[i]] > 1 && (far < 0 || best[i] > best[far])) {
                    far = i;
                }
            }
            if (far >= 0) {
                taken[far] = true;
                left[assign[far]]--;
                System.arraycopy(x, far * dim, c, j * dim, dim);
            }
        }
        return c;
    }
}
