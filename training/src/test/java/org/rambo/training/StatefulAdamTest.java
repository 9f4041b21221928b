package org.rambo.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both Adam kernels against Adam written out in doubles (Kingma and Ba, Algorithm 1), and a
 * restored state continuing exactly as the state it was saved from.
 */
class StatefulAdamTest {

    private static final float[] START = {0.5f, -1.25f, 2f};
    private static final float[][] GRADS = {{0.1f, -0.4f, 1.5f}, {-0.2f, 0.3f, 0.05f}, {0.7f, 0.7f, -0.9f}};
    private static final float LR = 0.01f;

    /** Adam's weights after each gradient; {@code epsInsideCorrection}: eps added to sqrt(v / c2), else to sqrt(v). */
    private static double[] oracle(boolean epsInsideCorrection) {
        double[] w = new double[START.length];
        double[] m = new double[START.length];
        double[] v = new double[START.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = START[i];
        }
        for (int t = 1; t <= GRADS.length; t++) {
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                w[i] -= epsInsideCorrection
                        ? LR * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8)
                        : LR * Math.sqrt(c2) / c1 * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        return w;
    }

    private static float[] train(StatefulAdam adam, int fromStep, float[] start, NDManager manager) {
        NDArray w = manager.create(start);
        for (int t = fromStep; t < GRADS.length; t++) {
            adam.update("id-w", w, manager.create(GRADS[t]));
        }
        return w.toFloatArray();
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "weight " + i);
        }
    }

    @Test
    void composedAdamIsAdam() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StatefulAdam adam = StatefulAdam.adam(LR, 0f, Map.of("id-w", "w"), name -> 1.0);
            assertClose(oracle(true), train(adam, 0, START, manager));
            assertEquals(Map.of("w", 3), adam.stepCounts());
        }
    }

    @Test
    void fusedAdamIsAdam() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StatefulAdam adam = StatefulAdam.fusedAdam(LR, Map.of("id-w", "w"));
            assertClose(oracle(false), train(adam, 0, START, manager));
            assertEquals(Map.of("w", 3), adam.stepCounts());
        }
    }

    @Test
    void aRestoredStateContinuesBitForBit() {
        for (boolean fused : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                StatefulAdam straight = make(fused);
                float[] end = train(straight, 0, START, manager);

                StatefulAdam first = make(fused);
                NDArray w = manager.create(START);
                first.update("id-w", w, manager.create(GRADS[0]));
                NDList saved = first.stateArrays();
                assertEquals(2, saved.size());
                assertEquals("m:w", saved.get(0).getName());
                assertEquals("v:w", saved.get(1).getName());
                StatefulAdam resumed = make(fused);
                resumed.restore(saved, first.stepCounts(), manager);
                assertArrayEquals(end, train(resumed, 1, w.toFloatArray(), manager), "fused " + fused);
            }
        }
    }

    private static StatefulAdam make(boolean fused) {
        return fused
                ? StatefulAdam.fusedAdam(LR, Map.of("id-w", "w"))
                : StatefulAdam.adam(LR, 0f, Map.of("id-w", "w"), name -> 1.0);
    }
}
