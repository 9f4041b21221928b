package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Lloyd update against means written out point by point, on one and several threads. */
class CentroidsTest {

    @Test
    void meansOfAHandWrittenAssignment() {
        float[] x = {0, 0, 2, 4, 1, 1, 5, 5}; // four 2-d points
        int[] assign = {0, 0, 1, 1};
        float[] c = Centroids.update(x, 4, 2, 2, assign, new float[4], 2);
        assertArrayEquals(new float[] {1, 2, 3, 3}, c);
    }

    @Test
    void sameMeansOnAnyThreadCountAcrossDimensionChunks() {
        int n = 301;
        int dim = 150; // three chunks of dimensions, the last one short
        int k = 7;
        Random rnd = new Random(11);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 4));
        }
        int[] assign = new int[n];
        for (int i = 0; i < n; i++) {
            assign[i] = rnd.nextInt(k);
        }
        float[] want = new float[k * dim];
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < dim; d++) {
                double s = 0;
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (assign[i] == j) {
                        s += x[i * dim + d];
                        count++;
                    }
                }
                want[j * dim + d] = (float) (s / count);
            }
        }
        for (int threads = 1; threads <= 4; threads++) {
            assertArrayEquals(
                    want, Centroids.update(x, n, dim, k, assign, new float[n], threads), threads + " threads");
        }
    }
}
