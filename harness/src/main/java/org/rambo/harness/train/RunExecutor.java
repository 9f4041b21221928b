package org.rambo.harness.train;

import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.data.DataException;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunLog;
import org.rambo.runfolder.RunStatus;
import org.rambo.training.Checkpoint;
import org.rambo.training.EpochLoop;
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
            RetrievalEpochs epochs = new RetrievalEpochs(
                    config,
                    session,
                    loop,
                    options,
                    new EpochEvaluator(data, options.progress()),
                    fingerprints,
                    log,
                    folder.file(RunFiles.CHECKPOINT));
            EpochLoop.Result end = new EpochLoop(epochs, options.writer())
                    .run(resume, config.protocol().epochs());
            return switch (end.status()) {
                case FINISHED -> finished(config, folder, end, started, log);
                case INTERRUPTED -> interrupted(folder, end, log);
                case FAILED -> failed(config, folder, end, started, log);
            };
        }
    }

    private static RunOutcome finished(
            RunConfig config, RunFolder folder, EpochLoop.Result end, long started, RunLog log) {
        FinalRecord fin = FinalRecords.of(config, end.epochs(), end.steps(), started, RunStatus.FINISHED, null);
        fin.writeTo(folder.path());
        log.info("finished " + config.folderName() + ": " + MetricsFormat.percent(fin.last()));
        return new RunOutcome(RunOutcome.Status.FINISHED, folder.path(), fin.last(), null);
    }

    /** final.json says failed, from the tables as they stand; the last good checkpoint stays. */
    private static RunOutcome failed(
            RunConfig config, RunFolder folder, EpochLoop.Result end, long started, RunLog log) {
        log.info("FAILED: " + end.failure());
        FinalRecord fin = FinalRecords.of(config, end.epochs(), end.steps(), started, RunStatus.FAILED, end.failure());
        fin.writeTo(folder.path());
        return new RunOutcome(RunOutcome.Status.FAILED, folder.path(), fin.last(), end.failure());
    }

    private RunOutcome interrupted(RunFolder folder, EpochLoop.Result end, RunLog log) {
        TrainingPosition at = end.position();
        String checkpoint = end.checkpointWritten()
                ? "checkpoint after " + at + " written"
                : at.equals(TrainingPosition.START)
                        // stopped before the first step: there is nothing to save and no checkpoint to name
                        ? "no step done yet, no checkpoint"
                        : "the checkpoint after " + at + " stands";
        log.info("interrupted by " + options.preemption().reason() + ": " + checkpoint
                + "; run the same command again to resume");
        return new RunOutcome(RunOutcome.Status.INTERRUPTED, folder.path(), Map.of(), null);
    }
}
