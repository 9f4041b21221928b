package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** k-means with candidate centres from the matrix product, against the scalar k-means it replaces. */
class KMeansFastTest {

    @Test
    void upToSequentialSeedingSizeTheClustersAreThoseOfTheScalarKMeans() {
        Random rnd = new Random(31);
        int n = 2500;
        int dim = 32;
        int[] y = new int[n];
        float[] x = FastSearchTest.clustered(rnd, n, dim, y, 100, 0.9f);
        for (long seed = 0; seed < 3; seed++) {
            EvalOptions o = EvalOptions.of(new int[] {1}).withKmeans(seed, 100).withThreads(2);
            KMeans.Result fast = KMeans.cluster(x, n, dim, 100, o);
            KMeans.Result exact = KMeans.exactCluster(x, n, dim, 100, o);
            assertArrayEquals(exact.assignment(), fast.assignment(), "seed " + seed);
            assertEquals(exact.iterations(), fast.iterations());
            assertTrue(fast.iterations() > 2, "a few Lloyd passes move centres: " + fast.iterations());
            KMeans.Result other =
                    KMeans.cluster(x, n, dim, 100, o.withThreads(3).withScoreBlock(1000));
            assertArrayEquals(fast.assignment(), other.assignment());
        }
    }

    /**
     * Hundreds of classes (batched seeding): over four seeds, mean NMI within half a point of
     * k-means seeded one centre at a time (classic k-means++) on the same seeds (each seed's seeding differs, so single seeds vary by
     * about as much as two seeds of the scalar k-means do); the same clusters on any thread
     * count and block size.
     */
    @Test
    void batchedSeedingKeepsNmiWithinHalfAPoint() {
        Random rnd = new Random(32);
        int n = 3000;
        int dim = 24;
        int k = 500;
        int[] y = new int[n];
        float[] x = FastSearchTest.clustered(rnd, n, dim, y, k, 0.8f);
        double sumFast = 0;
        double sumExact = 0;
        for (long seed = 0; seed < 4; seed++) {
            EvalOptions o = EvalOptions.of(new int[] {1}).withKmeans(seed, 30).withThreads(2);
            int[] fast = KMeans.cluster(x, n, dim, k, o).assignment();
            double nmiFast = Nmi.nmi(y, fast);
            double nmiExact = Nmi.nmi(y, KMeans.exactCluster(x, n, dim, k, o, 1).assignment());
            assertEquals(nmiExact, nmiFast, 0.01, "seed " + seed);
            sumFast += nmiFast;
            sumExact += nmiExact;
            int[] again = KMeans.cluster(x, n, dim, k, o.withThreads(1).withScoreBlock(4321))
                    .assignment();
            assertArrayEquals(fast, again, "deterministic for a seed");
        }
        assertEquals(sumExact / 4, sumFast / 4, 0.005);
    }

    @Test
    void firstAboveFindsTheDrawnIndex() {
        double[] prefix = {0, 0, 1, 1, 3, 3};
        assertEquals(2, KMeansSeeding.firstAbove(prefix, 0.0));
        assertEquals(2, KMeansSeeding.firstAbove(prefix, 0.999));
        assertEquals(4, KMeansSeeding.firstAbove(prefix, 1.0));
        assertEquals(4, KMeansSeeding.firstAbove(prefix, 2.5));
        assertEquals(-1, KMeansSeeding.firstAbove(prefix, 3.0));
    }
}
