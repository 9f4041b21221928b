package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;

/** {@code smooth-ap}: {@link SmoothApLoss} (Brown et al. 2020), 1 - mean AP with sigmoid-smoothed ranks. */
public final class SmoothApLossProvider extends KeyedLossProvider {

    public SmoothApLossProvider() {
        super(
                "smooth-ap",
                List.of(
                        LossKey.number("tau", "0.01", "Brown et al. 2020 (and pytorch-metric-learning)"),
                        LossKey.integer("chunk", "16", "ours (queries per chunk, memory O(chunk B^2))")));
    }

    @Override
    protected Loss build(LossSpec s) {
        return SmoothApLoss.builder()
                .optTemperature(s.getFloat("tau"))
                .optChunk(s.getInt("chunk"))
                .build();
    }
}
