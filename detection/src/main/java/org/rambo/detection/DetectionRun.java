package org.rambo.detection;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.engine.DeviceSpec;
import org.rambo.engine.Devices;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunLog;
import org.rambo.training.EpochLoop;
import org.rambo.training.MetricsTable;
import org.rambo.training.Preemption;
import org.rambo.training.RunFileWriter;
import org.rambo.training.RunFolder;
import org.rambo.training.RunLifecycle;
import org.rambo.training.RunProvenance;
import org.rambo.training.Seeds;
import org.rambo.training.TrainingPosition;

/**
 * One detection run in its run folder (docs/run-folders.md), taken up as every run is
 * ({@link RunLifecycle}): a finished run is read back, not run again; a failed one is read back
 * unless retrying is asked for (its record then becomes final.failed.json); an interrupted one
 * resumes after the epoch of its checkpoint and ends with the metrics an uninterrupted run has.
 * What is detection's own: the data, the detector, its losses and the VOC evaluation.
 */
public final class DetectionRun {

    /** Watches a run from inside (tests stop a run after a checkpoint). */
    public interface Observer {
        /** After the checkpoint of {@code epoch} is on disk. */
        default void checkpointed(int epoch) {}
    }

    private final DetectionConfig config;
    private final DetectionData data;
    private final RunFolder folder;
    private final RunLog log;
    private final Observer observer;
    private final Preemption preemption;

    private DetectionRun(
            DetectionConfig config,
            DetectionData data,
            RunFolder folder,
            RunLog log,
            Observer observer,
            Preemption preemption) {
        this.config = config;
        this.data = data;
        this.folder = folder;
        this.log = log;
        this.observer = observer;
        this.preemption = preemption;
    }

    /** Runs, resumes or reads back the run of {@code config} in {@code folder}; a failed run is read back. */
    public static DetectionResult run(DetectionConfig config, Path folder) throws RunFolderException {
        return run(config, folder, false, new Observer() {});
    }

    /**
     * As {@link #run(DetectionConfig, Path)}, training a failed run again when {@code retryFailed}.
     *
     * @throws RunLockedException another process trains this run
     * @throws RunFolderException a file of the folder is damaged or holds another run's config
     */
    public static DetectionResult run(DetectionConfig config, Path folder, boolean retryFailed, Observer observer)
            throws RunFolderException {
        return run(config, folder, retryFailed, observer, Preemption.manual());
    }

    /**
     * As {@link #run(DetectionConfig, Path, boolean, Observer)}, stopping at the next epoch's start
     * once {@code preemption} is requested (a detection checkpoint is written at an epoch's end):
     * the result is then {@link DetectionResult#interrupted()} and the folder resumes when run again.
     */
    public static DetectionResult run(
            DetectionConfig config, Path folder, boolean retryFailed, Observer observer, Preemption preemption)
            throws RunFolderException {
        if (RunLifecycle.ended(folder, retryFailed)) {
            return DetectionResults.read(folder);
        }
        DetectionData data = DetectionData.load(config); // bad data fails before anything is written
        RunLifecycle.Opening opening = RunLifecycle.open(
                folder,
                retryFailed,
                config.canonicalJson(),
                () -> RunProvenance.of(
                        Devices.resolve(DeviceSpec.parse(config.device())),
                        null, // batches are built inline
                        DetectionData.annotationChecksum(Path.of(config.root())),
                        DetectionData.CHECKSUM_SCOPE,
                        Seeds.split(config.seed())));
        return switch (opening.state()) {
            // ended by the process that held the lock before
            case FINISHED, FAILED -> DetectionResults.read(folder);
            case LOCKED -> throw new RunLockedException(folder);
            case OPEN -> {
                try (RunFolder held = opening.folder();
                        RunLog log = new RunLog(folder)) {
                    yield new DetectionRun(config, data, held, log, observer, preemption).train();
                }
            }
        };
    }

