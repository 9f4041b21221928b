package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Scalars}: the same bits as DJL's number arithmetic, and a backward pass that still
 * reads the number after a garbage collection freed every unreachable Java buffer.
 */
class ScalarsTest {

    private static final float[] X = {-1.5f, -0.25f, 0f, 0.3f, 2f};

    @Test
    void theSameBitsAsDjlsNumberArithmetic() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            assertArrayEquals(x.mul(-2f).toFloatArray(), Scalars.mul(x, -2f).toFloatArray());
            assertArrayEquals(x.mul(0.1f).toFloatArray(), Scalars.mul(x, 0.1f).toFloatArray());
            assertArrayEquals(x.div(0.05f).toFloatArray(), Scalars.div(x, 0.05f).toFloatArray());
            assertArrayEquals(x.div(3f).toFloatArray(), Scalars.div(x, 3f).toFloatArray());
            assertArrayEquals(
                    x.maximum(0f).toFloatArray(), Scalars.maximum(x, 0f).toFloatArray());
            assertArrayEquals(
                    x.maximum(1e-12f).toFloatArray(), Scalars.maximum(x, 1e-12f).toFloatArray());
        }
    }

    @Test
    void productGradientAfterACollection() throws InterruptedException {
        // d/dx sum(3x) = 3
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f, 3f}, gradientAfterCollection(x -> Scalars.mul(x, 3f)));
    }

    @Test
    void quotientGradientAfterACollection() throws InterruptedException {
        // d/dx sum(x / 4) = 1/4, exact in binary
        assertArrayEquals(
                new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f}, gradientAfterCollection(x -> Scalars.div(x, 4f)));
    }

    @Test
    void maximumGradientAfterACollection() throws InterruptedException {
        // d/dx sum(max(x, 0.1)) = 1 where x > 0.1, else 0
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f}, gradientAfterCollection(x -> Scalars.maximum(x, 0.1f)));
    }

    /**
     * DJL's own {@code mul(Number)} under the same collection: its number is gone by the backward
     * pass. This is the hazard {@link Scalars} exists for; if a DJL release makes it keep the
     * number, this test says so and the class can go.
     */
    @Test
    void djlsNumberArithmeticLosesItsNumberInACollection() throws InterruptedException {
        float[] g = gradientAfterCollection(x -> x.mul(3f));
        assertTrue(g[0] != 3f, "DJL's number survived the collection: gradient " + g[0]);
    }

    private static float[] gradientAfterCollection(Function<NDArray, NDArray> f) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                freeUnreachableBuffers();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /**
     * Collects garbage until the cleaners of unreachable direct buffers have freed their memory:
     * a buffer made for the purpose and dropped is seen to go.
     */
    static void freeUnreachableBuffers() throws InterruptedException {
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
