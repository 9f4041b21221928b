package org.rambo.harness.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rambo.baselines.MarginLoss;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.ClassBalancedSampler;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;
import org.rambo.training.Checkpoint;
import org.rambo.training.RunFileWriter;
import org.rambo.training.Seeds;
import org.rambo.training.StatefulAdam;
import org.rambo.training.TrainingPosition;

/**
 * The model, optimizer, loss and batch sampler of one run, set up the same way for every method
 * of a grid (same seed: same initial weights and batches), and restored from a checkpoint when
 * the run resumes.
 */
final class TrainingSession implements AutoCloseable {

    /** The checkpoint arrays of the loss's state ({@link RunLoss#state}) are named by this prefix. */
    static final List<String> CHECKPOINT_EXTRAS = List.of("loss:");

    private final Model model;
    private final Trainer trainer;
    private final StatefulAdam optimizer;
    private final RunLoss loss;
    private final ClassBalancedSampler sampler;

    TrainingSession(RunConfig config, TrainingData data) {
        ProtocolSpec protocol = config.protocol();
        Seeds seeds = config.seeds();
        this.sampler = sampler(config, data);
        Device device = TrainingDevice.of(protocol);
        EmbeddingModel embedding;
        try {
            embedding = EmbeddingModel.build(protocol, Path.of(""), device);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the backbone: " + AtomicWriter.describe(e), e);
        }
        this.loss = new RunLoss(config.loss(), seeds.loss());
        this.model = Model.newInstance(config.method(), device);
        // the margin loss's beta is a model parameter: the model outputs [embeddings, beta]
        Block block = loss.loss() instanceof MarginLoss margin ? margin.wrap(embedding.block()) : embedding.block();
        model.setBlock(block);
        Map<String, String> names = EmbeddingModel.parameterNamesById(block);
        Set<String> head = embedding.headParameterNames(block);
        double headMultiplier = protocol.optimizer().embeddingLrMultiplier();
        float lr = protocol.optimizer().learningRate().floatValue();
        float decay = protocol.optimizer().weightDecay().floatValue();
        this.optimizer = protocol.optimizer().name().equals("adam")
                ? StatefulAdam.adam(lr, decay, names, n -> head.contains(n) ? headMultiplier : 1.0)
                : StatefulAdam.sgd(lr, decay, names, n -> head.contains(n) ? headMultiplier : 1.0);
        DefaultTrainingConfig tc = new DefaultTrainingConfig(loss.loss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {model.getNDManager().getDevice()});
        this.trainer = model.newTrainer(tc);
        // same seed -> same initial weights for every method of a grid
        Engine.getInstance().setRandomSeed(seeds.engineSeed());
        Shape image = data.imageShape();
        trainer.initialize(new Shape(protocol.sampler().batchSize(), image.get(0), image.get(1), image.get(2)));
        disableFirstStepGradientCheck(trainer);
    }

    /** P x K batches; P larger than the classes there are is the grid's error, named by its key. */
    private static ClassBalancedSampler sampler(RunConfig config, TrainingData data) {
        var s = config.protocol().sampler();
        try {
            return s.superClass() && data.trainSuperLabels() != null
                    ? new ClassBalancedSampler(
                            data.trainLabels(),
                            data.trainSuperLabels(),
                            s.classesPerBatch(),
                            s.samplesPerClass(),
                            config.seeds().batchOrder())
                    : new ClassBalancedSampler(
                            data.trainLabels(),
                            s.classesPerBatch(),
                            s.samplesPerClass(),
                            config.seeds().batchOrder());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "grid " + config.grid() + ", protocol.sampler on the " + data.name() + " training data: "
                            + e.getMessage(),
                    e);
        }
    }

    Trainer trainer() {
        return trainer;
    }

    StatefulAdam optimizer() {
        return optimizer;
    }

    RunLoss loss() {
        return loss;
    }

    ClassBalancedSampler sampler() {
        return sampler;
    }

    Block block() {
        return model.getBlock();
    }

    /** The device every parameter, the loss memory and each step's arrays live on. */
    Device device() {
        return model.getNDManager().getDevice();
    }

    /** Continues from a checkpoint: weights, optimizer moments, loss state. */
    void restore(Checkpoint checkpoint, Path file) throws RunFolderException {
        checkpoint.restore(block(), optimizer, model.getNDManager(), file);
        try {
            loss.restore(checkpoint.extra());
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(file, e.getMessage() + "; delete the run folder to retrain", e);
        }
    }

    /** Writes the checkpoint of the current state at a position. */
    void save(RunFileWriter writer, Path file, TrainingPosition position) {
        Checkpoint.write(writer, file, block(), optimizer, loss::state, position, model.getNDManager());
    }

    /**
     * DJL's Trainer refuses an all-zero gradient on its first step (a guard against a forgotten
     * backward). A blackbox ranking gradient is exactly zero when the perturbation changes no rank,
     * and Adam must still take its momentum step then, or a resumed run would differ from an
     * uninterrupted one; this loop never forgets backward, so the one-time check is marked done.
     */
    static void disableFirstStepGradientCheck(Trainer trainer) {
        try {
            Field checked = Trainer.class.getDeclaredField("gradientsChecked");
            checked.setAccessible(true);
            checked.setBoolean(trainer, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this DJL version's Trainer has no gradientsChecked flag: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            loss.close();
        } finally {
            try {
                trainer.close();
            } finally {
                model.close();
            }
        }
    }
}
