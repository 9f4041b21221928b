package org.rambo.harness.config;

/**
 * A class-disjoint fold of the training classes: the sorted training classes are cut into
 * {@code of} contiguous groups; a run with {@code dataset.fold} trains on the other groups and
 * evaluates retrieval on group {@code index} (the held-out training classes, never the test
 * classes). Hyperparameter tuning uses it so that the test classes stay unseen until the end.
 */
public record FoldSpec(Integer of, Integer index) {

    public FoldSpec {
        Checks.require(of != null && of >= 2, "of", "must be at least 2 (folds)");
        Checks.require(index != null && index >= 0 && index < of, "index", "must be from 0 to of - 1");
    }
}
