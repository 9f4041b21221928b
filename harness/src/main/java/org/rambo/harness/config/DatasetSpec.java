package org.rambo.harness.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which data a grid uses. {@code name}: fashion-mnist, cub, sop, inshop or imagefolder;
 * {@code root}: its folder. Optional caps keep CPU runs short: at most {@code maxTrain}
 * training items and {@code maxEval} evaluation items (0 = all), the first items of each
 * class in the dataset's own order, so the subset is the same for every method and seed.
 * {@code verifyChecksums} (default true) compares the files with the published digests;
 * test fixtures turn it off. {@code fold} (optional): train on all but one class-disjoint fold
 * of the training classes and evaluate on that fold's classes ({@link FoldSpec}).
 */
public record DatasetSpec(
        String name,
        String root,
        Integer maxTrain,
        Integer maxEval,
        Boolean verifyChecksums,
        @JsonInclude(JsonInclude.Include.NON_NULL) FoldSpec fold) {

    public static final List<String> NAMES = List.of("fashion-mnist", "cub", "sop", "inshop", "imagefolder");

    public DatasetSpec {
        Checks.require(name != null && NAMES.contains(name), "dataset.name", "must be one of " + NAMES);
        Checks.require(root != null && !root.isBlank(), "dataset.root", "is required (the dataset's folder)");
        maxTrain = maxTrain == null ? 0 : maxTrain;
        maxEval = maxEval == null ? 0 : maxEval;
        Checks.require(maxTrain >= 0, "dataset.max_train", "must be >= 0");
        Checks.require(maxEval >= 0, "dataset.max_eval", "must be >= 0");
        verifyChecksums = verifyChecksums == null || verifyChecksums;
    }

    /** The whole dataset, no fold (a fold is left out of config.json when absent, so run hashes keep). */
    public DatasetSpec(String name, String root, Integer maxTrain, Integer maxEval, Boolean verifyChecksums) {
        this(name, root, maxTrain, maxEval, verifyChecksums, null);
    }

    /** The same data with training restricted to the other folds and evaluation on fold {@code fold}. */
    public DatasetSpec withFold(FoldSpec newFold) {
        return new DatasetSpec(name, root, maxTrain, maxEval, verifyChecksums, newFold);
    }
}
