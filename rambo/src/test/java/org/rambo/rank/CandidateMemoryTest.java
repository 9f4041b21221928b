package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The score memory: τ batches kept, no gradient into them, the query's own column removed. */
class CandidateMemoryTest {

    static final int B = 6;
    static final int D = 4;

    /** Records the score-matrix shapes it sees, then delegates. */
    static final class ShapeSpy implements RankingLoss {
        final List<Shape> shapes = new ArrayList<>();
        final List<float[]> relevances = new ArrayList<>();
        final RankingLoss inner = RecallLoss.builder().build();

        @Override
        public NDArray compute(NDArray scores, NDArray relevance) {
            shapes.add(scores.getShape());
            relevances.add(relevance.toFloatArray());
            return inner.compute(scores, relevance);
        }
    }

    private static NDArray randomBatch(NDManager m, Random r) {
        float[] x = new float[B * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return m.create(x, new Shape(B, D));
    }

    @Test
    void candidatesGrowToTauBatchesAndStay() {
        ShapeSpy spy = new ShapeSpy();
        Random random = new Random(3);
        try (NDManager m = NDManager.newBaseManager();
                RamboRetrievalLoss loss = RamboRetrievalLoss.builder()
                        .setRankingLoss(spy)
                        .optMemory(2)
                        .build()) {
            NDArray labels = m.create(new float[] {0, 0, 1, 1, 2, 2});
            for (int step = 0; step < 5; step++) {
                NDArray emb = randomBatch(m, random);
                emb.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(loss.evaluate(new NDList(labels), new NDList(emb)));
                }
                assertEquals(Math.min(step + 1, 2), loss.memory().size());
                assertEquals(Math.min(step + 1, 2) * (long) B, loss.memory().candidateCount());
            }
            // candidates = batch + min(step, τ) stored batches, minus the query itself
            long[] widths = spy.shapes.stream().mapToLong(s -> s.get(1)).toArray();
            assertArrayEquals(new long[] {5, 11, 17, 17, 17}, widths);
            // first step: query 0 (label 0) sees candidates 1..5 -> only candidate 1 is relevant
            assertArrayEquals(new float[] {1, 0, 0, 0, 0}, java.util.Arrays.copyOf(spy.relevances.get(0), 5));
        }
    }

    @Test
    void noGradientReachesMemory() {
        Random random = new Random(4);
        try (NDManager m = NDManager.newBaseManager();
                RamboRetrievalLoss loss = RamboRetrievalLoss.builder()
                        .setRankingLoss(ApLoss.builder().build())
                        .optMemory(3)
                        .build()) {
            NDArray labels = m.create(new float[] {0, 1, 0, 1, 2, 2});
            NDArray first = randomBatch(m, random);
            first.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(loss.evaluate(new NDList(labels), new NDList(first)));
            }
            float[] firstGrad = first.getGradient().toFloatArray();
            assertNotEquals(0f, maxAbs(firstGrad), "the first batch itself must get a gradient");

            NDArray second = randomBatch(m, random);
            second.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(loss.evaluate(new NDList(labels), new NDList(second)));
            }
            // the first batch is now a memory candidate of the second; its gradient is unchanged
            assertArrayEquals(firstGrad, first.getGradient().toFloatArray(), 0f);
            assertNotEquals(0f, maxAbs(second.getGradient().toFloatArray()));
            NDList stored = loss.memory().stored("none", m);
            assertFalse(stored.get(0).hasGradient(), "stored embeddings must not require gradient");
            assertEquals(new Shape(2L * B, D), stored.get(0).getShape());
        }
    }

    @Test
    @SuppressWarnings("try") // a GradientCollector is used only for its scope: it records while open
    void evaluatingTheSameBatchTwiceGivesTheSameLossAndStoresItOnce() {
        Random random = new Random(5);
        try (NDManager m = NDManager.newBaseManager();
                RamboRetrievalLoss loss = RamboRetrievalLoss.builder()
                        .setRankingLoss(RecallLoss.builder().build())
                        .optMemory(4)
                        .build()) {
            NDArray labels = m.create(new float[] {0, 1, 0, 1, 2, 2});
            NDArray a = randomBatch(m, random);
            a.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                loss.evaluate(new NDList(labels), new NDList(a));
            }
            NDArray b = randomBatch(m, random);
            b.setRequiresGradient(true);
            float once;
            float twice;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                once = loss.evaluate(new NDList(labels), new NDList(b)).getFloat();
                twice = loss.evaluate(new NDList(labels), new NDList(b)).getFloat();
            }
            assertEquals(once, twice, 0f);
            assertEquals(2, loss.memory().size());
            // outside a GradientCollector (evaluation) nothing is stored
            loss.evaluate(new NDList(labels), new NDList(randomBatch(m, random)));
            assertEquals(2, loss.memory().size());
        }
    }

    private static float maxAbs(float[] x) {
        float m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
