package org.rambo.training;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * How every experiment's run folder is taken up before training (docs/run-folders.md): a run
 * whose final.json says finished is never trained again; one whose final.json says failed is
 * left as it is unless retrying is asked for, and then its record moves to final.failed.json and
 * the run trains again from its last checkpoint; any other run is taken under the folder's lock
 * (or left to the process holding it), its config written or checked, its provenance recorded.
 */
public final class RunLifecycle {

    /** What taking up a run folder found. */
    public enum State {
        /** final.json says finished. */
        FINISHED,
        /** final.json says failed and retrying was not asked for. */
        FAILED,
        /** Another process holds the folder's lock. */
        LOCKED,
        /** Held by this process, claimed and ready to train (resume or start). */
        OPEN
    }

    /**
     * The outcome of {@link #open}.
     *
     * @param state  what was found
     * @param ended  the final record of a finished or failed run, else null
     * @param folder the folder under this process's lock when {@link State#OPEN} (the caller
     *               closes it), else null
     */
    public record Opening(State state, FinalRecord ended, RunFolder folder) {}

    private RunLifecycle() {}

    /**
     * Takes up the run folder at {@code path} (created if missing).
     *
     * @param retryFailed     train a run whose final.json says failed again
     * @param canonicalConfig the run's canonical config.json
     * @param provenance      provenance.json of this process, recorded when the run has none yet
     * @throws RunFolderException final.json or config.json is damaged, or config.json holds another run's
     */
    public static Opening open(Path path, boolean retryFailed, String canonicalConfig, Supplier<Provenance> provenance)
            throws RunFolderException {
        // final.json is written atomically and never changes after: an ended run is read without
        // its lock, so a runs folder that is read-only by now is fine for it
        Optional<Opening> ended = endedRecord(path, retryFailed);
        if (ended.isPresent()) {
            return ended.get();
        }
        Optional<RunFolder> locked = RunFolder.tryLock(path);
        if (locked.isEmpty()) {
            return new Opening(State.LOCKED, null, null);
        }
        RunFolder folder = locked.get();
        try {
            // the process that held the lock before may have ended the run meanwhile
            ended = endedRecord(path, retryFailed);
            if (ended.isPresent()) {
                folder.close();
                return ended.get();
            }
            if (folder.status() == RunStatus.FAILED) {
                folder.setFailedRecordAside();
            }
            folder.removeStaleTemps();
            folder.claim(canonicalConfig);
            folder.recordProvenance(provenance);
            return new Opening(State.OPEN, null, folder);
        } catch (RunFolderException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Whether {@link #open} would find the run ended (finished, or failed and not to be retried)
     * without taking its lock: an experiment checks this before loading its data.
     */
    public static boolean ended(Path path, boolean retryFailed) throws RunFolderException {
        return endedRecord(path, retryFailed).isPresent();
    }

    private static Optional<Opening> endedRecord(Path path, boolean retryFailed) throws RunFolderException {
        if (!FinalRecord.exists(path)) {
            return Optional.empty();
        }
        FinalRecord record = FinalRecord.read(path);
        if (record.status() == RunStatus.FINISHED) {
            return Optional.of(new Opening(State.FINISHED, record, null));
        }
        if (record.status() == RunStatus.FAILED && !retryFailed) {
            return Optional.of(new Opening(State.FAILED, record, null));
        }
        return Optional.empty();
    }
}
