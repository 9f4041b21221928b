package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rambo.engine.LiveArrays;

/**
 * 2,000 steps of the detector's RaMBO classifier loss with the paper's memory of 7 batches, each
 * step in its own manager as the trainer has it: the live engine arrays stay flat.
 */
class DetectionMemoryGrowthTest {

    static final int STEPS = 2_000;
    static final int IMAGES = 2;
    static final int ANCHORS = 12;
    static final int CLASSES = 3;

    @Test
    void liveArraysStayFlatOverTwoThousandSteps() {
        Random random = new Random(5);
        int atStep100 = -1;
        try (NDManager run = NDManager.newBaseManager();
                DetectionLosses.Rambo loss = new DetectionLosses.Rambo(0.5f, 0.15f, true, 3L, 1f / 3, 7)) {
            for (int step = 1; step <= STEPS; step++) {
                try (NDManager stepManager = run.newSubManager()) {
                    float[] logits = new float[IMAGES * ANCHORS * (CLASSES + 1)];
                    for (int i = 0; i < logits.length; i++) {
                        logits[i] = (float) random.nextGaussian();
                    }
                    int[][] targets = new int[IMAGES][ANCHORS];
                    for (int[] image : targets) {
                        for (int a = 0; a < ANCHORS; a++) {
                            image[a] = a % 4 == 0 ? 1 + random.nextInt(CLASSES) : 0;
                        }
                    }
                    NDArray scores = stepManager.create(logits, new Shape(IMAGES, ANCHORS, CLASSES + 1));
                    scores.setRequiresGradient(true);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        c.backward(loss.compute(scores, targets, "b" + step));
                    }
                }
                if (step == 100) {
                    atStep100 = LiveArrays.count();
                }
            }
            assertEquals(atStep100, LiveArrays.count(), "live engine arrays at step 2,000 against step 100");
        }
    }
}
