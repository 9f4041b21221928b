package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.Map;

/** A provider registered only in the test sources' META-INF/services, as another jar's would be. */
public final class EchoLossProvider implements LossProvider {

    @Override
    public String name() {
        return "test-echo";
    }

    @Override
    public Loss create(Map<String, String> options) {
        LossSpec o = new LossSpec(name(), options).onlyKeys("alpha", "tag");
        return new EchoLoss(options, o.getFloat("alpha", 0.3f));
    }
}
