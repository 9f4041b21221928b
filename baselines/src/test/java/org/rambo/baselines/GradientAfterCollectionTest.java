package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A garbage collection between a loss's forward and backward pass changes no gradient bit. A
 * number the backward pass reads (a product's factor, a maximum's bound) must live in memory the
 * engine owns: when it lived in a Java buffer nobody referenced any more, the collection freed it
 * and the backward read the allocator's bookkeeping instead; training then took a different step
 * whenever a collection (driven by other threads' allocations) fell into that window.
 */
class GradientAfterCollectionTest {

    static final int N = 12;
    static final int DIM = 5;

    /** Every built-in loss with its defaults, and variants that take other code paths. */
    static Stream<String> specs() {
        return Stream.concat(
                LossRegistry.definitions().stream().map(LossProvider::name).filter(n -> !n.startsWith("test-")),
                Stream.of(
                        "contrastive:pos=0,neg=0.5",
                        "contrastive:pos=0.1,neg=0.5,distance=cosine,reduction=all",
                        "triplet:margin=0.1,mining=semihard,distance=cosine,reduction=all",
                        "margin:classes=3,nu=0.1",
                        "smooth-ap:tau=0.05"));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void aCollectionBeforeBackwardChangesNoGradient(String spec) throws InterruptedException {
        float[][] plain = gradients(spec, false);
        float[][] collected = gradients(spec, true);
        double largest = 0;
        for (float v : plain[0]) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-3, spec + ": the gradient is not trivially zero (largest " + largest + ")");
        for (int i = 0; i < plain.length; i++) {
            assertArrayEquals(plain[i], collected[i], spec + ": gradient " + i + " after a collection");
        }
    }

    /** The gradients of a fresh loss of {@code spec} (embeddings, and beta for the margin loss). */
    private static float[][] gradients(String spec, boolean collectBeforeBackward) throws InterruptedException {
        Loss loss = LossRegistry.build(spec);
        boolean margin = loss instanceof MarginLoss;
        int classes = spec.contains("classes=3") ? 3 : 1;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray emb =
                    manager.create(LossesAgainstBruteForceTest.randomEmbeddings(21, N, DIM, 0.6f), new Shape(N, DIM));
            emb.setRequiresGradient(true);
            NDArray beta = manager.create(Arrays.copyOf(new float[] {1.0f, 1.1f, 1.2f}, classes));
            beta.setRequiresGradient(true);
            NDList labels = new NDList(
                    manager.create(LossesAgainstBruteForceTest.asFloats(LossesAgainstBruteForceTest.labels(N, 3))));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(labels, margin ? new NDList(emb, beta) : new NDList(emb));
                if (collectBeforeBackward) {
                    freeUnreachableBuffers();
                }
                c.backward(value);
            }
            return margin
                    ? new float[][] {
                        emb.getGradient().toFloatArray(), beta.getGradient().toFloatArray()
                    }
                    : new float[][] {emb.getGradient().toFloatArray()};
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
