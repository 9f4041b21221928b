package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceCheckTest {

    /** The hand-worked gradient against central differences of L = sum((W x)^2), in double. */
    @Test
    void theHandWorkedGradientMatchesFiniteDifferences() {
        float[] w = {0.5f, -0.25f, 1f, 0.75f, -1f, 0.125f, 0.25f, -0.5f, 0.375f, 0f, -0.75f, 1.5f};
        float[] x = {0.25f, -1f, 0.5f, 0.75f, -0.125f, 1f, 0.625f, -0.375f};
        double[] g = DeviceCheck.expectedGradient(w, x);
        double h = 1e-3;
        for (int i = 0; i < w.length; i++) {
            double[] up = toDouble(w);
            double[] down = toDouble(w);
            up[i] += h;
            down[i] -= h;
            double fd = (loss(up, x) - loss(down, x)) / (2 * h);
            assertEquals(fd, g[i], 1e-6, "element " + i);
        }
    }

    @Test
    void theCpuPassesTheCheck() {
        DeviceCheck.Result r = DeviceCheck.run(Device.cpu());
        assertTrue(r.ok(), String.valueOf(r.problem()));
        assertNull(r.problem());
        assertTrue(r.maxError() <= 1e-6, "max error " + r.maxError());
    }

    private static double loss(double[] w, float[] x) {
        double l = 0;
        for (int r = 0; r < DeviceCheck.ROWS; r++) {
            for (int c = 0; c < DeviceCheck.COLS; c++) {
                double y = 0;
                for (int k = 0; k < DeviceCheck.INNER; k++) {
                    y += w[r * DeviceCheck.INNER + k] * x[k * DeviceCheck.COLS + c];
                }
                l += y * y;
            }
        }
        return l;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
