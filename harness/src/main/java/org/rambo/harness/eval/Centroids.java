package org.rambo.harness.eval;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lloyd update: each centre becomes the mean of its points, summed in double in point order
 * (so the same on any thread count), rounded to float once.
 */
final class Centroids {
    private Centroids() {}

    /** Dimensions per parallel task of the sums. */
    private static final int DIMS_PER_TASK = 64;

    /**
     * New centres (k x dim) from the assignment; {@code best} is each point's exact squared
     * distance to its centre. An empty cluster restarts at the point farthest from its centre
     * (lowest index on ties) whose cluster can spare it: a deterministic rule. Threads split the
     * dimensions; each (centre, dimension) sum still runs over the points in order.
     */
    static float[] update(float[] x, int n, int dim, int k, int[] assign, float[] best, int threads) {
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[assign[i]]++;
        }
        double[] sum = new double[k * dim];
        float[] c = new float[k * dim];
        int tasks = (dim + DIMS_PER_TASK - 1) / DIMS_PER_TASK;
        AtomicInteger next = new AtomicInteger();
        RetrievalEvaluator.runParallel(
                () -> {
                    for (int t; (t = next.getAndIncrement()) < tasks; ) {
                        int d0 = t * DIMS_PER_TASK;
                        int d1 = Math.min(dim, d0 + DIMS_PER_TASK);
                        for (int i = 0; i < n; i++) {
                            int row = i * dim;
                            int at = assign[i] * dim;
                            for (int d = d0; d < d1; d++) {
                                sum[at + d] += x[row + d];
                            }
                        }
                        for (int j = 0; j < k; j++) {
                            for (int d = d0; d < d1 && count[j] > 0; d++) {
                                c[j * dim + d] = (float) (sum[j * dim + d] / count[j]);
                            }
                        }
                    }
                },
                Math.min(threads, tasks));
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
