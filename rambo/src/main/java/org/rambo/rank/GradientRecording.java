package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import java.lang.reflect.Method;

/**
 * Tells whether autograd is recording, i.e. whether a loss call belongs to a training step.
 * DJL has no public API for this. On the PyTorch engine the grad mode (switched on by the
 * GradientCollector, off otherwise) is the reliable signal; a model output's
 * {@code hasGradient()} is not (it reads false for outputs that do carry gradient). Other
 * engines fall back to {@code hasGradient()}.
 */
final class GradientRecording {

    private static final Method PYTORCH_GRAD_MODE = findPyTorchGradMode();

    private GradientRecording() {}

    static boolean isActive(NDArray array) {
        if (PYTORCH_GRAD_MODE != null
                && "PyTorch".equals(array.getManager().getEngine().getEngineName())) {
            try {
                return (Boolean) PYTORCH_GRAD_MODE.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read PyTorch grad mode", e);
            }
        }
        return array.hasGradient();
    }

    private static Method findPyTorchGradMode() {
        try {
            return Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("isGradMode");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
