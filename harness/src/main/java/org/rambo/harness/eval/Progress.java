package org.rambo.harness.eval;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Every progress bar of the suite, on standard error in ASCII (logs and Slurm output files stay
 * plain text) and redrawn while nothing moves, so the elapsed time keeps counting: the grid's
 * runs, an epoch's steps, and the evaluation's passes with their rate.
 */
public final class Progress {

    private Progress() {}

    /** A grid's runs: one step per run, the run's method and seed as the extra message. */
    public static ProgressBar runs(String task, long max) {
        return base(task, max).build();
    }

    /** An epoch's steps, redrawn twice a second. */
    public static ProgressBar steps(String task, long max) {
        return base(task, max).setUpdateIntervalMillis(500).build();
    }

    /** Evaluation passes in {@code unit}, with their rate and the time left, redrawn twice a second. */
    static ProgressBar bar(String task, long max, String unit) {
        return base(task, max)
                .setUnit(unit, 1)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .build();
    }

    private static ProgressBarBuilder base(String task, long max) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .continuousUpdate();
    }
}
