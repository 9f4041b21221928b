package org.rambo.runfolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The names of the files in a run folder (docs/run-folders.md). Trainers write them, reports
 * read them; no other module spells these names.
 */
public final class RunFiles {

    /** The canonical run config; its hash names the folder. */
    public static final String CONFIG = "config.json";
    /** Where the numbers came from: {@link Provenance}. */
    public static final String PROVENANCE = "provenance.json";
    /** One row per finished epoch. */
    public static final String EPOCHS = "epochs.csv";
    /** One row per training step: the phase timings. */
    public static final String STEPS = "steps.csv";
    /** The outcome of a run: {@link FinalRecord}. Its presence marks a run as ended. */
    public static final String FINAL = "final.json";
    /** A failed run's final.json, kept for the record when the run is retried. */
    public static final String FAILED_FINAL = "final.failed.json";
    /** The loss and a hash of the weights after chosen steps, compared by the regression check. */
    public static final String FINGERPRINTS = "fingerprints.csv";
    /** Weights, optimizer and loss state for resume. */
    public static final String CHECKPOINT = "checkpoint.ndlist";
    /** The raw log of the run. */
    public static final String LOG = "log.txt";
    /** Held (an OS file lock) by the one process training the run: {@link RunFolderLock}. */
    public static final String LOCK = ".lock";

    private RunFiles() {}

    /** Whether a folder is a run folder: it has a config.json. */
    public static boolean isRunFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG));
    }
}
