package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DJL autograd of each loss against central finite differences of its double-precision brute
 * force. The piecewise-linear losses are checked on random batches, where no pair sits within h
 * of a kink (the FD and the gradient would then disagree, and the test would say so).
 */
class GradientsTest {

    static final int N = 8;
    static final int DIM = 4;
    static final double H = 1e-3;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private final int[] y = LossesAgainstBruteForceTest.labels(N, 2);

    private float[] x(long seed) {
        return LossesAgainstBruteForceTest.randomEmbeddings(seed, N, DIM, 1f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void smoothAp(int chunk) {
        checkEmbeddings(
                SmoothApLoss.builder().optTemperature(0.2f).optChunk(chunk).build(),
                x(11),
                v -> BruteForce.smoothAp(v, y, DIM, 0.2),
                2e-3);
    }

    @Test
    void fastAp() {
        checkEmbeddings(FastApLoss.builder().optBins(10).build(), x(12), v -> BruteForce.fastAp(v, y, DIM, 10), 2e-3);
    }

    @Test
    void contrastive() {
        for (String distance : new String[] {"l2", "cosine"}) {
            double neg = distance.equals("l2") ? 1.5 : 0.8;
            checkEmbeddings(
                    ContrastiveLoss.builder()
                            .optPositiveMargin(0.1f)
                            .optNegativeMargin((float) neg)
                            .optDistance(Distance.of(distance))
                            .optReduction(Reduction.MEAN_ALL)
                            .build(),
                    x(13),
                    v -> BruteForce.contrastive(v, y, DIM, distance, 0.1, neg, false),
                    2e-3);
        }
    }

    @Test
    void triplet() {
        List<Triplet> all = BruteForce.allTriplets(y);
        for (String distance : new String[] {"l2", "cosine"}) {
            double margin = distance.equals("l2") ? 0.4 : 0.2;
            for (Reduction r : Reduction.values()) {
                checkEmbeddings(
                        TripletLoss.builder()
                                .optMargin((float) margin)
                                .optDistance(Distance.of(distance))
                                .optReduction(r)
                                .build(),
                        x(14),
                        v -> BruteForce.triplet(v, DIM, distance, all, margin, r == Reduction.MEAN_NONZERO),
                        2e-3);
            }
        }
    }

    @Test
    void marginLossWithRespectToEmbeddingsAndBeta() {
        float[] x = x(15);
        List<Pair> pairs = List.of(
                new Pair(0, 2, true),
                new Pair(0, 1, false),
                new Pair(1, 3, true),
                new Pair(1, 4, false),
                new Pair(5, 7, true),
                new Pair(5, 2, false),
                new Pair(6, 4, true));
        float[] beta = {0.9f, 1.1f};
        MarginLoss loss = MarginLoss.builder()
                .optAlpha(0.4f)
                .optClasses(2)
                .optNu(0.1f)
                .optSampler(new LossesAgainstBruteForceTest.FixedPairs(pairs))
                .optReduction(Reduction.MEAN_ALL)
                .build();
        double[] b = {0.9, 1.1};
        double expected = BruteForce.margin(x, y, DIM, pairs, 0.4, b, 0.1, false);
        assertTrue(expected > 0.1, "active terms");

        NDArray emb = manager.create(x, new Shape(N, DIM));
        NDArray betaArray = manager.create(beta);
        emb.setRequiresGradient(true);
        betaArray.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.evaluate(
                    new NDList(manager.create(LossesAgainstBruteForceTest.asFloats(y))), new NDList(emb, betaArray));
            assertEquals(expected, value.getFloat(), 1e-5);
            c.backward(value);
        }
        float[] gx = emb.getGradient().toFloatArray();
        for (int i = 0; i < x.length; i++) {
            float[] plus = x.clone();
            float[] minus = x.clone();
            plus[i] += (float) H;
            minus[i] -= (float) H;
            double fd = (BruteForce.margin(plus, y, DIM, pairs, 0.4, b, 0.1, false)
                            - BruteForce.margin(minus, y, DIM, pairs, 0.4, b, 0.1, false))
                    / (2 * H);
            assertEquals(fd, gx[i], 2e-3, "d loss / d x[" + i + "]");
        }
        float[] gb = betaArray.getGradient().toFloatArray();
        for (int c = 0; c < 2; c++) {
            double[] plus = b.clone();
            double[] minus = b.clone();
            plus[c] += H;
            minus[c] -= H;
            double fd = (BruteForce.margin(x, y, DIM, pairs, 0.4, plus, 0.1, false)
                            - BruteForce.margin(x, y, DIM, pairs, 0.4, minus, 0.1, false))
                    / (2 * H);
            assertTrue(Math.abs(fd) > 0.05, "beta " + c + " matters");
            assertEquals(fd, gb[c], 1e-3, "d loss / d beta[" + c + "]");
        }
    }

    private void checkEmbeddings(Loss loss, float[] x, ToDoubleFunction<float[]> bruteForce, double tolerance) {
        NDArray emb = manager.create(x, new Shape(N, DIM));
        emb.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(loss.evaluate(
                    new NDList(manager.create(LossesAgainstBruteForceTest.asFloats(y))), new NDList(emb)));
        }
        float[] grad = emb.getGradient().toFloatArray();
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
            float[] plus = x.clone();
            float[] minus = x.clone();
            plus[i] += (float) H;
            minus[i] -= (float) H;
            double fd =
                    (bruteForce.applyAsDouble(plus) - bruteForce.applyAsDouble(minus)) / ((double) plus[i] - minus[i]);
            largest = Math.max(largest, Math.abs(fd));
            assertEquals(fd, grad[i], tolerance, loss + ": d loss / d x[" + i + "]");
        }
        assertTrue(largest > 0.01, loss + ": the gradient is not trivially zero (largest " + largest + ")");
    }
}
