package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;

/** {@code contrastive}: {@link ContrastiveLoss}, relu(d_ap - pos) + relu(neg - d_an) over all pairs. */
public final class ContrastiveLossProvider extends KeyedLossProvider {

    private static final String PML = "pytorch-metric-learning default";

    public ContrastiveLossProvider() {
        super(
                "contrastive",
                List.of(
                        LossKey.number("pos", "0", PML),
                        LossKey.number("neg", "1", PML + " (neg_margin 1 on L2 distances)"),
                        LossKey.choice("distance", "l2", List.of("l2", "cosine"), PML + " (LpDistance)"),
                        LossKey.choice("reduction", "nonzero", List.of("nonzero", "all"), PML)));
    }

    @Override
    protected Loss build(LossSpec s) {
        return ContrastiveLoss.builder()
                .optPositiveMargin(s.getFloat("pos"))
                .optNegativeMargin(s.getFloat("neg"))
                .optDistance(Distance.of(s.get("distance")))
                .optReduction(Reduction.of(s.get("reduction")))
                .build();
    }
}
