package org.rambo.rank;

import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Integration group (TestNG): RamboRetrievalLoss, unchanged, inside DJL's Trainer and
 * EasyTrain learns an embedding of clusters hidden in noise to held-out recall@1 >= 0.95.
 */
@Test(groups = "integration")
public class RamboRetrievalLossTrainerTest {

    static final int CLASSES = 8;
    static final int DIM = 24;

    @DataProvider(name = "losses")
    public Object[][] losses() {
        return new Object[][] {
            {
                "recall log1p, memory 2",
                RecallLoss.builder().optLambda(4f).optMargin(0.02f).build(),
                2
            },
            {"ap, no memory", ApLoss.builder().optLambda(4f).optMargin(0.02f).build(), 0},
        };
    }

    @Test(dataProvider = "losses")
    public void learnsSeparableClusters(String name, RankingLoss rankingLoss, int memory)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(1234);
        float[][] centres = SyntheticClusters.centres(CLASSES, 5);
        SyntheticClusters train = SyntheticClusters.generate(CLASSES, 60, DIM, 6, centres);
        SyntheticClusters test = SyntheticClusters.generate(CLASSES, 25, DIM, 7, centres);
        double rawRecall = SyntheticClusters.recallAt1(test.x(), test.labels(), test.n(), DIM);

        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("clusters");
                RamboRetrievalLoss loss = RamboRetrievalLoss.builder()
                        .setRankingLoss(rankingLoss)
                        .optMemory(memory)
                        .build()) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(32).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(8).build()));
            ArrayDataset data = new ArrayDataset.Builder()
                    .setData(manager.create(train.x(), new Shape(train.n(), DIM)))
                    .optLabels(manager.create(train.labels()))
                    .setSampling(64, true, true)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(0.01f))
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(64, DIM));
                EasyTrain.fit(trainer, 25, data, null);
                NDArray emb = trainer.evaluate(new NDList(manager.create(test.x(), new Shape(test.n(), DIM))))
                        .head();
                double recall = SyntheticClusters.recallAt1(emb.toFloatArray(), test.labels(), test.n(), 8);
                assertTrue(rawRecall < 0.8, name + ": the raw inputs should be hard, recall@1 " + rawRecall);
                assertTrue(recall >= 0.95, name + ": held-out recall@1 " + recall + " (raw inputs " + rawRecall + ")");
            }
            if (memory > 0) {
                assertTrue(loss.memory().size() == memory, "memory should hold " + memory + " batches");
            }
        }
    }
}
