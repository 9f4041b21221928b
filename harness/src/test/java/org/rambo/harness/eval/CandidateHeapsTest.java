package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The candidate heaps fed tile by tile as the symmetric search feeds them (rows of every tile on
 * and above the diagonal, columns of those above it) keep, for each query, exactly the cap
 * smallest v = |g_j|^2 / 2 - s_ij over the other items: checked against sorting each full row.
 */
class CandidateHeapsTest {

    @Test
    void tilesFedByRowsAndColumnsKeepEachQuerysSmallestValues() {
        Random rnd = new Random(7);
        int n = 23;
        float[] s = new float[n * n]; // a symmetric score matrix
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                s[i * n + j] = s[j * n + i] = (float) rnd.nextGaussian();
            }
        }
        double[] gn = new double[n];
        for (int j = 0; j < n; j++) {
            gn[j] = 1 + rnd.nextDouble();
        }
        int[] cap = new int[n];
        for (int i = 0; i < n; i++) {
            cap[i] = i % 5 == 4 ? 0 : 1 + i % 7; // some queries take nothing
        }
        for (int tile : new int[] {1, 4, 5, 23}) {
            CandidateHeaps heaps = new CandidateHeaps(cap.clone());
            for (int r0 = 0; r0 < n; r0 += tile) {
                int r1 = Math.min(n, r0 + tile);
                for (int c0 = r0; c0 < n; c0 += tile) {
                    int c1 = Math.min(n, c0 + tile);
                    float[] block = new float[(r1 - r0) * (c1 - c0)];
                    for (int i = r0; i < r1; i++) {
                        for (int j = c0; j < c1; j++) {
                            block[(i - r0) * (c1 - c0) + j - c0] = s[i * n + j];
                        }
                    }
                    heaps.scanRows(block, gn, r0, c0, c1, r0, r1);
                    if (c0 != r0) {
                        heaps.scanColumns(block, gn, r0, r1, c0, c1, c0, c1);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                int q = i;
                int[] expected = IntStream.range(0, n)
                        .filter(j -> j != q)
                        .boxed()
                        .sorted(Comparator.comparingDouble(j -> 0.5 * gn[j] - s[q * n + j]))
                        .limit(cap[i])
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
                int[] kept = Arrays.copyOfRange(heaps.items, heaps.offset[i], heaps.offset[i] + cap[i]);
                Arrays.sort(kept);
                assertArrayEquals(expected, kept, "query " + i + ", tiles of " + tile);
                double largest = Arrays.stream(expected)
                        .mapToDouble(j -> 0.5 * gn[j] - s[q * n + j])
                        .max()
                        .orElse(0);
                if (cap[i] > 0) {
                    assertEquals(largest, heaps.values[heaps.offset[i]], "the heap's root is its largest value");
                }
            }
        }
    }

    @Test
    void symmetricTilesAreAtMostTheBlockAndTheSideLimit() {
        assertEquals(1, NeighbourSearch.symmetricTiles(100, 16_777_216L));
        assertEquals(3, NeighbourSearch.symmetricTiles(5924, 16_777_216L)); // 2048 a side at most
        assertEquals(30, NeighbourSearch.symmetricTiles(60502, 16_777_216L));
        assertEquals(10, NeighbourSearch.symmetricTiles(100, 100)); // 10 x 10 scores a tile
    }
}
