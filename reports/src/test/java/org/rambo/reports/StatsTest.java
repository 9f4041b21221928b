package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rambo.reports.stats.Stats;

class StatsTest {

    @Test
    void meanAndSampleStd() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, Stats.mean(v), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3.0), Stats.std(v), 1e-12);
        assertTrue(Double.isNaN(Stats.std(new double[] {0.7})), "one seed has no spread");
    }

    @Test
    void bootstrapIsSeededByItsKey() {
        double[] v = {0.70, 0.72, 0.75};
        double[] a = Stats.bootstrap95(v, "default/fashion-mnist/triplet/last/recall_at_1");
        double[] b = Stats.bootstrap95(v, "default/fashion-mnist/triplet/last/recall_at_1");
        assertArrayEquals(a, b, 0.0);
        // With 3 seeds, resampling the smallest value 3 times has probability 1/27 > 2.5%, so
        // the interval reaches the extremes: it must lie within [min, max] and contain the mean.
        assertEquals(0.70, a[0], 1e-12);
        assertEquals(0.75, a[1], 1e-12);
        double[] c = Stats.bootstrap95(new double[] {0.70, 0.72, 0.75, 0.71, 0.73, 0.74}, "six");
        assertTrue(c[0] > 0.70 && c[0] < 0.725 && c[1] > 0.725 && c[1] < 0.75, c[0] + " " + c[1]);
        double[] other = Stats.bootstrap95(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, "k1");
        double[] other2 = Stats.bootstrap95(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, "k2");
        assertNotEquals(other[0], other2[0], "different cells draw different resamples");
    }

    @Test
    void bootstrapIntervalMatchesTheNormalTheoryForManySeeds() {
        // 400 draws of N(0.7, 0.05): the 95% interval of the mean is about mean +- 1.96 * sd / sqrt(n).
        SplittableRandom rnd = new SplittableRandom(1);
        double[] v = new double[400];
        for (int i = 0; i < v.length; i++) {
            double u1 = rnd.nextDouble();
            double u2 = rnd.nextDouble();
            v[i] = 0.7 + 0.05 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        double[] ci = Stats.bootstrap95(v, "theory");
        double half = 1.96 * Stats.std(v) / Math.sqrt(v.length);
        assertEquals(Stats.mean(v) - half, ci[0], 0.1 * half);
        assertEquals(Stats.mean(v) + half, ci[1], 0.1 * half);
    }

    @Test
    void degenerateInputs() {
        assertArrayEquals(new double[] {0.6, 0.6}, Stats.bootstrap95(new double[] {0.6}, "x"), 0.0);
        double[] nan = Stats.bootstrap95(new double[] {0.6, Double.NaN}, "x");
        assertTrue(Double.isNaN(nan[0]) && Double.isNaN(nan[1]), "a diverged seed poisons the interval visibly");
    }

    @Test
    void leastSquaresRecoversALine() {
        double[] fit = Stats.linearFit(new double[] {0, 1, 2, 5}, new double[] {3, 5, 7, 13});
        assertEquals(3.0, fit[0], 1e-12);
        assertEquals(2.0, fit[1], 1e-12);
        assertTrue(Double.isNaN(Stats.linearFit(new double[] {2, 2}, new double[] {1, 3})[1]));
    }
}
