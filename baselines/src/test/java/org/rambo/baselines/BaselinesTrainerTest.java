package org.rambo.baselines;

import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Integration group (TestNG): each baseline, unchanged, trains a tiny embedding of clusters
 * hidden in noise inside DJL's Trainer to held-out recall@1 >= 0.9.
 */
@Test(groups = "integration")
public class BaselinesTrainerTest {

    static final int CLASSES = 8;
    static final int DIM = 24;

    @DataProvider(name = "specs")
    public Object[][] specs() {
        return new Object[][] {{"contrastive:pos=0,neg=0.5"}, {"triplet:margin=0.1,mining=semihard"},
            {"triplet:margin=0.2,mining=batchhard"}, {"margin:alpha=0.2,beta=1.2"}, {"smooth-ap:tau=0.01"}};
    }

    static float[][] data(int perClass, long seed, float[][] centres) {
        Random r = new Random(seed);
        int n = CLASSES * perClass;
        float[] x = new float[n * DIM];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y[i] = c;
            for (int d = 0; d < DIM; d++) {
                x[i * DIM + d] = d < 4 ? centres[c][d] + 0.3f * (float) r.nextGaussian() : 2f * (float) r.nextGaussian();
            }
        }
        return new float[][] {x, y};
    }

    static double recallAt1(float[] e, float[] y, int dim) {
        int n = y.length;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double ni = 0;
                double nj = 0;
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    ni += e[i * dim + d] * e[i * dim + d];
                    nj += e[j * dim + d] * e[j * dim + d];
                    dot += e[i * dim + d] * e[j * dim + d];
                }
                double dist = -dot / Math.sqrt(ni * nj + 1e-24);
                if (dist < bestD) {
                    bestD = dist;
                    best = j;
                }
            }
            hits += y[best] == y[i] ? 1 : 0;
        }
        return (double) hits / n;
    }

    @Test(dataProvider = "specs")
    public void learnsSeparableClusters(String spec) throws Exception {
        Engine.getInstance().setRandomSeed(1234);
        Random cr = new Random(5);
        float[][] centres = new float[CLASSES][4];
        for (float[] c : centres) {
            for (int d = 0; d < 4; d++) {
                c[d] = 2f * (float) cr.nextGaussian();
            }
        }
        float[][] train = data(60, 6, centres);
        float[][] test = data(25, 7, centres);
        Loss loss = LossRegistry.build(spec);
        Block net = new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(8).build());
        Block block = loss instanceof MarginLoss margin ? margin.wrap(net) : net;
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("clusters")) {
            model.setBlock(block);
            ArrayDataset ds = new ArrayDataset.Builder()
                    .setData(manager.create(train[0], new Shape(train[1].length, DIM)))
                    .optLabels(manager.create(train[1]))
                    .setSampling(64, true, true)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(64, DIM));
                EasyTrain.fit(trainer, 25, ds, null);
                NDArray emb = trainer.evaluate(new NDList(manager.create(test[0], new Shape(test[1].length, DIM)))).head();
                double recall = recallAt1(emb.toFloatArray(), test[1], 8);
                assertTrue(recall >= 0.9, spec + ": held-out recall@1 " + recall);
            }
        }
    }
}
