package org.rambo.harness.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rambo.engine.Devices;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunLog;
import org.rambo.training.EpochLoop;
import org.rambo.training.MetricsTable;
import org.rambo.training.TrainingPosition;

/**
 * What a retrieval run does in each epoch of the shared {@link EpochLoop}: the sampler's batches
 * through the {@link StepLoop}, the held-out evaluation in the epochs the protocol evaluates, the
 * fingerprints, the checkpoint of the session.
 */
final class RetrievalEpochs implements EpochLoop.Experiment {

    private final RunConfig config;
    private final TrainingSession session;
    private final StepLoop loop;
    private final RunOptions options;
    private final EpochEvaluator evaluator;
    private final Fingerprints fingerprints;
    private final RunLog log;
    private final Path checkpointFile;
    private int batchesOf = -1;
    private List<int[]> batches;
    private Map<String, Double> metrics = Map.of();
    private boolean lastEpochEnded;

    RetrievalEpochs(
            RunConfig config,
            TrainingSession session,
            StepLoop loop,
            RunOptions options,
            EpochEvaluator evaluator,
            Fingerprints fingerprints,
            RunLog log,
            Path checkpointFile) {
        this.config = config;
        this.session = session;
        this.loop = loop;
        this.options = options;
        this.evaluator = evaluator;
        this.fingerprints = fingerprints;
        this.log = log;
        this.checkpointFile = checkpointFile;
    }

    /** The sampler's batches of an epoch, cut or cycled to the protocol's step count. */
    private List<int[]> batches(int epoch) {
        if (epoch != batchesOf) {
            batches = StepLoop.epochBatches(
                    session.sampler(), epoch, config.protocol().stepsPerEpoch());
            batchesOf = epoch;
        }
        return batches;
    }

    @Override
    public int stepsInEpoch(int epoch) {
        return batches(epoch).size();
    }

    @Override
    public int trainSteps(int epoch, int stepsDone, MetricsTable steps) {
        List<int[]> epochBatches = batches(epoch);
        options.observer().epochStarting(config, epoch, session.loss().loss());
        return options.preemption().requested()
                ? stepsDone
                : loop.run(config, session, epoch, epochBatches, stepsDone, steps);
    }

    @Override
    public Map<String, Object> endEpoch(int epoch) {
        long evalStart = System.nanoTime();
        metrics = EpochEvaluator.evaluates(config.protocol(), epoch)
                ? evaluator.evaluate(session.trainer(), config.protocol())
                : Map.of();
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        Map<String, Object> own = new LinkedHashMap<>();
        own.put(RunColumns.EVAL_SECONDS, metrics.isEmpty() ? null : evalSeconds);
        own.putAll(metrics);
        return own;
    }

    @Override
    public void epochEnded(int epoch, Map<String, Object> row) {
        log.info(config.method() + " s" + config.seed() + " epoch " + epoch + " loss "
                + String.format(Locale.ROOT, "%.5f", (double) row.get(RunColumns.TRAIN_LOSS)) + "  "
                + MetricsFormat.percent(metrics) + "  (" + Devices.usage(session.device()) + ")");
        lastEpochEnded = epoch == config.protocol().epochs();
    }

    @Override
    public void stepsRecorded(MetricsTable steps) {
        if (lastEpochEnded) {
            fingerprints.last(config.protocol().epochs(), session.block());
        }
        fingerprints.write(options.writer(), steps);
    }

    @Override
    public void save(TrainingPosition at) {
        session.save(options.writer(), checkpointFile, at);
    }

    @Override
    public void checkpointed(int epoch) {
        options.observer().checkpointed(config, epoch);
    }
}
