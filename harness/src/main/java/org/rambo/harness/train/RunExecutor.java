package org.rambo.harness.train;

import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.rambo.engine.Devices;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.data.DataException;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunLog;
import org.rambo.runfolder.RunStatus;
import org.rambo.training.Checkpoint;
import org.rambo.training.MetricsTable;
import org.rambo.training.NonFiniteLossException;
import org.rambo.training.RunFolder;
import org.rambo.training.RunLifecycle;
import org.rambo.training.RunProvenance;
import org.rambo.training.TrainingPosition;

/**
 * Trains one run (a method, a seed) under the grid's protocol into its run folder
 * (docs/run-folders.md), holding the folder's lock throughout. A finished run is skipped; a
 * failed one is reported unless retrying is asked for; an unfinished one resumes from its
 * checkpoint and ends with the metrics of an uninterrupted run.
 *
 * <p>Exact resume holds because everything a step depends on is restored or re-derived: weights,
 * optimizer moments and the loss's memory and noise stream from the checkpoint; batch order and
 * augmentation from (seed, epoch, step).
 */
public final class RunExecutor {

    private final TrainingData data;
    private final RunOptions options;

    public RunExecutor(TrainingData data, RunOptions options) {
        this.data = data;
        this.options = options;
    }

    /**
     * Trains the run unless another process holds it. Errors of the input or the environment
     * (a damaged run folder, bad data, a full disk) end the command: they are logged with their
     * stack trace to the run's log.txt and rethrown with their one-line message. Any other error
     * is a crash of this run: logged, reported failed, the folder left unfinished to resume.
     */
    public RunOutcome execute(RunConfig config, Path path) throws RunFolderException {
        RunLifecycle.Opening opening = RunLifecycle.open(
                path,
                options.retryFailed(),
                config.canonicalJson(),
                () -> RunProvenance.of(
                        TrainingDevice.of(config.protocol()),
                        data.dataWorkers(),
                        data.checksum(),
                        "SHA-256 over the " + data.name() + " files the run reads",
                        config.seeds()));
        return switch (opening.state()) {
            case FINISHED ->
                new RunOutcome(RunOutcome.Status.SKIPPED, path, opening.ended().last(), null);
            case FAILED ->
                new RunOutcome(
                        RunOutcome.Status.FAILED,
                        path,
                        opening.ended().last(),
                        opening.ended().failure());
            case LOCKED -> {
                options.notes()
                        .accept(config.grid() + "/" + config.folderName() + ": trained by another process, skipped");
                yield new RunOutcome(RunOutcome.Status.LOCKED, path, Map.of(), null);
            }
            case OPEN -> {
                try (RunFolder folder = opening.folder();
                        RunLog log = new RunLog(path)) {
                    yield trainLogged(config, folder, log);
                }
            }
        };
    }

    private RunOutcome trainLogged(RunConfig config, RunFolder folder, RunLog log) throws RunFolderException {
        try {
            return train(config, folder, log);
        } catch (RunFolderException | ConfigException | DataException | UncheckedIOException e) {
            // the command prints the one line: the terminal gets it once
            log.errorPassedOn(e.getMessage(), e);
            throw e;
        } catch (RuntimeException e) {
            // not the run's numbers but a crash: the folder stays unfinished, so a re-run resumes it
            String why = "crashed: " + e;
            log.error(why + " (stack trace in " + log.file() + ")", e);
            return new RunOutcome(RunOutcome.Status.FAILED, folder.path(), Map.of(), why);
        }
    }

    private RunOutcome train(RunConfig config, RunFolder folder, RunLog log) throws RunFolderException {
        long started = System.nanoTime();
        Fingerprints fingerprints = new Fingerprints(folder.path());
        try (TrainingSession session = new TrainingSession(config, data);
                StepLoop loop = new StepLoop(
                        data,
                        fingerprints.observing(options.observer(), session.block()),
                        options.preemption(),
                        options.progress())) {
            RunFolder.ResumePoint resume;
            IntUnaryOperator stepsInEpoch = epoch -> StepLoop.epochBatches(
                            session.sampler(), epoch, config.protocol().stepsPerEpoch())
                    .size();
            try (NDManager arrays = session.trainer().getManager().newSubManager()) {
                resume = folder.readResumePoint(arrays, stepsInEpoch, TrainingSession.CHECKPOINT_EXTRAS);
                if (resume.checkpoint() != null) {
                    session.restore(resume.checkpoint(), folder.file(RunFiles.CHECKPOINT));
                }
            }
            long pid = ProcessHandle.current().pid();
            log.info(
                    resume.checkpoint() != null
                            ? "resuming " + config.folderName() + " after " + resume.position() + " (pid " + pid + ")"
                            : "started " + config.folderName() + " (pid " + pid + ")");
            options.observer().initialized(config, Checkpoint.parameterDigest(session.block()));
            fingerprints.start(stepsInEpoch, resume.position());
            try {
                return trainEpochs(config, folder, session, loop, resume, started, log, fingerprints);
            } catch (NonFiniteLossException e) {
                // final.json says failed, from the tables as they stand; the last good checkpoint stays
                log.info("FAILED: " + e.getMessage());
                FinalRecord fin = FinalRecords.of(
                        config, resume.epochs(), resume.steps(), started, RunStatus.FAILED, e.getMessage());
                fin.writeTo(folder.path());
                return new RunOutcome(RunOutcome.Status.FAILED, folder.path(), fin.last(), e.getMessage());
            }
        }
    }

