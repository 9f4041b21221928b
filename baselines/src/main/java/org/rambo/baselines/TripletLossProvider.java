package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * {@code triplet}: {@link TripletLoss}, relu(d_ap - d_an + margin) over mined triplets;
 * {@code mining=semihard} mines with the loss's margin.
 */
public final class TripletLossProvider extends KeyedLossProvider {

    private static final String PML = "pytorch-metric-learning default";

    public TripletLossProvider() {
        super(
                "triplet",
                List.of(
                        LossKey.number("margin", "0.05", PML + " (Reality Check tuned 0.05-0.12)"),
                        LossKey.choice(
                                "mining", "all", List.of("all", "semihard", "batchhard"), PML + " (all triplets)"),
                        LossKey.choice("distance", "l2", List.of("l2", "cosine"), PML),
                        LossKey.choice("reduction", "nonzero", List.of("nonzero", "all"), PML)));
    }

    @Override
    protected Loss build(LossSpec s) {
        float margin = s.getFloat("margin");
        return TripletLoss.builder()
                .optMargin(margin)
                .optMiner(TripletMiner.of(s.get("mining"), margin))
                .optDistance(Distance.of(s.get("distance")))
                .optReduction(Reduction.of(s.get("reduction")))
                .build();
    }
}
