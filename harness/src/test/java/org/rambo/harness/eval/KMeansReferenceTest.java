package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * k-means against a textbook k-means++ and Lloyd written out here with plain loops (every point
 * against every centre, sums scanned linearly): the same clusters and iteration count, on one
 * thread and two, for one centre per seeding round and for several.
 */
class KMeansReferenceTest {

    @Test
    void sequentialSeedingMatchesTheTextbookOnOneAndTwoThreads() {
        Random rnd = new Random(41);
        int n = 300;
        int dim = 5;
        int[] y = new int[n];
        float[] x = FastSearchTest.clustered(rnd, n, dim, y, 12, 1.2f);
        for (long seed = 0; seed < 4; seed++) {
            assertMatches(x, n, dim, 12, seed, 50);
        }
    }

    @Test
    void seedingInRoundsMatchesTheTextbookOnOneAndTwoThreads() {
        Random rnd = new Random(42);
        int n = 1200;
        int dim = 3;
        int k = 600; // above the sequential limit: rounds of ceil(k / rounds) draws
        assertTrue(KMeans.centresPerRound(k) > 1);
        int[] y = new int[n];
        float[] x = FastSearchTest.clustered(rnd, n, dim, y, 200, 0.5f);
        for (long seed = 0; seed < 2; seed++) {
            assertMatches(x, n, dim, k, seed, 20);
        }
    }

    @Test
    void aCapOfZeroKeepsTheNearestSeed() {
        Random rnd = new Random(43);
        int n = 200;
        int[] y = new int[n];
        float[] x = FastSearchTest.clustered(rnd, n, 4, y, 9, 1.5f);
        assertMatches(x, n, 4, 9, 7, 0);
    }

    private static void assertMatches(float[] x, int n, int dim, int k, long seed, int cap) {
        Reference ref = reference(x, n, dim, k, seed, cap, KMeans.centresPerRound(k));
        for (int threads = 1; threads <= 2; threads++) {
            EvalOptions o = EvalOptions.of(new int[] {1}).withKmeans(seed, cap).withThreads(threads);
            KMeans.Result r = KMeans.cluster(x, n, dim, k, o);
            assertArrayEquals(ref.assignment, r.assignment(), "seed " + seed + ", " + threads + " threads");
            assertEquals(ref.iterations, r.iterations(), "seed " + seed);
            KMeans.Result exact = KMeans.exactCluster(x, n, dim, k, o);
            assertArrayEquals(ref.assignment, exact.assignment(), "exact path, seed " + seed);
        }
    }

    private record Reference(int[] assignment, int iterations) {}

    /** Squared distance as the evaluation defines it: float, fused multiply-add, dimension 0 first. */
    private static float dist(float[] a, int ao, float[] b, int bo, int dim) {
        float s = 0f;
        for (int d = 0; d < dim; d++) {
            float t = a[ao + d] - b[bo + d];
            s = Math.fma(t, t, s);
        }
        return s;
    }

    private static Reference reference(float[] x, int n, int dim, int k, long seed, int cap, int perRound) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] c = new float[k * dim];
        boolean[] chosen = new boolean[n];
        int first = rnd.nextInt(n);
        chosen[first] = true;
        System.arraycopy(x, first * dim, c, 0, dim);
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = dist(x, i * dim, c, 0, dim);
        }
        int have = 1;
        while (have < k) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
            }
            int start = have;
            for (int r = 0; r < Math.min(perRound, k - start); r++) {
                int pick = -1;
                if (total > 0) {
                    double u = rnd.nextDouble() * total;
                    double acc = 0;
                    for (int i = 0; i < n && pick < 0; i++) {
                        acc += d2[i];
                        if (acc > u) {
                            pick = i;
                        }
                    }
                    for (int i = n - 1; i >= 0 && pick < 0; i--) {
                        if (d2[i] > 0) {
                            pick = i;
                        }
                    }
                }
                for (int i = 0; i < n && pick < 0; i++) {
                    if (!chosen[i]) {
                        pick = i;
                    }
                }
                if (!chosen[pick]) {
                    chosen[pick] = true;
                    System.arraycopy(x, pick * dim, c, have * dim, dim);
                    have++;
                }
            }
            for (int j = start; j < have; j++) {
                for (int i = 0; i < n; i++) {
                    d2[i] = Math.min(d2[i], dist(x, i * dim, c, j * dim, dim));
                }
            }
        }
        int[] assign = new int[n];
        float[] best = new float[n];
        assignAll(x, n, dim, c, k, assign, best);
        int it = 0;
        while (it < cap) {
            c = means(x, n, dim, k, assign, best);
            it++;
            if (!assignAll(x, n, dim, c, k, assign, best)) {
                break;
            }
        }
        return new Reference(assign, it);
    }

    private static boolean assignAll(float[] x, int n, int dim, float[] c, int k, int[] assign, float[] best) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            int arg = 0;
            for (int j = 1; j < k; j++) {
                if (dist(x, i * dim, c, j * dim, dim) < dist(x, i * dim, c, arg * dim, dim)) {
                    arg = j;
                }
            }
            changed |= assign[i] != arg;
            assign[i] = arg;
            best[i] = dist(x, i * dim, c, arg * dim, dim);
        }
        return changed;
    }

    /** Means in double, point order; an empty cluster takes the farthest point (lowest index) of a cluster with two or more left. */
    private static float[] means(float[] x, int n, int dim, int k, int[] assign, float[] best) {
        double[] sum = new double[k * dim];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[assign[i]]++;
            for (int d = 0; d < dim; d++) {
                sum[assign[i] * dim + d] += x[i * dim + d];
            }
        }
        float[] c = new float[k * dim];
        // an empty cluster takes the point farthest from its centre (the lowest index among equals)
        // whose own cluster keeps at least one point; each point is taken once
        Integer[] farthestFirst = new Integer[n];
        for (int i = 0; i < n; i++) {
            farthestFirst[i] = i;
        }
        Arrays.sort(farthestFirst, (a, b) -> best[a] != best[b] ? Double.compare(best[b], best[a]) : a - b);
        int[] members = count.clone();
        Set<Integer> used = new HashSet<>();
        for (int j = 0; j < k; j++) {
            if (count[j] == 0) {
                for (int i : farthestFirst) {
                    if (!used.contains(i) && members[assign[i]] > 1) {
                        used.add(i);
                        members[assign[i]]--;
                        for (int d = 0; d < dim; d++) {
                            c[j * dim + d] = x[i * dim + d];
                        }
                        break;
                    }
                }
            } else {
                for (int d = 0; d < dim; d++) {
                    c[j * dim + d] = (float) (sum[j * dim + d] / count[j]);
                }
            }
        }
        return c;
    }
}
