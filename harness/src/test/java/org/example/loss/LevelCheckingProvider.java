package org.example.loss;

import ai.djl.training.loss.Loss;
import java.util.Map;
import org.rambo.baselines.LossProvider;
import org.rambo.baselines.LossRegistry;

/**
 * A user's loss whose create() refuses a bad option with an IllegalArgumentException naming the
 * key, as LossProvider's contract asks: level must be 1, 2 or 3.
 */
public final class LevelCheckingProvider implements LossProvider {

    @Override
    public String name() {
        return "leveled";
    }

    @Override
    public Loss create(Map<String, String> options) {
        String level = options.getOrDefault("level", "1");
        if (!level.matches("[123]")) {
            throw new IllegalArgumentException("key 'level' must be 1, 2 or 3, got " + level);
        }
        return LossRegistry.build("contrastive:pos=0,neg=0." + (4 + Integer.parseInt(level)));
    }
}
