package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {

    /** Every unrolled path (2x4, 1x4, tails) gives bit-identical values to the one-pair definition. */
    @Test
    void blockedKernelsAreBitIdenticalToThePairFunction() {
        Random rnd = new Random(9);
        for (int t = 0; t < 30; t++) {
            int dim = 1 + rnd.nextInt(40);
            int nq = 1 + rnd.nextInt(9);
            int ng = 1 + rnd.nextInt(23);
            float[] q = new float[nq * dim];
            float[] g = new float[ng * dim];
            for (int i = 0; i < q.length; i++) {
                q[i] = (float) rnd.nextGaussian() * 3;
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rnd.nextGaussian() * 3;
            }
            int q0 = rnd.nextInt(nq);
            int q1 = q0 + 1 + rnd.nextInt(nq - q0);
            float[] out = new float[(q1 - q0) * ng];
            Distances.block(q, q0, q1, g, ng, dim, 1 + rnd.nextInt(10), out);
            for (int i = q0; i < q1; i++) {
                for (int j = 0; j < ng; j++) {
                    float want = Distances.squaredL2(q, i * dim, g, j * dim, dim);
                    assertEquals(
                            Float.floatToRawIntBits(want),
                            Float.floatToRawIntBits(out[(i - q0) * ng + j]),
                            "q" + i + " g" + j + " dim " + dim);
                }
            }
        }
    }

    @Test
    void squaredL2HandValue() {
        assertEquals(25f, Distances.squaredL2(new float[] {0, 0, 9}, 0, new float[] {3, 4}, 0, 2));
        assertEquals(0f, Distances.squaredL2(new float[] {1, 2, 1, 2}, 0, new float[] {1, 2, 1, 2}, 2, 2));
    }
}
