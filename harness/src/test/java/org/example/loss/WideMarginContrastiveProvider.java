package org.example.loss;

import ai.djl.training.loss.Loss;
import java.util.Map;
import org.rambo.baselines.LossProvider;
import org.rambo.baselines.LossRegistry;

/**
 * A loss provider as a user's own jar holds it: a contrastive loss whose negative margin is its
 * one option. ProvidedLossGridTest packs it into a jar of its own, outside the test class path.
 */
public final class WideMarginContrastiveProvider implements LossProvider {

    @Override
    public String name() {
        return "wide-contrastive";
    }

    @Override
    public Loss create(Map<String, String> options) {
        String margin = options.getOrDefault("margin", "0.8");
        return LossRegistry.build("contrastive:pos=0,neg=" + margin);
    }
}
