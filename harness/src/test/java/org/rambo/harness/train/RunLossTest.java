package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.MarginLoss;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;
import org.testng.annotations.Test;

/** The run's loss takes its randomness from the run's loss seed and carries its state through a checkpoint. */
public class RunLossTest {

    private static byte[] serialised(Random r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        return bytes.toByteArray();
    }

    @Test
    public void theMarginSamplerIsSeededByTheLossSeedWithTheSpecSeedMixedIn() {
        try (RunLoss plain = new RunLoss(LossRegistry.parse("margin"), 12345L);
                RunLoss picked = new RunLoss(LossRegistry.parse("margin:seed=3"), 12345L)) {
            assertEquals(((MarginLoss) plain.loss()).samplerState(), 12345L);
            assertEquals(((MarginLoss) picked.loss()).samplerState(), 12345L ^ 3L);
        }
    }

    @Test
    public void theRamboNoiseStreamIsSeededByTheLossSeed() throws IOException {
        try (RunLoss noisy = new RunLoss(LossRegistry.parse("rambo-ap:noise=true"), 777L)) {
            ApLoss ap = (ApLoss) ((RamboRetrievalLoss) noisy.loss()).rankingLoss();
            assertEquals(ap.noiseState(), serialised(new Random(777L)));
        }
    }

    @Test
    public void memoryNoiseAndSamplerStateSurviveACheckpointRoundTrip() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                RunLoss before = new RunLoss(LossRegistry.parse("rambo-ap:noise=true,memory=2"), 5L);
                RunLoss after = new RunLoss(LossRegistry.parse("rambo-ap:noise=true,memory=2"), 99L)) {
            RamboRetrievalLoss rambo = (RamboRetrievalLoss) before.loss();
            for (int b = 0; b < 3; b++) {
                float[] e = new float[8];
                Arrays.fill(e, b + 1);
                rambo.memory().push("batch" + b, m.create(e, new Shape(2, 4)), m.create(new long[] {b, b + 10}));
            }
            Random advanced = new Random(5L);
            advanced.nextGaussian(); // leaves a pending Gaussian: part of the state
            ((ApLoss) rambo.rankingLoss()).restoreNoiseState(serialised(advanced));

            after.restore(before.state(m));
            RamboRetrievalLoss restored = (RamboRetrievalLoss) after.loss();
            NDList kept = restored.memory().snapshot(m);
            assertEquals(kept.size(), 4, "the last two of three batches");
            assertEquals(kept.get(0).toFloatArray(), new float[] {2, 2, 2, 2, 2, 2, 2, 2});
            assertEquals(kept.get(1).toLongArray(), new long[] {1, 11});
            assertEquals(kept.get(2).toFloatArray(), new float[] {3, 3, 3, 3, 3, 3, 3, 3});
            assertEquals(kept.get(3).toLongArray(), new long[] {2, 12});
            assertEquals(((ApLoss) restored.rankingLoss()).noiseState(), serialised(advanced));
        }
        try (NDManager m = NDManager.newBaseManager();
                RunLoss margin = new RunLoss(LossRegistry.parse("margin"), 1L);
                RunLoss resumed = new RunLoss(LossRegistry.parse("margin"), 2L)) {
            ((MarginLoss) margin.loss()).restoreSamplerState(0x5deece66dL);
            resumed.restore(margin.state(m));
            assertEquals(((MarginLoss) resumed.loss()).samplerState(), 0x5deece66dL);
        }
    }
}
