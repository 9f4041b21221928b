package org.rambo.harness.eval;

/**
 * The Lloyd update: each centre becomes the mean of its points, summed in double in point order
 * (so the same on any thread count), rounded to float once.
 */
final class Centroids {
    private Centroids() {}

    /**
     * New centres (k x dim) from the assignment; {@code best} is each point's exact squared
     * distance to its centre. An empty cluster restarts at the point farthest from its centre
     * (lowest index on ties) whose cluster can spare it: a deterministic rule.
     */
    static float[] update(float[] x, int n, int dim, int k, int[] assign, float[] best) {
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
