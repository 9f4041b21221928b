package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RamboRetrievalLoss ranks a blackbox loss's rows on the Java copy of the full score matrix,
 * leaving the diagonal out there; any other RankingLoss gets the engine-built matrix without the
 * diagonal and the 0/1 relevance. Both must give the same loss and the same embedding gradient,
 * bit for bit, with and without memory.
 */
class RetrievalFastPathTest {

    @ParameterizedTest
    @CsvSource({"recall, 0, 40", "recall, 2, 40", "ap, 0, 33", "ap, 3, 24", "recall, 0, 300"})
    void fastPathEqualsEngineBuiltMatrices(String kind, int memory, int batch) {
        BlackboxRankingLoss blackbox = kind.equals("recall")
                ? RecallLoss.builder().optLambda(4f).optMargin(0.02f).build()
                : ApLoss.builder().optLambda(4f).optMargin(0.02f).build();
        RankingLoss generic = blackbox::compute; // not a BlackboxRankingLoss: the engine-side path
        try (NDManager manager = NDManager.newBaseManager();
                RamboRetrievalLoss fast = RamboRetrievalLoss.builder()
                        .setRankingLoss(blackbox)
                        .optMemory(memory)
                        .build();
                RamboRetrievalLoss slow = RamboRetrievalLoss.builder()
                        .setRankingLoss(generic)
                        .optMemory(memory)
                        .build()) {
            SplittableRandom random = new SplittableRandom(7);
            for (int step = 0; step < memory + 2; step++) {
                float[] x = new float[batch * 16];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                float[] labels = new float[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = random.nextInt(Math.max(2, batch / 4));
                }
                NDArray lab = manager.create(labels);
                float[][] a = step(manager, fast, x, lab, batch);
                float[][] b = step(manager, slow, x, lab, batch);
                assertEquals(b[0][0], a[0][0], "loss at step " + step);
                assertArrayEquals(b[1], a[1], "embedding gradient at step " + step);
            }
        }
    }

    @Test
    void nonFiniteScoresAreRefusedWithTheSameMessage() {
        RecallLoss recall = RecallLoss.builder().build();
        try (NDManager manager = NDManager.newBaseManager();
                RamboRetrievalLoss fast =
                        RamboRetrievalLoss.builder().setRankingLoss(recall).build();
                RamboRetrievalLoss slow = RamboRetrievalLoss.builder()
                        .setRankingLoss(recall::compute)
                        .build()) {
            float[] x = new float[8 * 4];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 5 - 2f;
            }
            x[13] = Float.NaN;
            NDArray e = manager.create(x, new Shape(8, 4));
            NDList labels = new NDList(manager.create(new float[] {0, 0, 1, 1, 2, 2, 3, 3}));
            String a = assertThrows(IllegalArgumentException.class, () -> fast.evaluate(labels, new NDList(e)))
                    .getMessage();
            String b = assertThrows(IllegalArgumentException.class, () -> slow.evaluate(labels, new NDList(e)))
                    .getMessage();
            assertEquals(b, a);
        }
    }

    /** {loss}, {d loss / d embeddings} of one training step. */
    private static float[][] step(NDManager parent, RamboRetrievalLoss loss, float[] x, NDArray labels, int batch) {
        try (NDManager m = parent.newSubManager()) {
            NDArray e = m.create(x, new Shape(batch, x.length / batch));
            e.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                value = loss.evaluate(new NDList(labels), new NDList(e));
                c.backward(value);
            }
            return new float[][] {{value.getFloat()}, e.getGradient().toFloatArray()};
        }
    }
}
