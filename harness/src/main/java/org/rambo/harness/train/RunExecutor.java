package org.rambo.harness.train;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.MarginLoss;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.ClassBalancedSampler;
import org.rambo.harness.eval.EvalOptions;
import org.rambo.harness.eval.RetrievalEvaluator;
import org.rambo.rank.SortClock;

/**
 * Trains one run (a method, a seed) under the grid's protocol and writes its run folder
 * (docs/run-folders.md). A finished run is skipped; an interrupted one resumes from the
 * checkpoint of its last finished epoch and ends with the same metrics; a non-finite loss
 * stops the run, keeps the last good checkpoint and marks the run failed.
 *
 * <p>Exact resume holds because everything an epoch depends on is restored or re-derived:
 * weights and optimizer moments from the checkpoint; batch order and augmentation from
 * (seed, epoch); the loss (and its score memory and noise stream) is rebuilt at every epoch.
 */
public final class RunExecutor {

    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String EPOCHS = "epochs.csv";
    public static final String STEPS = "steps.csv";
    public static final String FINAL = "final.json";
    public static final String CHECKPOINT = "checkpoint.ndlist";
    public static final String LOG = "log.txt";

    private static final int EVAL_CHUNK = 256;

    /** How a run ended. */
    public enum Status { FINISHED, FAILED, SKIPPED }

    /** The result of {@link #execute}. */
    public record Outcome(Status status, Path folder, Map<String, Object> last, String failure) {}

    /**
     * Watches a run from inside: tests use it to prove that every method of a grid sees the
     * same initial weights and batches, and to inject crashes after a checkpoint.
     */
    public interface RunObserver {
        /** After initialisation (or resume): SHA-256 over every parameter's values, in name order. */
        default void initialized(RunConfig config, String parameterDigest) {}

        /** Before each step, with the batch's item indices and prepared pixels (which it may alter). */
        default void batch(RunConfig config, int epoch, int step, int[] indices, float[] pixels) {}

        /** After the checkpoint of an epoch is written. */
        default void checkpointed(RunConfig config, int epoch) {}
    }

    private final TrainingData data;
    private final boolean showProgress;
    private final RunObserver observer;

    public RunExecutor(TrainingData data, boolean showProgress, RunObserver observer) {
        this.data = data;
        this.showProgress = showProgress;
        this.observer = observer == null ? new RunObserver() { } : observer;
    }

    public Outcome execute(RunConfig config, Path folder) throws IOException {
        Path finalFile = folder.resolve(FINAL);
        if (Files.exists(finalFile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> done = RunConfig.JSON.readValue(finalFile.toFile(), Map.class);
            return new Outcome(Status.SKIPPED, folder, castMap(done.get("last")), (String) done.get("failure"));
        }
        Files.createDirectories(folder);
        String canonical = config.canonicalJson();
        Path configFile = folder.resolve(CONFIG);
        if (Files.exists(configFile)) {
            if (!Files.readString(configFile).equals(canonical)) {
                throw new IllegalStateException(configFile + " holds a different config than this run's; "
                        + "remove the folder or use another runs directory");
            }
        } else {
            AtomicFiles.writeString(configFile, canonical);
        }
        if (!Files.exists(folder.resolve(PROVENANCE))) {
            AtomicFiles.writeString(folder.resolve(PROVENANCE), RunConfig.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Provenance.collect(config, data.checksum(), 1)));
        }
        try (RunLog log = new RunLog(folder.resolve(LOG))) {
            return train(config, folder, log);
        }
    }

