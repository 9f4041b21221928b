package org.rambo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * One small forward and backward on a device, checked against the gradient worked out by hand:
 * for {@code L = sum((W x)^2)}, {@code dL/dW = 2 (W x) x^T}. Proves that the device takes
 * arrays, runs a matrix product and records and back-propagates through autograd.
 */
public final class DeviceCheck {

    /**
     * @param ok          whether the gradient came back and matched
     * @param maxError    largest absolute difference from the hand-worked gradient (NaN when none came back)
     * @param millis      wall time of the check, including the first use of the device
     * @param problem     what went wrong, or null
     */
    public record Result(boolean ok, double maxError, double millis, String problem) {}

    static final int ROWS = 3;
    static final int INNER = 4;
    static final int COLS = 2;
    static final double TOLERANCE = 1e-4;

    private DeviceCheck() {}

    public static Result run(Device device) {
        long start = System.nanoTime();
        float[] w = new float[ROWS * INNER];
        float[] x = new float[INNER * COLS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) * 0.25f;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 3 - 1) * 0.5f + 0.125f;
        }
        double[] expected = expectedGradient(w, x);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray wa = manager.create(w, new Shape(ROWS, INNER));
            NDArray xa = manager.create(x, new Shape(INNER, COLS));
            wa.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = wa.matMul(xa);
                collector.backward(y.mul(y).sum());
            }
            float[] got = wa.getGradient().toFloatArray();
            double maxError = 0;
            for (int i = 0; i < got.length; i++) {
                maxError = Math.max(maxError, Math.abs(got[i] - expected[i]));
            }
            double millis = (System.nanoTime() - start) / 1e6;
            boolean ok = maxError <= TOLERANCE;
            return new Result(
                    ok, maxError, millis, ok ? null : "the gradient differs from the hand-worked one by " + maxError);
        } catch (RuntimeException | LinkageError e) {
            return new Result(false, Double.NaN, (System.nanoTime() - start) / 1e6, e.toString());
        }
    }

    /** 2 (W x) x^T in double precision, row-major ROWS x INNER. */
    static double[] expectedGradient(float[] w, float[] x) {
        double[] y = new double[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                for (int k = 0; k < INNER; k++) {
                    y[r * COLS + c] += (double) w[r * INNER + k] * x[k * COLS + c];
                }
            }
        }
        double[] g = new double[ROWS * INNER];
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < INNER; k++) {
                for (int c = 0; c < COLS; c++) {
                    g[r * INNER + k] += 2 * y[r * COLS + c] * x[k * COLS + c];
                }
            }
        }
        return g;
    }
}
