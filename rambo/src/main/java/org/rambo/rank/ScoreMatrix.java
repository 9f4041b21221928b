package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Validated copy of a score matrix and its relevance, as row-major Java arrays. */
record ScoreMatrix(float[] scores, float[] relevance, int rows, int cols) {

    static ScoreMatrix of(NDArray scores, NDArray relevance) {
        if (scores == null || relevance == null) {
            throw new IllegalArgumentException("scores and relevance must not be null");
        }
        Shape shape = scores.getShape();
        if (!shape.equals(relevance.getShape())) {
            throw new IllegalArgumentException(
                    "relevance shape " + relevance.getShape() + " does not match scores shape " + shape);
        }
        if (shape.dimension() < 1 || shape.dimension() > 2) {
            throw new IllegalArgumentException("scores must be a row or a matrix (rows = queries), got shape " + shape);
        }
        int rows = shape.dimension() == 1 ? 1 : Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(shape.dimension() - 1));
        if (cols < 1) {
            throw new IllegalArgumentException("scores have no columns: shape " + shape);
        }
        float[] y = toFloat(scores);
        float[] t = toFloat(relevance);
        checkScores(y, cols);
        checkRelevance(t, cols);
        return new ScoreMatrix(y, t, rows, cols);
    }

    /** The values as float32, in one copy (from the engine's memory straight into the array). */
    static float[] toFloat(NDArray a) {
        FloatBuffer values = floatBuffer(a);
        float[] out = new float[values.remaining()];
        values.get(out);
        return out;
    }

    /**
     * The values of the array as float32, read in place where the engine allows it (a
     * contiguous float32 CPU tensor: no copy at all); valid while the array is open.
     */
    static FloatBuffer floatBuffer(NDArray a) {
        NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
        return f.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static void checkScores(float[] y, int cols) {
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                throw new IllegalArgumentException(
                        "scores must be finite, found " + y[i] + " at [" + i / cols + ", " + i % cols + "]");
            }
        }
    }

    static void checkRelevance(float[] t, int cols) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 0f && t[i] != 1f) {
                throw new IllegalArgumentException(
                        "relevance must be 0 or 1, found " + t[i] + " at [" + i / cols + ", " + i % cols + "]");
            }
        }
    }
}
