package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
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
    @ValueSource(strings = {"l2", "squared-l2", "cosine"})
    void pairwiseMatchesLoops(String kind) {
        int rows = 7;
        int dim = 6;
        float[] x = LossesAgainstBruteForceTest.randomEmbeddings(3, rows, dim, 1.5f);
        // a: rows 0..3, b: rows 4..6 of x
        NDArray a = manager.create(Arrays.copyOfRange(x, 0, 4 * dim), new Shape(4, dim));
        NDArray b = manager.create(Arrays.copyOfRange(x, 4 * dim, rows * dim), new Shape(3, dim));
        NDArray d = Distance.of(kind).pairwise(a, b);
        assertEquals(new Shape(4, 3), d.getShape());
        float[] got = d.toFloatArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(
                        BruteForce.distance(kind, x, i, 4 + j, dim), got[i * 3 + j], 1e-5, kind + " " + i + "," + j);
            }
        }
    }

    @Test
    void l2GradientIsBoundedAndZeroWhereUnitVectorsCoincide() {
        // rows 0 and 1 identical, row 2 a hair away from them: the matrix-product form would
        // give a rounding-noise gradient here; explicit differences give 0 and a unit vector
        float[] x = {0.6f, 0.8f, 0f, 0.6f, 0.8f, 0f, 0.6f, 0.79999f, 0.00001f};
        NDArray e = manager.create(x, new Shape(3, 3));
        e.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray d = new L2Distance().pairwise(e, e);
            assertEquals(0.0, d.getFloat(0, 1), 1e-6);
            c.backward(d.get("0, 1").add(d.get("0, 2")));
        }
        float[] g = e.getGradient().toFloatArray();
        // d(0,1) contributes nothing; d(0,2) contributes (x0 - x2)/|x0 - x2| to row 0
        double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
        assertEquals(1.0, norm, 1e-2, "row 0: a unit vector");
        assertEquals(0.0, g[3] * g[3] + g[4] * g[4] + g[5] * g[5], 1e-12, "row 1: no gradient from a coincident pair");
    }

    @Test
    void unknownDistanceIsNamed() {
        assertEquals(
                "unknown distance 'l1'; valid: l2, squared-l2, cosine",
                assertThrows(IllegalArgumentException.class, () -> Distance.of("l1"))
                        .getMessage());
    }
}
