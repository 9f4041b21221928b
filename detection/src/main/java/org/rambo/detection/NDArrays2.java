package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Small NDArray helpers. */
final class NDArrays2 {

    private NDArrays2() {}

    static NDArray max(NDArray a, NDArray b) {
        return NDArrays.maximum(a, b);
    }

    static NDArray min(NDArray a, NDArray b) {
        return NDArrays.minimum(a, b);
    }

    static NDArray stack(NDList list, int axis) {
        return NDArrays.stack(list, axis);
    }
}
