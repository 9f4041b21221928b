package org.rambo.detection;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.rambo.engine.DeviceSpec;
import org.rambo.engine.DeviceSync;
import org.rambo.engine.Devices;
import org.rambo.rank.SortClock;
import org.rambo.runfolder.RunFolderException;
import org.rambo.training.Checkpoint;
import org.rambo.training.NonFiniteLossException;
import org.rambo.training.RunFileWriter;
import org.rambo.training.Seeds;
import org.rambo.training.StatefulAdam;
import org.rambo.training.StepTimer;
import org.rambo.training.TrainingPosition;

/**
 * The SSD detector under training: the model with its seeded initial weights, the optimizer,
 * the anchors and matched targets, and the step loop of one epoch. The classifier loss is the
 * config's method; the box loss (smooth-L1) is the same for both.
 */
final class DetectorTrainer implements AutoCloseable {

    /** The mean classifier and box losses of one epoch (the total's mean is steps.csv's). */
    record Epoch(int epoch, double clsLoss, double boxLoss) {}

    /** Receives every step's steps.csv row as the step ends. */
    interface StepSink {
        void accept(Map<String, Object> row);
    }

    private final DetectionConfig config;
    private final Seeds seeds;
    private final Model model;
    private final Trainer trainer;
    private final StatefulAdam optimizer;
    private final float[] anchors;
    private final TrainingSet trainingSet;

    private DetectorTrainer(
            DetectionConfig config,
            Seeds seeds,
            Model model,
            Trainer trainer,
            StatefulAdam optimizer,
            float[] anchors,
            TrainingSet trainingSet) {
        this.config = config;
        this.seeds = seeds;
        this.model = model;
        this.trainer = trainer;
        this.optimizer = optimizer;
        this.anchors = anchors;
        this.trainingSet = trainingSet;
    }

    /** A freshly initialised detector (the same weights for both methods of a seed) and its targets. */
    static DetectorTrainer create(DetectionConfig config, Seeds seeds, int numClasses, List<VocImage> trainImages) {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed(seeds.engineSeed());
        // refused in one line before any folder exists (DetectCommand); here for library callers
        Device device = Devices.resolve(DeviceSpec.parse(config.device()));
        Model model = Model.newInstance("ssd-" + config.method(), device);
        try {
            Block block = SsdModel.build(config, numClasses);
            model.setBlock(block);
            StatefulAdam adam = StatefulAdam.fusedAdam((float) config.learningRate(), parameterNamesById(block));
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {device});
            Trainer trainer = model.newTrainer(tc);
            int size = config.imageSize();
            trainer.initialize(new Shape(config.batchSize(), 3, size, size));
            float[] anchors = anchors(trainer, size);
            TrainingSet set = TrainingSet.match(trainImages, anchors, config, trainer.getManager());
            return new DetectorTrainer(config, seeds, model, trainer, adam, anchors, set);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Number of anchors per image. */
    int anchorCount() {
        return anchors.length / 4;
    }

    /** Training steps per epoch: the training images in batches, the last one possibly smaller. */
    int stepsPerEpoch() {
        return (trainingSet.size() + config.batchSize() - 1) / config.batchSize();
    }

    /** The manager the detector's arrays live in. */
    NDManager manager() {
        return model.getNDManager();
    }

    /**
     * Restores weights and optimizer from a checkpoint. The random streams need no state: batch
     * order and margin noise are derived from (seed, epoch) and the loss's score memory starts
     * empty every epoch.
     */
    void restore(Checkpoint checkpoint, Path file) throws RunFolderException {
        checkpoint.restore(model.getBlock(), optimizer, model.getNDManager(), file);
    }

    /** Writes the checkpoint at a position (an epoch's end): weights and optimizer, nothing of its own. */
    void save(Path file, TrainingPosition position) {
        Checkpoint.write(
                RunFileWriter.ATOMIC,
                file,
                model.getBlock(),
                optimizer,
                arrays -> new NDList(),
                position,
                model.getNDManager());
    }

    /**
     * One epoch: the images in the epoch's order (from the batch-order seed and the epoch), a
     * fresh RaMBO loss whose noise stream comes from the loss seed and the epoch.
     */
    Epoch trainEpoch(int epoch, StepSink steps) {
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, trainingSet.size()).boxed().toList());
        Collections.shuffle(order, new Random(seeds.batchOrder(epoch)));
        double sumCls = 0;
        double sumBox = 0;
        int batches = 0;
        try (ClassifierLoss loss = ClassifierLoss.of(config, seeds.loss(epoch))) {
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                StepTimer timer = new StepTimer();
                TrainingSet.Batch batch =
                        trainingSet.batch(order.subList(from, Math.min(order.size(), from + config.batchSize())));
                float[] losses = step(batch, loss, epoch, batches + 1, timer);
                steps.accept(timer.row(epoch, batches + 1, losses[0]));
                sumCls += losses[1];
                sumBox += losses[2];
                batches++;
            }
        }
        return new Epoch(epoch, sumCls / batches, sumBox / batches);
    }

    /** One step; returns {total, classifier, box} loss. */
    private float[] step(TrainingSet.Batch batch, ClassifierLoss classifier, int epoch, int step, StepTimer timer) {
        int b = batch.size();
        int n = anchorCount();
        int size = config.imageSize();
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray input = sub.create(batch.pixels(), new Shape(b, 3, size, size));
            timer.dataReady();
            float[] values;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(input));
                // on a GPU the phases are timed when their work is done, not when it is queued
                DeviceSync.await(out.get(1));
                timer.forwardDone();
                SortClock.takeNanos();
                NDArray clsLoss = classifier.compute(out.get(1), batch.classTargets(), "e" + epoch + "-b" + (step - 1));
                NDArray boxLoss = DetectionLosses.smoothL1(
                        out.get(2),
                        sub.create(batch.boxTargets(), new Shape(b, n, 4)),
                        sub.create(batch.foreground(), new Shape(b, n)));
                NDArray loss = clsLoss.add(boxLoss);
                values = new float[] {loss.getFloat(), clsLoss.getFloat(), boxLoss.getFloat()};
                timer.lossDone(SortClock.takeNanos());
                if (!Float.isFinite(values[0])) {
                    throw new NonFiniteLossException(epoch, step, values[0], "loss");
                }
                gc.backward(loss);
            }
            DeviceSync.await(input);
            timer.backwardDone();
            trainer.step();
            DeviceSync.await(input);
            timer.optimizerDone();
            return values;
        }
    }

    /** The device the detector trains on. */
    Device device() {
        return model.getNDManager().getDevice();
    }

    /** VOC AP50 of the current weights on the test images. */
    DetectorEvaluation.Result evaluate(List<VocImage> testImages, int numClasses) {
        return DetectorEvaluation.evaluate(trainer, config, testImages, anchors, numClasses);
    }

    @Override
    public void close() {
        try {
            trainer.close();
        } finally {
            model.close();
        }
    }

    /** The anchors' relative corners [N·4]: the first output of the SSD block, the same for every input. */
    private static float[] anchors(Trainer trainer, int size) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList out = trainer.evaluate(new NDList(sub.zeros(new Shape(1, 3, size, size))));
            return out.get(0).toFloatArray();
        }
    }

    private static Map<String, String> parameterNamesById(Block block) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }
}
