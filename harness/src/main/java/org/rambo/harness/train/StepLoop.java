package org.rambo.harness.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import org.rambo.engine.DeviceSync;
import org.rambo.engine.Gradients;
import org.rambo.harness.data.ClassBalancedSampler;
import org.rambo.harness.eval.Progress;
import org.rambo.rank.SortClock;
import org.rambo.training.MetricsTable;
import org.rambo.training.NonFiniteLossException;
import org.rambo.training.Preemption;
import org.rambo.training.StepTimer;

/**
 * The training steps of one epoch: batches in the sampler's order for (seed, epoch), images
 * prepared one step ahead with augmentation seeded by (seed, epoch, step), forward, loss,
 * backward, optimizer, one steps.csv row per step. Starts at any step (a resumed run) and stops
 * after any step when preemption is requested, so an epoch can be split across processes and
 * still give the numbers of one uninterrupted epoch.
 */
final class StepLoop implements AutoCloseable {

    private final TrainingData data;
    private final RunObserver observer;
    private final Preemption preemption;
    private final boolean showProgress;
    private final ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-prefetch");
        t.setDaemon(true);
        return t;
    });

    StepLoop(TrainingData data, RunObserver observer, Preemption preemption, boolean showProgress) {
        this.data = data;
        this.observer = observer;
        this.preemption = preemption;
        this.showProgress = showProgress;
    }

    /**
     * Runs the steps after {@code stepsDone} of an epoch, appending their rows to {@code steps};
     * returns the number of steps done when it returned: all of them, or fewer when preempted.
     */
    int run(
            RunConfig config,
            TrainingSession session,
            int epoch,
            List<int[]> batches,
            int stepsDone,
            MetricsTable steps) {
        session.optimizer().setScheduleFactor(config.protocol().schedule().factor(epoch));
        long augmentBase = config.seeds().augmentation() * 1_000_003L + epoch;
        try (ProgressBar bar = progressBar(config, epoch, batches.size(), stepsDone)) {
            // this step's batch and the next prefetchDepth ones are queued before waiting for it
            ArrayDeque<Future<float[]>> ahead = new ArrayDeque<>();
            int queued = stepsDone;
            for (int s = stepsDone; s < batches.size(); s++) {
                if (preemption.requested()) {
                    return s;
                }
                StepTimer timer = new StepTimer();
                while (queued < batches.size() && queued <= s + data.prefetchDepth()) {
                    ahead.add(prepare(batches, queued++, augmentBase));
                }
                float[] pixels = await(ahead.poll());
                observer.batch(config, epoch, s + 1, batches.get(s), pixels);
                float value = step(session, epoch, s + 1, batches.get(s), pixels, timer);
                steps.add(timer.row(epoch, s + 1, value));
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", value));
                }
            }
            return batches.size();
        }
    }

    /** The epoch's progress bar, already at {@code stepsDone}; null when progress is not shown. */
    private ProgressBar progressBar(RunConfig config, int epoch, int steps, int stepsDone) {
        if (!showProgress) {
            return null;
        }
        ProgressBar bar = Progress.steps(
                config.method() + " s" + config.seed() + " ep " + epoch + "/"
                        + config.protocol().epochs(),
                steps);
        bar.stepTo(stepsDone);
        return bar;
    }

    /** One step (from 1) on a batch's prepared pixels: forward, loss, backward, optimizer; returns the loss. */
    private float step(TrainingSession session, int epoch, int step, int[] batch, float[] pixels, StepTimer timer) {
        Trainer trainer = session.trainer();
        Shape image = data.imageShape();
        try (NDManager arrays = trainer.getManager().newSubManager()) {
            NDArray x = arrays.create(pixels, new Shape(batch.length, image.get(0), image.get(1), image.get(2)));
            NDArray target = arrays.create(labels(batch));
            timer.dataReady();
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                // PyTorch accumulates gradients; DJL's built-in optimizers clear them in their
                // native update, ours does not, so clear them before every step (not with
                // collector.zeroGradients(), which leaks two arrays per parameter)
                Gradients.zero(session.block());
                NDArray loss = forwardAndLoss(session, x, target, epoch, step, timer);
                value = loss.getFloat();
                timer.lossDone(SortClock.takeNanos());
                if (!Float.isFinite(value)) {
                    throw new NonFiniteLossException(epoch, step, value, "loss");
                }
                collector.backward(loss);
            }
            DeviceSync.await(x);
            timer.backwardDone();
            // applied even for an all-zero gradient (see TrainingSession.disableFirstStepGradientCheck)
            trainer.step();
            DeviceSync.await(x);
            timer.optimizerDone();
            return value;
        }
    }

    /** The forward pass (checked finite) and the loss array; the sort clock is started for the loss. */
    private static NDArray forwardAndLoss(
            TrainingSession session, NDArray x, NDArray target, int epoch, int step, StepTimer timer) {
        NDList preds = session.trainer().forward(new NDList(x));
        // on a GPU each phase is timed when its work is done, not when it is queued
        DeviceSync.await(preds.head());
        timer.forwardDone();
        if (preds.head().isNaN().any().getBoolean()
                || preds.head().isInfinite().any().getBoolean()) {
            throw new NonFiniteLossException(epoch, step, Float.NaN, "embeddings");
        }
        SortClock.takeNanos();
        Loss loss = session.loss().loss();
        return loss.evaluate(new NDList(target), preds);
    }

    /** The class labels of a batch's items, as the loss takes them. */
    private float[] labels(int[] batch) {
        int[] labels = data.trainLabels();
        float[] y = new float[batch.length];
        for (int i = 0; i < batch.length; i++) {
            y[i] = labels[batch[i]];
        }
        return y;
    }

    /** Images of step {@code s} (from 0); the first step of an epoch has its own seed, as it always had. */
    private Future<float[]> prepare(List<int[]> batches, int s, long augmentBase) {
        if (s >= batches.size()) {
            return null;
        }
        int[] batch = batches.get(s);
        long seed = s == 0 ? augmentBase : augmentBase * 31 + s;
        return prefetch.submit(() -> data.trainBatch(batch, seed));
    }

    /** The sampler's batches for an epoch, cut or cycled (with the next sampler epochs) to the step count. */
    static List<int[]> epochBatches(ClassBalancedSampler sampler, int epoch, int stepsPerEpoch) {
        List<int[]> batches = new ArrayList<>(sampler.epoch(epoch));
        if (stepsPerEpoch <= 0) {
            return batches;
        }
        int extra = 1;
        while (batches.size() < stepsPerEpoch) {
            // a second sampler pass with an index no other epoch uses
            batches.addAll(sampler.epoch(epoch + 1_000_000 * extra++));
        }
        return new ArrayList<>(batches.subList(0, stepsPerEpoch));
    }

    private static float[] await(Future<float[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // a data error keeps its own one-line message
            }
            throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        prefetch.shutdownNow();
    }
}
