package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Map;

/** The test provider's loss: alpha times the mean squared embedding entry; keeps the options it was built with. */
final class EchoLoss extends Loss {

    private final Map<String, String> options;
    private final float alpha;

    EchoLoss(Map<String, String> options, float alpha) {
        super("EchoLoss");
        this.options = Map.copyOf(options);
        this.alpha = alpha;
    }

    Map<String, String> options() {
        return options;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return predictions.head().square().mean().mul(alpha);
    }
}
