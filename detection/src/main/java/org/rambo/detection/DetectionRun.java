package org.rambo.detection;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.rambo.engine.Devices;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunLog;

/**
 * One detection run in its run folder (docs/run-folders.md): config.json, provenance.json,
 * epochs.csv, steps.csv, checkpoint.ndlist, log.txt, final.json, each written atomically. The
 * folder is locked while this process trains it. A folder with a final.json is read back, not
 * run again (delete final.json to retry a failed run); an interrupted one resumes after the
 * epoch of its checkpoint and ends with the metrics an uninterrupted run has.
 */
public final class DetectionRun {

    /** Watches a run from inside (tests stop a run after a checkpoint). */
    public interface Observer {
        /** After the checkpoint of {@code epoch} is on disk. */
        default void checkpointed(int epoch) {}
    }

    private static final String[] EPOCH_COLUMNS = {"epoch", "train_loss", "cls_loss", "box_loss", "epoch_seconds"};
    private static final String[] STEP_COLUMNS = {
        "epoch", "step", "data_ms", "forward_ms", "loss_ms", "sort_ms", "backward_ms", "optimizer_ms", "loss"
    };

    private final DetectionConfig config;
    private final DetectionData data;
    private final Path folder;
    private final RunLog log;
    private final Observer observer;

    private DetectionRun(DetectionConfig config, DetectionData data, Path folder, RunLog log, Observer observer) {
        this.config = config;
        this.data = data;
        this.folder = folder;
        this.log = log;
        this.observer = observer;
    }

    /** Runs, resumes or reads back the run of {@code config} in {@code folder}. */
    public static DetectionResult run(DetectionConfig config, Path folder) throws RunFolderException {
        return run(config, folder, new Observer() {});
    }

    /**
     * As {@link #run(DetectionConfig, Path)}.
     *
     * @throws RunLockedException another process trains this run
     * @throws RunFolderException a file of the folder is damaged or holds another run's config
     */
    public static DetectionResult run(DetectionConfig config, Path folder, Observer observer)
            throws RunFolderException {
        if (FinalRecord.exists(folder)) {
            return DetectionResults.read(folder);
        }
        DetectionData data = DetectionData.load(config); // bad data fails before anything is written
        Optional<RunFolderLock> lock = RunFolderLock.tryAcquire(folder);
        if (lock.isEmpty()) {
            throw new RunLockedException(folder);
        }
        try {
            if (FinalRecord.exists(folder)) { // finished by the process that held the lock before
                return DetectionResults.read(folder);
            }
            AtomicWriter.removeStaleTemps(folder);
            writeOrCheckConfig(config, folder);
            try (RunLog log = new RunLog(folder)) {
                return new DetectionRun(config, data, folder, log, observer).train();
            }
        } finally {
            lock.get().close();
        }
    }

    private static void writeOrCheckConfig(DetectionConfig config, Path folder) throws RunFolderException {
        Path file = folder.resolve(RunFiles.CONFIG);
        String canonical = config.canonicalJson();
        if (!Files.exists(file)) {
            AtomicWriter.writeString(file, canonical);
            return;
        }
        String held;
        try {
            held = Files.readString(file);
        } catch (IOException e) {
            throw new RunFolderException(file, AtomicWriter.describe(e), e);
        }
        if (!held.equals(canonical)) {
            throw new RunFolderException(
                    file, "holds another run's config; remove the folder or use another runs " + "directory");
        }
    }

    private DetectionResult train() throws RunFolderException {
        long start = System.nanoTime();
        DetectionSeeds seeds = DetectionSeeds.split(config.seed());
        Path checkpoint = folder.resolve(RunFiles.CHECKPOINT);
        try (DetectorTrainer trainer =
                DetectorTrainer.create(config, seeds, data.classes().size(), data.train())) {
            int done = Files.exists(checkpoint) ? trainer.resume(checkpoint) : 0;
            writeProvenance(seeds, done, trainer.device());
            EpochRows epochs = EpochRows.read(folder.resolve(RunFiles.EPOCHS), done, EPOCH_COLUMNS);
            EpochRows steps = EpochRows.read(folder.resolve(RunFiles.STEPS), done, STEP_COLUMNS);
            logStart(trainer, done);
            try {
                for (int epoch = done + 1; epoch <= config.epochs(); epoch++) {
                    trainEpoch(trainer, epoch, epochs, steps, checkpoint);
                }
            } catch (TrainingDivergedException e) {
                log.info("failed: " + e.getMessage());
                return end(DetectionResults.failed(config, data, RunTimes.of(epochs, steps, 0), e.getMessage()), start);
            }
            long evalStart = System.nanoTime();
            DetectorEvaluation.Result eval =
                    trainer.evaluate(data.test(), data.classes().size());
            RunTimes times = RunTimes.of(epochs, steps, (System.nanoTime() - evalStart) / 1e9);
            DetectionResult r = DetectionResults.finished(config, data, eval, times, epochs.last("train_loss"));
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

    private void trainEpoch(DetectorTrainer trainer, int epoch, EpochRows epochs, EpochRows steps, Path checkpoint) {
        DetectorTrainer.Epoch e = trainer.trainEpoch(
                epoch,
                s -> steps.add(
                        s.epoch(),
                        s.step(),
                        s.dataMs(),
                        s.forwardMs(),
                        s.lossMs(),
                        s.sortMs(),
                        s.backwardMs(),
                        s.optimizerMs(),
                        s.loss()));
        epochs.add(e.epoch(), e.trainLoss(), e.clsLoss(), e.boxLoss(), e.seconds());
        // the checkpoint last: rows of an epoch the checkpoint does not hold are dropped on resume
        epochs.write();
        steps.write();
        trainer.checkpoint(checkpoint, epoch);
        log.info(String.format(
                "epoch %d: loss %.4f (cls %.4f, box %.4f), %.1f s",
                epoch, e.trainLoss(), e.clsLoss(), e.boxLoss(), e.seconds()));
        observer.checkpointed(epoch);
    }

    /** provenance.json of the process that starts the run; a resumed run keeps it and logs its own. */
    private void writeProvenance(DetectionSeeds seeds, int done, Device device) {
        Provenance p = Provenance.ofThisProcess(
                Devices.provenance(device),
                EngineFacts.threads(),
                DetectionData.annotationChecksum(Path.of(config.root())),
                DetectionData.CHECKSUM_SCOPE,
                seeds.byConcern());
        if (done == 0 || !Files.exists(folder.resolve(RunFiles.PROVENANCE))) {
            p.writeTo(folder);
        } else {
            log.detail("provenance of the resuming process: " + CanonicalJson.of(p));
        }
    }

    private void logStart(DetectorTrainer trainer, int done) {
        if (done > 0) {
            log.info("resuming " + folder.getFileName() + " after epoch " + done);
        }
        log.info("data: " + data.train().size() + " trainval, " + data.test().size() + " test images, "
                + data.classes().size() + " classes; method " + config.method() + " (" + config.lossSpec()
                + "), seed " + config.seed() + "; model: SSD, backbone " + config.backbone() + ", "
                + trainer.anchorCount() + " anchors at " + config.imageSize() + " px");
    }

    private DetectionResult end(DetectionResult r, long start) {
        DetectionResults.record(config, r, (System.nanoTime() - start) / 1e9).writeTo(folder);
        return r;
    }
}
