package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * {@code margin}: {@link MarginLoss} (Wu et al. 2017, relu(alpha + y (D - beta)), learnable beta) with
 * {@link DistanceWeightedSampler}; {@code seed} seeds its stream.
 */
public final class MarginLossProvider extends KeyedLossProvider {

    private static final String WU = "Wu et al. 2017";

    public MarginLossProvider() {
        super(
                "margin",
                List.of(
                        LossKey.number("alpha", "0.2", WU),
                        LossKey.number("beta", "1.2", WU + " (initial value; beta is trained)"),
                        LossKey.integer(
                                "classes", "0", "ours: 0 = one global beta; Wu et al.'s code learns one per class"),
                        LossKey.number("nu", "0", WU + " code default"),
                        LossKey.number("cutoff", "0.5", WU),
                        LossKey.number("nonzero_cutoff", "1.4", WU),
                        LossKey.integer("seed", "0", "ours (sampling stream)")));
    }

    @Override
    protected Loss build(LossSpec s) {
        return MarginLoss.builder()
                .optAlpha(s.getFloat("alpha"))
                .optBeta(s.getFloat("beta"))
                .optClasses(s.getInt("classes"))
                .optNu(s.getFloat("nu"))
                .optSampler(DistanceWeightedSampler.builder()
                        .optCutoff(s.getFloat("cutoff"))
                        .optNonzeroLossCutoff(s.getFloat("nonzero_cutoff"))
                        .optSeed(s.getLong("seed"))
                        .build())
                .build();
    }
}
