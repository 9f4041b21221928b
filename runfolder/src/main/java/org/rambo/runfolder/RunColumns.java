package org.rambo.runfolder;

import java.util.List;

/**
 * The column lists of a run folder's tables (docs/run-folders.md). Trainers write these headers
 * and reports read them by these names; no other module spells them.
 */
public final class RunColumns {

    /** steps.csv: one row per finished step, the phase timings in milliseconds and the step's loss. */
    public static final List<String> STEPS = List.of(
            "epoch", "step", "data_ms", "forward_ms", "loss_ms", "sort_ms", "backward_ms", "optimizer_ms", "loss");

    /** The phase columns of steps.csv, in order (sort_ms is part of loss_ms, not a phase of its own). */
    public static final List<String> STEP_PHASES =
            List.of("data_ms", "forward_ms", "loss_ms", "backward_ms", "optimizer_ms");

    /** The time inside a RaMBO loss's ranking sort, a part of loss_ms. */
    public static final String SORT_MS = "sort_ms";

    /** The step's loss in steps.csv. */
    public static final String STEP_LOSS = "loss";

    /** epochs.csv and steps.csv: the epoch, from 1. */
    public static final String EPOCH = "epoch";

    /** steps.csv: the step within its epoch, from 1. */
    public static final String STEP = "step";

    /** epochs.csv: the mean training loss of the epoch. */
    public static final String TRAIN_LOSS = "train_loss";

    /** epochs.csv: the wall time of the epoch, evaluation included. */
    public static final String EPOCH_SECONDS = "epoch_seconds";

    /** epochs.csv: the held-out evaluation's share of epoch_seconds (empty when not evaluated). */
    public static final String EVAL_SECONDS = "eval_seconds";

    /** The leading columns of every epochs.csv; metric or loss-part columns follow. */
    public static final List<String> EPOCH_LEADING = List.of(EPOCH, TRAIN_LOSS, EPOCH_SECONDS);

    /** Detection's epochs.csv: the classification and box-regression parts of train_loss. */
    public static final String CLS_LOSS = "cls_loss";

    /** See {@link #CLS_LOSS}. */
    public static final String BOX_LOSS = "box_loss";

    /** fingerprints.csv: the loss and the weights' SHA-256 after chosen steps. */
    public static final List<String> FINGERPRINTS = List.of("step", "epoch", "step_in_epoch", "loss", "weights_sha256");

    private RunColumns() {}
}
