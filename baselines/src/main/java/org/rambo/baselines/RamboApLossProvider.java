package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;

/** {@code rambo-ap}: RaMBO's blackbox mAP (+ APC) loss from the rambo module, in a {@link RamboRetrievalLoss}. */
public final class RamboApLossProvider extends KeyedLossProvider {

    public RamboApLossProvider() {
        super(
                "rambo-ap",
                List.of(
                        LossKey.number("lambda", "4", "later retrieval reimplementation (detection: 0.5)"),
                        LossKey.number("margin", "0.02", "public reference code default (detection: 0.15)"),
                        LossKey.integer("memory", "0", "ours (detection: 7)"),
                        LossKey.number("apc", "0", "pure mAP (detection: 1/3, i.e. 2:1)"),
                        LossKey.bool("noise", "false", "ours; the reference AP code scales the margin by abs(N(0,1))"),
                        LossKey.integer("seed", "0", "ours (noise stream)")));
    }

    @Override
    protected Loss build(LossSpec s) {
        return RamboRetrievalLoss.builder()
                .optName("rambo-ap")
                .setRankingLoss(ApLoss.builder()
                        .optLambda(s.getFloat("lambda"))
                        .optMargin(s.getFloat("margin"))
                        .optApcWeight(s.getFloat("apc"))
                        .optMarginNoise(s.getBoolean("noise"), s.getLong("seed"))
                        .build())
                .optMemory(s.getInt("memory"))
                .build();
    }
}
