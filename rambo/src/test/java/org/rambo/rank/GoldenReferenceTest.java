package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of golden/rambo-reference.json (a float64 port of the public reference code):
 * loss within 1e-5 relative, gradient w.r.t. scores within 1e-5 absolute, element by element.
 */
class GoldenReferenceTest {

    record Case(
            int index,
            String loss,
            JsonNode params,
            float[] scores,
            float[] relevance,
            int rows,
            int cols,
            double expectedLoss,
            double[] expectedGrad) {
        @Override
        public String toString() {
            return "case " + index + " " + loss + " " + params;
        }
    }

    static Stream<Case> cases() throws IOException {
        JsonNode root;
        try (InputStream in = GoldenReferenceTest.class.getResourceAsStream("/golden/rambo-reference.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Case> out = new ArrayList<>();
        int index = 0;
        for (JsonNode c : root.get("cases")) {
            JsonNode s = c.get("scores");
            int rows = s.size();
            int cols = s.get(0).size();
            float[] scores = new float[rows * cols];
            float[] rel = new float[rows * cols];
            double[] grad = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    scores[r * cols + k] = (float) s.get(r).get(k).asDouble();
                    rel[r * cols + k] = (float) c.get("relevance").get(r).get(k).asDouble();
                    grad[r * cols + k] = c.get("expected_grad").get(r).get(k).asDouble();
                }
            }
            out.add(new Case(
                    index++,
                    c.get("loss").asText(),
                    c.get("params"),
                    scores,
                    rel,
                    rows,
                    cols,
                    c.get("expected_loss").asDouble(),
                    grad));
        }
        assertEquals(12, out.size(), "golden file should hold 12 cases");
        return out.stream();
    }

    static RankingLoss lossFor(Case c) {
        float lambda = (float) c.params().get("lambda").asDouble();
        float margin = (float) c.params().get("margin").asDouble();
        if (c.loss().equals("recall")) {
            RecallLoss.Weight w = switch (c.params().get("weight").asText()) {
                case "identity" -> RecallLoss.Weight.IDENTITY;
                case "log1p" -> RecallLoss.Weight.LOG1P;
                case "loglog1p" -> RecallLoss.Weight.LOGLOG1P;
                default -> throw new AssertionError("unknown weight in golden file: " + c.params());
            };
            return RecallLoss.builder()
                    .optLambda(lambda)
                    .optMargin(margin)
                    .optWeight(w)
                    .build();
        }
        return ApLoss.builder().optLambda(lambda).optMargin(margin).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesReferenceThroughDjlAutograd(Case c) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray scores = manager.create(c.scores(), new Shape(c.rows(), c.cols()));
            NDArray relevance = manager.create(c.relevance(), new Shape(c.rows(), c.cols()));
            scores.setRequiresGradient(true);
            float[] grad;
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = lossFor(c).compute(scores, relevance);
                assertEquals(0, loss.getShape().dimension(), "loss must be a scalar");
                value = loss.getFloat();
                collector.backward(loss);
            }
            grad = scores.getGradient().toFloatArray();
            assertEquals(c.expectedLoss(), value, 1e-5 * Math.abs(c.expectedLoss()), "loss of " + c);
            for (int i = 0; i < grad.length; i++) {
                assertEquals(
                        c.expectedGrad()[i],
                        grad[i],
                        1e-5,
                        "gradient of " + c + " at [" + i / c.cols() + ", " + i % c.cols() + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesReferenceOnArrays(Case c) {
        BlackboxRankingLoss loss = (BlackboxRankingLoss) lossFor(c);
        LossAndGradient r = loss.lossAndGradient(c.scores(), c.relevance(), c.rows(), c.cols());
        assertEquals(c.expectedLoss(), r.value(), 1e-5 * Math.abs(c.expectedLoss()));
        double maxDiff = 0;
        for (int i = 0; i < r.gradient().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(c.expectedGrad()[i] - r.gradient()[i]));
        }
        assertTrue(maxDiff <= 1e-5, c + ": max gradient difference " + maxDiff);
    }
}
