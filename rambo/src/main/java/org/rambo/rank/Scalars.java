package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic of an array with a number whose backward pass reads the number: product, quotient,
 * maximum. Use these instead of DJL's {@code mul(Number)}, {@code div(Number)} and
 * {@code maximum(Number)} on any array a gradient flows through.
 *
 * <p>Why: DJL turns the number into a 0-d array over a Java direct buffer (PyTorch's
 * {@code from_blob}, which does not own the memory), runs the op and closes that array at once,
 * which drops the last Java reference to the buffer. The autograd graph still holds the tensor:
 * a product's backward multiplies by it, a maximum's backward compares with it. Any garbage
 * collection between the forward and the backward pass lets the buffer's cleaner free the memory,
 * and the allocator writes its own bookkeeping into it, so the backward reads a different number
 * and the gradient is wrong with no error. Whether a collection falls in that window depends on
 * what other threads allocate (image decoding ahead of the step, for one), so the numbers of a
 * run changed with timing. Here the number is an array the engine allocates and owns: closing
 * this handle leaves the graph's reference valid. The results are bit-identical to DJL's: the
 * same 0-d float32 array, the same op.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x * v}. */
    public static NDArray mul(NDArray x, float v) {
        try (NDArray s = of(x, v)) {
            return x.mul(s);
        }
    }

    /** {@code x / v}. */
    public static NDArray div(NDArray x, float v) {
        try (NDArray s = of(x, v)) {
            return x.div(s);
        }
    }

    /** The elementwise maximum of x and v. */
    public static NDArray maximum(NDArray x, float v) {
        try (NDArray s = of(x, v)) {
            return x.maximum(s);
        }
    }

    /** A 0-d float32 array holding v in x's manager and device, its memory owned by the engine. */
    static NDArray of(NDArray x, float v) {
        return x.getManager().full(new Shape(), v, DataType.FLOAT32);
    }
}