    private Outcome train(RunConfig config, Path folder, RunLog log) throws IOException {
        ProtocolSpec protocol = config.protocol();
        Seeds seeds = config.seeds();
        long started = System.nanoTime();
        EmbeddingModel embedding = EmbeddingModel.build(protocol, Path.of(""));
        int batchSize = protocol.sampler().batchSize();
        Shape image = data.imageShape();

        MetricsTable epochs = MetricsTable.read(folder.resolve(EPOCHS), List.of("epoch", "train_loss", "epoch_seconds"));
        MetricsTable steps = MetricsTable.read(folder.resolve(STEPS), List.of("epoch", "step", "data_ms",
                "forward_ms", "loss_ms", "sort_ms", "backward_ms", "optimizer_ms", "loss"));

        ClassBalancedSampler sampler = protocol.sampler().superClass() && data.trainSuperLabels() != null
                ? new ClassBalancedSampler(data.trainLabels(), data.trainSuperLabels(),
                        protocol.sampler().classesPerBatch(), protocol.sampler().samplesPerClass(), seeds.batchOrder())
                : new ClassBalancedSampler(data.trainLabels(),
                        protocol.sampler().classesPerBatch(), protocol.sampler().samplesPerClass(), seeds.batchOrder());
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        });
        try (Model model = Model.newInstance(config.method(), protocol.device().equals("gpu")
                ? ai.djl.Device.gpu() : ai.djl.Device.cpu())) {
            Loss initialLoss = LossRegistry.build(config.loss());
            // the margin loss's beta is a model parameter: the model outputs [embeddings, beta]
            Block block = initialLoss instanceof MarginLoss margin ? margin.wrap(embedding.block()) : embedding.block();
            model.setBlock(block);
            Map<String, String> names = EmbeddingModel.parameterNamesById(block);
            var head = embedding.headParameterNames(block);
            double headMultiplier = protocol.optimizer().embeddingLrMultiplier();
            StatefulAdam optimizer = protocol.optimizer().name().equals("adam")
                    ? StatefulAdam.adam(protocol.optimizer().learningRate().floatValue(),
                            protocol.optimizer().weightDecay().floatValue(), names,
                            n -> head.contains(n) ? headMultiplier : 1.0)
                    : StatefulAdam.sgd(protocol.optimizer().learningRate().floatValue(),
                            protocol.optimizer().weightDecay().floatValue(), names,
                            n -> head.contains(n) ? headMultiplier : 1.0);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(initialLoss)
                    .optOptimizer(optimizer)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
            closeIfPossible(initialLoss);
            try (Trainer trainer = model.newTrainer(tc)) {
                // same seed -> same initial weights for every method of a grid
                Engine.getInstance().setRandomSeed((int) (seeds.modelInit() & 0x7fffffff));
                trainer.initialize(new Shape(batchSize, image.get(0), image.get(1), image.get(2)));
                disableFirstStepGradientCheck(trainer);
                int startEpoch = 1;
                Path checkpoint = folder.resolve(CHECKPOINT);
                if (Files.exists(checkpoint)) {
                    int done = Checkpoints.load(checkpoint, model, optimizer);
                    epochs.retainUpTo("epoch", done);
                    steps.retainUpTo("epoch", done);
                    startEpoch = done + 1;
                    log.info("resuming " + config.folderName() + " after epoch " + done);
                } else {
                    epochs.retainUpTo("epoch", 0);
                    steps.retainUpTo("epoch", 0);
                }
                observer.initialized(config, Checkpoints.parameterDigest(block));
                for (int epoch = startEpoch; epoch <= protocol.epochs(); epoch++) {
                    runEpoch(config, trainer, optimizer, sampler, prefetch, epoch, epochs, steps, log);
                    epochs.write(folder.resolve(EPOCHS));
                    steps.write(folder.resolve(STEPS));
                    Checkpoints.save(checkpoint, model, optimizer, epoch);
                    observer.checkpointed(config, epoch);
                }
            } catch (NonFiniteLossException e) {
                log.info("FAILED: " + e.getMessage());
                Map<String, Object> fin = finalRecord(config, epochs, steps, started);
                fin.put("status", "failed");
                fin.put("failure", e.getMessage());
                writeFinal(folder, fin);
                return new Outcome(Status.FAILED, folder, castMap(fin.get("last")), e.getMessage());
            }
        } finally {
            prefetch.shutdownNow();
        }
        Map<String, Object> fin = finalRecord(config, epochs, steps, started);
        fin.put("status", "finished");
        writeFinal(folder, fin);
        log.info("finished " + config.folderName() + ": " + fin.get("last"));
        return new Outcome(Status.FINISHED, folder, castMap(fin.get("last")), null);
    }

    private void runEpoch(RunConfig config, Trainer trainer, StatefulAdam optimizer, ClassBalancedSampler sampler,
                          ExecutorService prefetch, int epoch, MetricsTable epochs, MetricsTable steps, RunLog log) {
        ProtocolSpec protocol = config.protocol();
        optimizer.setScheduleFactor(protocol.schedule().factor(epoch));
        List<int[]> batches = epochBatches(sampler, epoch, protocol.stepsPerEpoch());
        long augmentBase = config.seeds().augmentation() * 1_000_003L + epoch;
        int[] labels = data.trainLabels();
        Shape image = data.imageShape();
        Loss loss = LossRegistry.build(config.loss());
        long epochStart = System.nanoTime();
        double lossSum = 0;
        float lastLoss = Float.NaN;
        ProgressBar bar = showProgress ? new ProgressBarBuilder()
                .setTaskName(config.method() + " s" + config.seed() + " ep " + epoch + "/" + protocol.epochs())
                .setInitialMax(batches.size()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .continuousUpdate().build() : null;
        try {
            Future<float[]> next = prefetch.submit(() -> data.trainBatch(batches.get(0), augmentBase));
            for (int s = 0; s < batches.size(); s++) {
                long t0 = System.nanoTime();
                float[] pixels = await(next);
                int[] batch = batches.get(s);
                if (s + 1 < batches.size()) {
                    int[] following = batches.get(s + 1);
                    long seed = augmentBase * 31 + s + 1;
                    next = prefetch.submit(() -> data.trainBatch(following, seed));
                }
                observer.batch(config, epoch, s + 1, batch, pixels);
                float[] y = new float[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    y[i] = labels[batch[i]];
                }
                try (NDManager step = trainer.getManager().newSubManager()) {
                    NDArray x = step.create(pixels, new Shape(batch.length, image.get(0), image.get(1), image.get(2)));
                    NDArray target = step.create(y);
                    long t1 = System.nanoTime();
                    long t2;
                    long t3;
                    long sortNanos;
                    float value;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        // PyTorch accumulates gradients; DJL's built-in optimizers clear them in
                        // their native update, ours does not, so clear them before every step
                        collector.zeroGradients();
                        NDList preds = trainer.forward(new NDList(x));
                        t2 = System.nanoTime();
                        if (preds.head().isNaN().any().getBoolean() || preds.head().isInfinite().any().getBoolean()) {
                            throw new NonFiniteLossException(epoch, s + 1, Float.NaN, "embeddings");
                        }
                        SortClock.takeNanos();
                        NDArray l = loss.evaluate(new NDList(target), preds);
                        value = l.getFloat();
                        sortNanos = SortClock.takeNanos();
                        t3 = System.nanoTime();
                        if (!Float.isFinite(value)) {
                            throw new NonFiniteLossException(epoch, s + 1, value, "loss");
                        }
                        collector.backward(l);
                    }
                    long t4 = System.nanoTime();
                    step(trainer);
                    long t5 = System.nanoTime();
                    lossSum += value;
                    lastLoss = value;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("epoch", epoch);
                    row.put("step", s + 1);
                    row.put("data_ms", ms(t1 - t0));
                    row.put("forward_ms", ms(t2 - t1));
                    row.put("loss_ms", ms(t3 - t2));
                    row.put("sort_ms", ms(sortNanos));
                    row.put("backward_ms", ms(t4 - t3));
                    row.put("optimizer_ms", ms(t5 - t4));
                    row.put("loss", value);
                    steps.add(row);
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", lastLoss));
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
            closeIfPossible(loss);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("train_loss", lossSum / batches.size());
        boolean evaluate = epoch % protocol.evalEvery() == 0 || epoch == protocol.epochs();
        Map<String, Double> metrics = evaluate ? evaluate(trainer, protocol) : Map.of();
        row.put("epoch_seconds", (System.nanoTime() - epochStart) / 1e9);
        row.putAll(metrics);
        epochs.add(row);
        log.info("epoch " + epoch + " loss " + String.format("%.5f", lossSum / batches.size()) + " " + metrics);
    }

    /**
     * One optimizer step that is applied even when the gradient is all zero. A blackbox
     * ranking gradient is exactly zero when the perturbation changes no rank (a batch ranked
     * perfectly), and Adam must still take its momentum step then, or a resumed run would
     * differ from an uninterrupted one. DJL's Trainer refuses an all-zero gradient on its
     * first step (a guard against a forgotten backward, which this loop never forgets), so
     * that one-time check is marked done before training.
     */
    private static void step(Trainer trainer) {
        trainer.step();
    }

    static void disableFirstStepGradientCheck(Trainer trainer) {
        try {
            java.lang.reflect.Field checked = Trainer.class.getDeclaredField("gradientsChecked");
            checked.setAccessible(true);
            checked.setBoolean(trainer, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this DJL version's Trainer has no gradientsChecked flag: " + e, e);
        }
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

    /** Held-out retrieval metrics of the current weights. */
    Map<String, Double> evaluate(Trainer trainer, ProtocolSpec protocol) {
        int[] labels = data.evalLabels();
        int n = labels.length;
        Shape image = data.imageShape();
        int dim = protocol.embeddingDim();
        float[] embeddings = new float[n * dim];
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            try (NDManager chunk = trainer.getManager().newSubManager()) {
                NDArray x = chunk.create(data.evalImages(from, to),
                        new Shape(to - from, image.get(0), image.get(1), image.get(2)));
                float[] e = trainer.evaluate(new NDList(x)).head().toFloatArray();
                System.arraycopy(e, 0, embeddings, from * dim, e.length);
            }
        }
        EvalOptions options = EvalOptions.of(protocol.eval().ksArray()).withNmi(protocol.eval().nmi());
        int queries = data.evalQueryCount();
        if (queries > 0) {
            float[] q = Arrays.copyOfRange(embeddings, 0, queries * dim);
            float[] g = Arrays.copyOfRange(embeddings, queries * dim, n * dim);
            return RetrievalEvaluator.evaluate(q, Arrays.copyOfRange(labels, 0, queries), g,
                    Arrays.copyOfRange(labels, queries, n), dim, options);
        }
        return RetrievalEvaluator.evaluate(embeddings, dim, labels, options);
    }

    /** final.json: last-epoch metrics (the fair number) and the best-R@1 epoch (what the paper reported). */
    static Map<String, Object> finalRecord(RunConfig config, MetricsTable epochs, MetricsTable steps, long started) {
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("status", null);
        fin.put("grid", config.grid());
        fin.put("dataset", config.dataset().name());
        fin.put("method", config.method());
        fin.put("loss", config.loss());
        fin.put("seed", config.seed());
        fin.put("epochs", epochs.rows().size());
        Map<String, Object> last = null;
        Map<String, Object> best = null;
        double bestR1 = Double.NEGATIVE_INFINITY;
        for (Map<String, String> row : epochs.rows()) {
            String r1 = row.get("recall_at_1");
            if (r1 == null || r1.isEmpty()) {
                continue;
            }
            Map<String, Object> metrics = metricsOf(row);
            last = metrics;
            if (Double.parseDouble(r1) > bestR1) {
                bestR1 = Double.parseDouble(r1);
                best = new LinkedHashMap<>();
                best.put("epoch", Integer.parseInt(row.get("epoch")));
                best.putAll(metrics);
            }
        }
        fin.put("last", last == null ? Map.of() : last);
        fin.put("best", best == null ? Map.of() : best);
        double secs = 0;
        for (Map<String, String> row : epochs.rows()) {
            secs += Double.parseDouble(row.get("epoch_seconds"));
        }
        fin.put("wall_seconds", secs);
        double stepMs = 0;
        double sortMs = 0;
        for (Map<String, String> row : steps.rows()) {
            for (String k : List.of("data_ms", "forward_ms", "loss_ms", "backward_ms", "optimizer_ms")) {
                stepMs += Double.parseDouble(row.get(k));
            }
            sortMs += Double.parseDouble(row.get("sort_ms"));
        }
        int n = Math.max(1, steps.rows().size());
        fin.put("mean_step_ms", stepMs / n);
        fin.put("mean_sort_ms", sortMs / n);
        fin.put("process_seconds", (System.nanoTime() - started) / 1e9);
        return fin;
    }

    private static Map<String, Object> metricsOf(Map<String, String> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!k.equals("epoch") && !k.equals("train_loss") && !k.equals("epoch_seconds") && !v.isEmpty()) {
                double d = Double.parseDouble(v);
                if (!Double.isNaN(d)) { // metrics not computed (e.g. NMI switched off) stay out of JSON
                    m.put(k, k.equals("queries_skipped") ? (Object) (long) d : (Object) d);
                }
            }
        });
        return m;
    }

    private static void writeFinal(Path folder, Map<String, Object> fin) {
        try {
            AtomicFiles.writeString(folder.resolve(FINAL),
                    RunConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fin));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] await(Future<float[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a batch failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    private static void closeIfPossible(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new HashMap<>();
    }
}
