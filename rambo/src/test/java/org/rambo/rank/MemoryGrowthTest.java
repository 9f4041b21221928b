package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rambo.engine.LiveArrays;

/**
 * 2,000 training steps of each RaMBO loss with a memory of 3 batches, each step in its own
 * manager as a training loop has it: the live engine arrays (on a GPU, device memory) are the
 * same after step 2,000 as after step 100.
 */
class MemoryGrowthTest {

    static final int STEPS = 2_000;
    static final int B = 16;
    static final int D = 8;

    @ParameterizedTest
    @ValueSource(strings = {"recall", "ap"})
    void liveArraysStayFlatOverTwoThousandSteps(String metric) {
        RankingLoss ranking = metric.equals("ap")
                ? ApLoss.builder().build()
                : RecallLoss.builder().build();
        Random random = new Random(11);
        float[] labels = new float[B];
        for (int i = 0; i < B; i++) {
            labels[i] = i / 4;
        }
        int atStep100 = -1;
        try (NDManager run = NDManager.newBaseManager();
                RamboRetrievalLoss loss = RamboRetrievalLoss.builder()
                        .setRankingLoss(ranking)
                        .optMemory(3)
                        .build()) {
            for (int step = 1; step <= STEPS; step++) {
                try (NDManager stepManager = run.newSubManager()) {
                    float[] x = new float[B * D];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) random.nextGaussian();
                    }
                    NDArray embeddings = stepManager.create(x, new Shape(B, D));
                    embeddings.setRequiresGradient(true);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        c.backward(loss.evaluate(new NDList(stepManager.create(labels)), new NDList(embeddings)));
                    }
                }
                if (step == 100) {
                    atStep100 = LiveArrays.count();
                }
            }
            assertEquals(3, loss.memory().size());
            assertEquals(atStep100, LiveArrays.count(), "live engine arrays at step 2,000 against step 100");
        }
    }
}
