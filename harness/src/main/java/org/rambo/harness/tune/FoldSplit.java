package org.rambo.harness.tune;

import java.util.Arrays;
import org.rambo.harness.config.ConfigException;

/**
 * Class-disjoint k-fold split of the training classes: the distinct classes, sorted, cut into
 * k contiguous groups whose sizes differ by at most one (the first {@code classes % k} groups
 * take one more). A class is in exactly one fold, so a fold's validation classes are never
 * trained on in that fold's run.
 */
public final class FoldSplit {

    private FoldSplit() {}

    /** The classes of fold {@code index} of {@code k}, ascending. */
    public static int[] heldOutClasses(int[] labels, int k, int index) {
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        if (classes.length < k) {
            throw new ConfigException("dataset.fold.of: " + k + " class-disjoint folds need at least " + k
                    + " training classes; the training data has " + classes.length);
        }
        int base = classes.length / k;
        int extra = classes.length % k;
        int from = index * base + Math.min(index, extra);
        int size = base + (index < extra ? 1 : 0);
        return Arrays.copyOfRange(classes, from, from + size);
    }
}
