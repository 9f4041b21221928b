package org.rambo.detect;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

class StepProbe {

    static {
        TestThreads.pin();
    }
    @org.junit.jupiter.api.Test
    void probe() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("detect.probe"));
        DetectionConfig c = DetectionExperimentTest.tiny(java.nio.file.Path.of("/tmp"), 1);
        try (Model model = Model.newInstance("p")) {
            model.setBlock(Detector.build(c, 4));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build()))) {
                t.initialize(new Shape(8, 3, 64, 64));
                for (int it = 0; it < 12; it++) {
                    long t0 = System.nanoTime();
                    long fwd, bwd;
                    try (NDManager m = t.getManager().newSubManager()) {
                        NDArray x = m.randomNormal(new Shape(8, 3, 64, 64));
                        try (GradientCollector gc = t.newGradientCollector()) {
                            NDList out = t.forward(new NDList(x));
                            NDArray l = out.get(1).square().mean().add(out.get(2).square().mean());
                            fwd = System.nanoTime();
                            gc.backward(l);
                            bwd = System.nanoTime();
                        }
                        t.step();
                    }
                    long t1 = System.nanoTime();
                    System.out.printf("step %d: fwd %.1f ms bwd %.1f ms step %.1f ms%n", it, (fwd - t0) / 1e6, (bwd - fwd) / 1e6, (t1 - bwd) / 1e6);
                }
            }
        }
    }
}
