package org.rambo.harness.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchInputsTest {

    @Test
    void inputsAreSeededAndInRange() {
        assertArrayEquals(BenchInputs.scores(1000, 3), BenchInputs.scores(1000, 3));
        for (float v : BenchInputs.scores(1000, 3)) {
            assertTrue(v >= -1f && v <= 1f);
        }
        assertArrayEquals(BenchInputs.embeddings(8, 4, 1), BenchInputs.embeddings(8, 4, 1));
    }

    @Test
    void everyRowHasTheRequestedShareOfPositives() {
        int rows = 5;
        int cols = 1000;
        float[] t = BenchInputs.relevance(rows, cols, 0.01, 4);
        for (int r = 0; r < rows; r++) {
            int p = 0;
            for (int c = 0; c < cols; c++) {
                float v = t[r * cols + c];
                assertTrue(v == 0f || v == 1f);
                p += (int) v;
            }
            assertEquals(10, p, "row " + r);
        }
        // at least one positive even when the share rounds to zero
        float[] one = BenchInputs.relevance(1, 10, 0.01, 4);
        float sum = 0;
        for (float v : one) {
            sum += v;
        }
        assertEquals(1f, sum);
        assertThrows(IllegalArgumentException.class, () -> BenchInputs.relevance(1, 10, 0, 4));
    }

    @Test
    void labelsGroupFourPerClass() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 2}, BenchInputs.labels(9));
    }
}