    private RunOutcome trainEpochs(
            RunConfig config,
            RunFolder folder,
            TrainingSession session,
            StepLoop loop,
            RunFolder.ResumePoint resume,
            long started,
            RunLog log,
            Fingerprints fingerprints) {
        MetricsTable epochs = resume.epochs();
        MetricsTable steps = resume.steps();
        TrainingPosition at = resume.position();
        Path checkpointFile = folder.file(RunFiles.CHECKPOINT);
        EpochEvaluator evaluator = new EpochEvaluator(data, options.progress());
        for (int epoch = at.epochsDone() + 1; epoch <= config.protocol().epochs(); epoch++) {
            int from = epoch == at.epochsDone() + 1 ? at.stepsIntoNextEpoch() : 0;
            long epochStart = System.nanoTime();
            List<int[]> batches = StepLoop.epochBatches(
                    session.sampler(), epoch, config.protocol().stepsPerEpoch());
            options.observer().epochStarting(config, epoch, session.loss().loss());
            int done = options.preemption().requested() ? from : loop.run(config, session, epoch, batches, from, steps);
            if (done < batches.size()) {
                fingerprints.write(options.writer(), steps);
                return interrupted(folder, session, steps, new TrainingPosition(epoch - 1, done), from, log);
            }
            long evalStart = System.nanoTime();
            Map<String, Double> metrics = EpochEvaluator.evaluates(config.protocol(), epoch)
                    ? evaluator.evaluate(session.trainer(), config.protocol())
                    : Map.of();
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            double trainLoss = epochLossSum(steps, epoch) / batches.size();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(RunColumns.EPOCH, epoch);
            row.put(RunColumns.TRAIN_LOSS, trainLoss);
            row.put(RunColumns.EPOCH_SECONDS, (System.nanoTime() - epochStart) / 1e9);
            row.put(RunColumns.EVAL_SECONDS, metrics.isEmpty() ? null : evalSeconds);
            row.putAll(metrics);
            epochs.add(row);
            log.info(config.method() + " s" + config.seed() + " epoch " + epoch + " loss "
                    + String.format(Locale.ROOT, "%.5f", trainLoss) + "  " + MetricsFormat.percent(metrics)
                    + "  (" + Devices.usage(session.device()) + ")");
            // tables first: a kill between the two leaves rows past the checkpoint, which resume drops
            epochs.write(options.writer());
            steps.write(options.writer());
            if (epoch == config.protocol().epochs()) {
                fingerprints.last(epoch, session.block());
            }
            fingerprints.write(options.writer(), steps);
            session.save(options.writer(), checkpointFile, new TrainingPosition(epoch, 0));
            options.observer().checkpointed(config, epoch);
        }
        FinalRecord fin = FinalRecords.of(config, epochs, steps, started, RunStatus.FINISHED, null);
        fin.writeTo(folder.path());
        log.info("finished " + config.folderName() + ": " + MetricsFormat.percent(fin.last()));
        return new RunOutcome(RunOutcome.Status.FINISHED, folder.path(), fin.last(), null);
    }

    /** The steps.csv losses of an epoch summed in step order (as the uninterrupted loop sums them). */
    private static double epochLossSum(MetricsTable steps, int epoch) {
        double sum = 0;
        for (Map<String, String> r : steps.rows()) {
            if (Integer.parseInt(r.get(RunColumns.EPOCH)) == epoch) {
                sum += Float.parseFloat(r.get(RunColumns.STEP_LOSS));
            }
        }
        return sum;
    }

    private RunOutcome interrupted(
            RunFolder folder,
            TrainingSession session,
            MetricsTable steps,
            TrainingPosition at,
            int stepsBefore,
            RunLog log) {
        String checkpoint;
        if (at.stepsIntoNextEpoch() > stepsBefore) {
            steps.write(options.writer());
            session.save(options.writer(), folder.file(RunFiles.CHECKPOINT), at);
            checkpoint = "checkpoint after " + at + " written";
        } else if (at.equals(TrainingPosition.START)) {
            // stopped before the first step: there is nothing to save and no checkpoint to name
            checkpoint = "no step done yet, no checkpoint";
        } else {
            checkpoint = "the checkpoint after " + at + " stands";
        }
        log.info("interrupted by " + options.preemption().reason() + ": " + checkpoint
                + "; run the same command again to resume");
        return new RunOutcome(RunOutcome.Status.INTERRUPTED, folder.path(), Map.of(), null);
    }
}
