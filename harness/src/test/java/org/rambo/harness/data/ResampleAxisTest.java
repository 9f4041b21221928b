package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResampleAxisTest {

    @Test
    void halvingHasPillowsWeights() {
        // 16 -> 8: support 2, output 3 centred on source 7; taps 5..8 with triangle weights
        // 0.25, 0.75, 0.75, 0.25 (sum 2) -> 1/8, 3/8, 3/8, 1/8 of 2^22
        ResampleAxis a = ResampleAxis.of(16, 8, 3, 1);
        assertEquals(5, a.first[0]);
        assertEquals(4, a.taps[0]);
        assertArrayEquals(new int[] {524288, 1572864, 1572864, 524288}, java.util.Arrays.copyOfRange(a.weights, 0, 4));
        // the last output: taps 13..15 only, 0.25, 0.75, 0.75 -> 1/7, 3/7, 3/7, rounded
        ResampleAxis last = ResampleAxis.of(16, 8, 7, 1);
        assertEquals(13, last.first[0]);
        assertEquals(3, last.taps[0]);
        assertArrayEquals(
                new int[] {(int) (0.5 + 4194304.0 / 7), (int) (0.5 + 3 * 4194304.0 / 7), (int) (0.5 + 3 * 4194304.0 / 7)
                },
                java.util.Arrays.copyOfRange(last.weights, 0, 3));
    }

    @Test
    void paddingKeepsEverySum() {
        int in = 23;
        ResampleAxis a = ResampleAxis.of(in, 9, 0, 9);
        int[] row = new int[in];
        for (int i = 0; i < in; i++) {
            row[i] = (i * 97 + 13) % 256;
        }
        int width = 6;
        int[] p = a.padded(width, in);
        for (int x = 0; x < 9; x++) {
            long plain = 0;
            for (int t = 0; t < a.taps[x]; t++) {
                plain += (long) row[a.first[x] + t] * a.weights[x * a.ksize + t];
            }
            long padded = 0;
            for (int t = 0; t < width; t++) {
                padded += (long) row[p[x] + t] * p[9 + x * width + t];
            }
            assertEquals(plain, padded, "x=" + x);
            assertEquals(true, p[x] + width <= in, "inside the row");
        }
        // the last output's taps end at the row's end: its start moved left, zeros first
        assertEquals(in - width, p[8]);
        assertEquals(0, p[9 + 8 * width]);
    }
}
