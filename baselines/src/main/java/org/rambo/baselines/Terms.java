package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a loss computes on the selected tuples: groups of non-negative terms, each reduced on its
 * own by the loss's {@link Reduction} and the results summed (the contrastive loss reduces its
 * positive and negative pairs separately, as pytorch-metric-learning does), plus an optional
 * part that is already a scalar (the margin loss's ν·β term). No groups and no scalar part give
 * the batch's attached zero.
 */
public final class Terms {

    private final List<NDArray> groups;
    private final NDArray reduced;

    private Terms(List<NDArray> groups, NDArray reduced) {
        this.groups = groups;
        this.reduced = reduced;
    }

    /** Nothing selected. */
    public static Terms none() {
        return new Terms(List.of(), null);
    }

    /** One 1-d array of terms per group; pass only non-empty groups. */
    public static Terms of(NDArray... groups) {
        return new Terms(List.of(groups), null);
    }

    /** One 1-d array of terms per group; pass only non-empty groups. */
    public static Terms of(List<NDArray> groups) {
        return new Terms(List.copyOf(groups), null);
    }

    /** These terms plus a scalar that the reduction leaves alone. */
    public Terms plus(NDArray scalar) {
        NDArray sum = reduced == null ? scalar : reduced.add(scalar);
        return new Terms(groups, sum);
    }

    NDArray reduce(Reduction reduction, NDArray zero) {
        NDArray total = null;
        for (NDArray g : groups) {
            NDArray r = reduction.reduce(g);
            total = total == null ? r : total.add(r);
        }
        if (total == null) {
            total = zero;
        }
        return reduced == null ? total : total.add(reduced);
    }
}
