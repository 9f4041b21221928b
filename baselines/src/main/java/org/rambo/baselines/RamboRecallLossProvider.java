package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Locale;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.rank.RecallLoss;

/** {@code rambo-recall}: RaMBO's blackbox recall loss from the rambo module, in a {@link RamboRetrievalLoss}. */
public final class RamboRecallLossProvider extends KeyedLossProvider {

    public RamboRecallLossProvider() {
        super(
                "rambo-recall",
                List.of(
                        LossKey.number("lambda", "4", "later retrieval reimplementation of RaMBO"),
                        LossKey.number("margin", "0.02", "public reference code default"),
                        LossKey.choice("weight", "log1p", List.of("identity", "log1p", "loglog1p"), "paper: RaMBO log"),
                        LossKey.integer("memory", "0", "ours (paper used memory on SOP/In-shop)"),
                        LossKey.choice(
                                "reduction", "reference", List.of("reference", "per-query"), "public reference code")));
    }

    @Override
    protected Loss build(LossSpec s) {
        return RamboRetrievalLoss.builder()
                .optName("rambo-recall")
                .setRankingLoss(RecallLoss.builder()
                        .optLambda(s.getFloat("lambda"))
                        .optMargin(s.getFloat("margin"))
                        .optWeight(RecallLoss.Weight.valueOf(s.get("weight").toUpperCase(Locale.ROOT)))
                        .optReduction(
                                s.get("reduction").equals("reference")
                                        ? RecallLoss.Reduction.REFERENCE
                                        : RecallLoss.Reduction.PER_QUERY_MEAN)
                        .build())
                .optMemory(s.getInt("memory"))
                .build();
    }
}
