package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The distance pieces against double-precision loops, and L2's gradient where points coincide. */
class DistanceTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"l2", "cosine"})
    void pairwiseMatchesLoops(String kind) {
        int rows = 7;
        int dim = 6;
        float[] x = LossesAgainstBruteForceTest.randomEmbeddings(3, rows, dim, 1.5f);
        // a: rows 0..3, b: rows 4..6 of x
        NDArray a = manager.create(java.util.Arrays.copyOfRange(x, 0, 4 * dim), new Shape(4, dim));
        NDArray b = manager.create(java.util.Arrays.copyOfRange(x, 4 * dim, rows * dim), new Shape(3, dim));
        NDArray d = Distance.of(kind).pairwise(a, b);
        assertEquals(new Shape(4, 3), d.getShape());
        float[] got = d.toFloatArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(BruteForce.distance(kind, x, i, 4 + j, dim), got[i * 3 + j], 1e-5, kind + " " + i + "," + j);
            }
        }
    }

    @Test
    void l2IsExactForNearPointsAndItsGradientIsTheUnitDirection() {
        // rows 0 and 1 coincide; row 2 is 2.8e-4 from them. In float32, |a|² + |b|² - 2ab has an
        // error of ~1e-7, as large as the true squared distance 8e-8 here.
        float[] x = {0.6f, 0.8f, 0f, 0.6f, 0.8f, 0f, 0.6f, 0.7998f, 0.0002f};
        NDArray e = manager.create(x, new Shape(3, 3));
        e.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray d = new L2Distance().pairwise(e, e);
            assertEquals(BruteForce.l2(x, 0, 2, 3), d.getFloat(0, 2), 1e-9);
            assertEquals(BruteForce.l2(x, 0, 1, 3), d.getFloat(0, 1), 1e-9);
            c.backward(d.get("0, 1").add(d.get("0, 2")));
        }
        float[] g = e.getGradient().toFloatArray();
        double dist = BruteForce.l2(x, 0, 2, 3);
        for (int k = 0; k < 3; k++) {
            // row 0: (x0 - x2) / |x0 - x2| from d(0,2), nothing from the coincident pair d(0,1)
            assertEquals((x[k] - x[6 + k]) / dist, g[k], 1e-3, "row 0, coordinate " + k);
            assertEquals(0.0, g[3 + k], 0.0, "row 1: no gradient from a coincident pair");
            assertEquals(-(x[k] - x[6 + k]) / dist, g[6 + k], 1e-3, "row 2, coordinate " + k);
        }
    }

    @Test
    void unknownDistanceIsNamed() {
        assertEquals("unknown distance 'l1'; valid: l2, cosine",
                assertThrows(IllegalArgumentException.class, () -> Distance.of("l1")).getMessage());
    }
}
