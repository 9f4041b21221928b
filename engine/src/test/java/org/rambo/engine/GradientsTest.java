package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class GradientsTest {

    /** Two backward passes accumulate; zero clears; a third pass then gives one pass's gradient. */
    @Test
    void clearsAccumulatedGradientsAndLeavesNoArrayBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(2).build();
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
            NDArray weight = linear.getParameters().get("weight").getArray();
            float[] once = null;
            int before = -1;
            for (int pass = 1; pass <= 3; pass++) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = linear.forward(store, new NDList(x), true).head();
                    c.backward(y.sum());
                }
                float[] grad;
                try (NDArray g = weight.getGradient()) {
                    grad = g.toFloatArray();
                }
                if (pass == 1) {
                    once = grad;
                    // dL/dW of sum(W x + b) is x in every row
                    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, grad);
                } else if (pass == 2) {
                    assertArrayEquals(new float[] {2, 4, 6, 2, 4, 6}, grad, "PyTorch accumulates");
                    before = LiveArrays.count();
                    Gradients.zero(linear);
                    Gradients.zero(linear);
                    assertEquals(before, LiveArrays.count(), "zeroing leaves no array behind");
                    try (NDArray g = weight.getGradient()) {
                        assertArrayEquals(new float[6], g.toFloatArray());
                    }
                } else {
                    assertArrayEquals(once, grad);
                }
            }
        }
    }
}
