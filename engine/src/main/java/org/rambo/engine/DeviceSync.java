package org.rambo.engine;

import ai.djl.ndarray.NDArray;

/**
 * Waits until a device has done the work queued on it. On a GPU the engine returns from an
 * operation when it is queued, not done, so a clock read right after measures the launch; one
 * element copied to the host waits for every operation queued before it on the device's stream.
 * On the CPU every operation is done when it returns and nothing is copied. Used by timing only:
 * the copy changes no value the training computes.
 */
public final class DeviceSync {

    private DeviceSync() {}

    /** Returns when the work queued on {@code onDevice}'s device before this call is done. */
    public static void await(NDArray onDevice) {
        if (onDevice == null || !onDevice.getDevice().isGpu() || onDevice.size() == 0) {
            return;
        }
        // both arrays closed here: a parameter's manager lives as long as the model
        try (NDArray flat = onDevice.flatten();
                NDArray one = flat.get(0)) {
            one.toByteArray();
        }
    }
}
