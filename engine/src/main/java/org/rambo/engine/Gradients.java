package org.rambo.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Clears the gradients a backward pass accumulated into a block's parameters. DJL's
 * {@code GradientCollector.zeroGradients} does the same arithmetic but makes two gradient arrays
 * per parameter on each call and never closes them: a training loop calling it every step holds
 * two more arrays per parameter each step, attached to the model for the whole run. Here each
 * gradient array is closed once it is cleared (closing it releases this handle, not the
 * parameter's gradient).
 */
public final class Gradients {

    private Gradients() {}

    public static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            if (!array.hasGradient()) {
                continue;
            }
            NDArray gradient;
            try {
                gradient = array.getGradient();
            } catch (IllegalStateException e) {
                continue; // no backward has run yet: nothing to clear
            }
            try (gradient) {
                gradient.subi(gradient);
            }
        }
    }
}
