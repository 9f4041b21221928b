package org.rambo.detection;

/**
 * Where a detection run's time went, from its epochs.csv and steps.csv (so a resumed run
 * counts the epochs of every process that trained it).
 *
 * @param wallSeconds every epoch's seconds plus the evaluation's
 * @param meanStepMs  forward, loss, backward and update per step
 * @param meanSortMs  inside the ranking sorts per step
 */
record RunTimes(double wallSeconds, double meanStepMs, double meanSortMs) {

    static RunTimes of(EpochRows epochs, EpochRows steps, double evaluationSeconds) {
        int n = Math.max(1, steps.size());
        double stepMs =
                steps.sum("forward_ms") + steps.sum("loss_ms") + steps.sum("backward_ms") + steps.sum("optimizer_ms");
        return new RunTimes(epochs.sum("epoch_seconds") + evaluationSeconds, stepMs / n, steps.sum("sort_ms") / n);
    }
}
