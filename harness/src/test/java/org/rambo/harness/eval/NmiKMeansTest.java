package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NmiKMeansTest {

    @Test
    void nmiHandValues() {
        assertEquals(1.0, Nmi.nmi(new int[] {0, 0, 1, 1}, new int[] {5, 5, 3, 3}), 1e-15);
        assertEquals(0.0, Nmi.nmi(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-15);
        assertEquals(0.0, Nmi.nmi(new int[] {0, 0, 1, 1}, new int[] {7, 7, 7, 7}), 1e-15);
        assertEquals(1.0, Nmi.nmi(new int[] {2, 2, 2}, new int[] {9, 9, 9}), 1e-15);
        // MI = (2/3) ln 2, H = ln 2 and ln 3: NMI = (4/3) ln 2 / ln 6 (scikit-learn: 0.5158...)
        assertEquals(
                4.0 / 3 * Math.log(2) / Math.log(6),
                Nmi.nmi(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}),
                1e-15);
    }

    @Test
    void kmeansSeparatesBlobsAndIsDeterministicAcrossThreads() {
        Random rnd = new Random(4);
        int n = 700;
        int dim = 3;
        float[] x = new float[n * dim];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 7;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (float) rnd.nextGaussian() * 0.1f + (d == 0 ? truth[i] * 10 : 0);
            }
        }
        int[] a = KMeans.cluster(x, n, dim, 7, 1L, 50, 1);
        int[] b = KMeans.cluster(x, n, dim, 7, 1L, 50, 3);
        assertArrayEquals(a, b);
        assertEquals(1.0, Nmi.nmi(truth, a), 1e-12);
    }

    @Test
    void kmeansSeedChangesInitialisationOnOverlappingData() {
        Random rnd = new Random(6);
        int n = 400;
        float[] x = new float[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] a = KMeans.cluster(x, n, 2, 10, 1L, 3, 1);
        int[] a2 = KMeans.cluster(x, n, 2, 10, 1L, 3, 2);
        int[] c = KMeans.cluster(x, n, 2, 10, 2L, 3, 1);
        assertArrayEquals(a, a2);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    }

    @Test
    void kmeansWithFewerDistinctPointsThanK() {
        float[] x = {0, 0, 0, 1, 1};
        int[] a = KMeans.cluster(x, 5, 1, 3, 0L, 10, 1);
        // two distinct values can fill at most two clusters; equal points share a cluster
        assertEquals(a[0], a[1]);
        assertEquals(a[3], a[4]);
        assertNotEquals(a[0], a[3]);
    }
}
