package org.rambo.harness.train;

import ai.djl.training.loss.Loss;

/**
 * Watches a run from inside: tests use it to prove that every method of a grid sees the same
 * initial weights and batches, to read the loss between epochs, and to inject crashes.
 */
public interface RunObserver {

    /** After initialisation (or resume): SHA-256 over every parameter's values, in name order. */
    default void initialized(RunConfig config, String parameterDigest) {}

    /** Before each step, with the batch's item indices and prepared pixels (which it may alter). */
    default void batch(RunConfig config, int epoch, int step, int[] indices, float[] pixels) {}

    /** At the start of an epoch's training steps (also when resuming into it), with the run's loss. */
    default void epochStarting(RunConfig config, int epoch, Loss loss) {}

    /** After the checkpoint of an epoch is written. */
    default void checkpointed(RunConfig config, int epoch) {}
}