    private DetectionResult train() throws RunFolderException {
        long start = System.nanoTime();
        try (DetectorTrainer trainer = DetectorTrainer.create(
                config, Seeds.split(config.seed()), data.classes().size(), data.train())) {
            RunFolder.ResumePoint resume;
            try (NDManager arrays = trainer.manager().newSubManager()) {
                resume = folder.readResumePoint(arrays, epoch -> trainer.stepsPerEpoch(), List.of());
                if (resume.checkpoint() != null) {
                    trainer.restore(resume.checkpoint(), folder.file(RunFiles.CHECKPOINT));
                }
            }
            logStart(trainer, resume.position().epochsDone());
            EpochLoop.Result end =
                    new EpochLoop(new Epochs(trainer), RunFileWriter.ATOMIC).run(resume, config.epochs());
            if (end.status() == EpochLoop.Status.INTERRUPTED) {
                int done = end.position().epochsDone();
                log.info("interrupted by " + preemption.reason() + ": "
                        + (done == 0
                                ? "no epoch done yet, no checkpoint"
                                : "the checkpoint after epoch " + done + " stands")
                        + "; run the same command again to resume");
                RunTimes times = RunTimes.of(end.epochs(), end.steps(), 0);
                return DetectionResults.interrupted(config, data, times, preemption.reason());
            }
            if (end.status() == EpochLoop.Status.FAILED) {
                log.info("FAILED: " + end.failure());
                RunTimes times = RunTimes.of(end.epochs(), end.steps(), 0);
                return end(DetectionResults.failed(config, data, times, end.failure()), start);
            }
            long evalStart = System.nanoTime();
            DetectorEvaluation.Result eval =
                    trainer.evaluate(data.test(), data.classes().size());
            RunTimes times = RunTimes.of(end.epochs(), end.steps(), (System.nanoTime() - evalStart) / 1e9);
            DetectionResult r =
                    DetectionResults.finished(config, data, eval, times, RunTimes.lastTrainLoss(end.epochs()));
            log.info(String.format(
                    "AP50 %.4f (area), %.4f (VOC07 11-point), %.4f (area, no per-image cap); "
                            + "%.1f s, %.1f ms per step, %.2f ms sorting",
                    r.ap50(), r.ap50Voc07(), r.ap50Uncapped(), r.wallSeconds(), r.meanStepMs(), r.meanSortMs()));
            return end(r, start);
        } catch (RuntimeException | Error e) {
            log.error("stopped: " + e, e);
            throw e;
        }
    }

    /**
     * What a detection run does in each epoch of the shared loop: the detector's epoch, its
     * classifier and box losses as the epoch's own columns, a checkpoint at the epoch's end.
     */
    private final class Epochs implements EpochLoop.Experiment {

        private final DetectorTrainer trainer;
        private DetectorTrainer.Epoch last;

        Epochs(DetectorTrainer trainer) {
            this.trainer = trainer;
        }

        @Override
        public int stepsInEpoch(int epoch) {
            return trainer.stepsPerEpoch();
        }

        @Override
        public int trainSteps(int epoch, int stepsDone, MetricsTable steps) {
            if (stepsDone != 0) {
                // a detection checkpoint is written at an epoch's end only
                throw new IllegalStateException("a detection epoch starts at its first step, not after " + stepsDone);
            }
            last = trainer.trainEpoch(epoch, steps::add);
            return trainer.stepsPerEpoch();
        }

        @Override
        public Map<String, Object> endEpoch(int epoch) {
            Map<String, Object> own = new LinkedHashMap<>();
            own.put(RunColumns.CLS_LOSS, last.clsLoss());
            own.put(RunColumns.BOX_LOSS, last.boxLoss());
            return own;
        }

        @Override
        public void epochEnded(int epoch, Map<String, Object> row) {
            log.info(String.format(
                    "epoch %d: loss %.4f (cls %.4f, box %.4f), %.1f s",
                    epoch, (double) row.get(RunColumns.TRAIN_LOSS), last.clsLoss(), last.boxLoss(), (double)
                            row.get(RunColumns.EPOCH_SECONDS)));
        }

        @Override
        public boolean stopRequested() {
            return preemption.requested();
        }

        @Override
        public void save(TrainingPosition at) {
            trainer.save(folder.file(RunFiles.CHECKPOINT), at);
        }

        @Override
        public void checkpointed(int epoch) {
            observer.checkpointed(epoch);
        }
    }

    private void logStart(DetectorTrainer trainer, int done) {
        if (done > 0) {
            log.info("resuming " + folder.path().getFileName() + " after epoch " + done);
        }
        log.info("data: " + data.train().size() + " trainval, " + data.test().size() + " test images, "
                + data.classes().size() + " classes; method " + config.method() + " (" + config.lossSpec()
                + "), seed " + config.seed() + "; model: SSD, backbone " + config.backbone() + ", "
                + trainer.anchorCount() + " anchors at " + config.imageSize() + " px");
    }

    private DetectionResult end(DetectionResult r, long start) {
        DetectionResults.record(config, r, (System.nanoTime() - start) / 1e9).writeTo(folder.path());
        return r;
    }
}
