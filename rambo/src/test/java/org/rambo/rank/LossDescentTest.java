package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain gradient descent on a random score matrix, with the blackbox gradient from DJL
 * autograd, raises the exact metrics computed by sorting: mean AP and recall@1.
 */
class LossDescentTest {

    static Stream<Arguments> losses() {
        return Stream.of(
                // lambda large enough that lambda * dL/drank moves ranks: the blackbox
                // gradient is zero where the perturbation changes no rank
                Arguments.of("recall log1p", RecallLoss.builder().optLambda(20f).build()),
                Arguments.of(
                        "recall loglog1p",
                        RecallLoss.builder()
                                .optLambda(20f)
                                .optWeight(RecallLoss.Weight.LOGLOG1P)
                                .build()),
                Arguments.of(
                        "recall identity",
                        RecallLoss.builder()
                                .optLambda(20f)
                                .optWeight(RecallLoss.Weight.IDENTITY)
                                .build()),
                Arguments.of(
                        "recall per-query",
                        RecallLoss.builder()
                                .optReduction(RecallLoss.Reduction.PER_QUERY_MEAN)
                                .build()),
                Arguments.of("ap", ApLoss.builder().optLambda(20f).build()),
                Arguments.of(
                        "ap noisy + apc",
                        ApLoss.builder()
                                .optMargin(0.1f)
                                .optMarginNoise(true, 7L)
                                .optApcWeight(0.33f)
                                .build()));
    }

    /** Exact mean AP over rows with a positive, by sorting (descending, ties by index). */
    static double exactMeanAp(float[] y, float[] t, int rows, int cols) {
        double sum = 0;
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            Integer[] order = order(y, r, cols);
            int seen = 0;
            double ap = 0;
            for (int pos = 0; pos < cols; pos++) {
                if (t[r * cols + order[pos]] == 1f) {
                    seen++;
                    ap += (double) seen / (pos + 1);
                }
            }
            if (seen > 0) {
                sum += ap / seen;
                counted++;
            }
        }
        return sum / counted;
    }

    /** Fraction of rows whose top-scored item is relevant. */
    static double exactRecallAt1(float[] y, float[] t, int rows, int cols) {
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += t[r * cols + order(y, r, cols)[0]] == 1f ? 1 : 0;
        }
        return (double) hits / rows;
    }

    private static Integer[] order(float[] y, int r, int cols) {
        Integer[] idx = new Integer[cols];
        for (int i = 0; i < cols; i++) {
            idx[i] = i;
        }
        Arrays.sort(
                idx, Comparator.comparingDouble((Integer i) -> -y[r * cols + i]).thenComparingInt(i -> i));
        return idx;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientDescentRaisesExactApAndRecall(String name, RankingLoss loss) {
        int rows = 6;
        int cols = 40;
        Random random = new Random(11);
        float[] y = new float[rows * cols];
        float[] t = new float[rows * cols];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextGaussian();
            t[i] = random.nextInt(4) == 0 ? 1f : 0f;
        }
        for (int r = 0; r < rows; r++) {
            t[r * cols + random.nextInt(cols)] = 1f; // every row has a positive
        }
        double apBefore = exactMeanAp(y, t, rows, cols);
        double recallBefore = exactRecallAt1(y, t, rows, cols);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray relevance = manager.create(t, new Shape(rows, cols));
            NDArray scores = manager.create(y, new Shape(rows, cols));
            for (int step = 0; step < 150; step++) {
                scores.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.compute(scores, relevance));
                }
                NDArray grad = scores.getGradient();
                // normalise the step so every loss moves the scores by a comparable amount
                float scale = 0.1f / Math.max(1e-12f, grad.abs().max().getFloat());
                scores = scores.sub(grad.mul(scale)).stopGradient();
            }
            float[] after = scores.toFloatArray();
            double apAfter = exactMeanAp(after, t, rows, cols);
            double recallAfter = exactRecallAt1(after, t, rows, cols);
            assertTrue(apAfter > apBefore + 0.15, name + ": mean AP " + apBefore + " -> " + apAfter);
            assertTrue(recallAfter >= recallBefore + 0.5, name + ": recall@1 " + recallBefore + " -> " + recallAfter);
        }
    }
}
