package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The box and class losses give the same gradient bits when a garbage collection falls between
 * their forward and backward pass: the numbers their backward reads (the 1/2 of smooth L1, the
 * division by the positives) live in memory the engine owns, not in a Java buffer a collection
 * may free.
 */
class DetectionLossesAfterCollectionTest {

    private static final int B = 2;
    private static final int N = 6;
    private static final int K = 3;

    @Test
    void smoothL1() throws InterruptedException {
        float[] targets = values(B * N * 4, 5, 1.5f);
        float[] foreground = {1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0};
        Function<NDArray, NDArray> loss = preds -> DetectionLosses.smoothL1(
                preds,
                preds.getManager().create(targets, new Shape(B, N, 4)),
                preds.getManager().create(foreground, new Shape(B, N)));
        assertSameGradient(values(B * N * 4, 3, 2f), new Shape(B, N * 4), loss);
    }

    @Test
    void crossEntropy() throws InterruptedException {
        int[][] targets = {{0, 2, 0, 0, 1, 0}, {0, 0, 2, 0, 0, 0}};
        assertSameGradient(
                values(B * N * K, 7, 3f), new Shape(B, N, K), logits -> DetectionLosses.crossEntropy(logits, targets));
    }

    /** Deterministic values in [-scale, scale]. */
    private static float[] values(int n, long seed, float scale) {
        float[] v = new float[n];
        long s = seed;
        for (int i = 0; i < n; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            v[i] = scale * ((s >>> 40) / (float) (1L << 24) * 2 - 1);
        }
        return v;
    }

    private static void assertSameGradient(float[] x, Shape shape, Function<NDArray, NDArray> loss)
            throws InterruptedException {
        float[] plain = gradient(x, shape, loss, false);
        float[] collected = gradient(x, shape, loss, true);
        double largest = 0;
        for (float g : plain) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertTrue(largest > 1e-3, "the gradient is not trivially zero (largest " + largest + ")");
        assertArrayEquals(plain, collected);
    }

    private static float[] gradient(float[] x, Shape shape, Function<NDArray, NDArray> loss, boolean collect)
            throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray input = m.create(x, shape);
            input.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.apply(input);
                if (collect) {
                    freeUnreachableBuffers();
                }
                c.backward(value);
            }
            return input.getGradient().toFloatArray();
        }
    }

    /**
     * Collects garbage until the cleaners of unreachable direct buffers have freed their memory:
     * a buffer made for the purpose and dropped is seen to go.
     */
    private static void freeUnreachableBuffers() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
        ByteBuffer sentinel = ByteBuffer.allocateDirect(64);
        long withSentinel = direct.getCount();
        sentinel = null;
        for (int i = 0; i < 200 && direct.getCount() >= withSentinel; i++) {
            System.gc();
            Thread.sleep(5);
        }
        assertTrue(direct.getCount() < withSentinel, "a dropped direct buffer was freed");
    }
}
