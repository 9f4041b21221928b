package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;

/** {@code fastap}: {@link FastApLoss} (Cakir et al. 2019), 1 - mean AP from soft distance histograms. */
public final class FastApLossProvider extends KeyedLossProvider {

    public FastApLossProvider() {
        super(
                "fastap",
                List.of(LossKey.integer(
                        "bins", "10", "Cakir et al. 2019 (suggested L), pytorch-metric-learning default")));
    }

    @Override
    protected Loss build(LossSpec s) {
        return FastApLoss.builder().optBins(s.getInt("bins")).build();
    }
}
