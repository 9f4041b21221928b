package org.example.loss;

import ai.djl.training.loss.Loss;
import java.util.Map;
import org.rambo.baselines.LossProvider;
import org.rambo.baselines.LossRegistry;

/** A user's loss that takes a name a built-in loss has: two providers named "contrastive". */
public final class SecondContrastiveProvider implements LossProvider {

    @Override
    public String name() {
        return "contrastive";
    }

    @Override
    public Loss create(Map<String, String> options) {
        return LossRegistry.build("triplet");
    }
}
