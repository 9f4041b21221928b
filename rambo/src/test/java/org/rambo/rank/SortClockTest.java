package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sort clock counts the time of a loss's sorts and resets when read. */
class SortClockTest {

    @Test
    void countsSortTimeOfALossAndResets() {
        SortClock.takeNanos();
        int rows = 64;
        int cols = 4096;
        float[] y = new float[rows * cols];
        float[] t = new float[rows * cols];
        Random r = new Random(1);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextGaussian();
            t[i] = r.nextInt(10) == 0 ? 1 : 0;
        }
        long before = System.nanoTime();
        ApLoss.builder().build().lossAndGradient(y, t, rows, cols);
        long total = System.nanoTime() - before;
        long sorting = SortClock.takeNanos();
        assertTrue(sorting > 0 && sorting <= total, "sort time " + sorting + " of " + total);
        assertEquals(0, SortClock.takeNanos());
    }
}
