package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.rambo.rank.Scalars;

/** Input checks and helpers shared by the losses: predictions = [embeddings B x d], labels = [ids B]. */
final class Embeddings {

    private Embeddings() {}

    static NDArray embeddings(NDList predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException("predictions must hold the embeddings B x d");
        }
        NDArray e = predictions.head();
        if (e.getShape().dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be B x d, got shape " + e.getShape());
        }
        if (!e.getDataType().isFloating()) {
            throw new IllegalArgumentException("embeddings must be floating point, got " + e.getDataType());
        }
        return e;
    }

    /**
     * Class ids as ints, checked against the batch size. Integer arrays are read as they are;
     * floating-point arrays (DJL datasets often hand labels over as float32) must hold integers.
     */
    static int[] labels(NDList labels, long batch) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must hold the class ids [B]");
        }
        NDArray l = labels.head();
        if (l.size() != batch) {
            throw new IllegalArgumentException("labels hold " + l.size() + " class ids for " + batch + " embeddings");
        }
        DataType type = l.getDataType();
        int[] out = new int[Math.toIntExact(batch)];
        if (type.isInteger()) {
            long[] v = l.toType(DataType.INT64, false).toLongArray();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != (int) v[i]) {
                    throw new IllegalArgumentException("class id " + v[i] + " at " + i + " does not fit an int");
                }
                out[i] = (int) v[i];
            }
        } else if (type.isFloating()) {
            double[] v = l.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i]) || v[i] != Math.rint(v[i]) || v[i] != (int) v[i]) {
                    throw new IllegalArgumentException("class ids must be integers, found " + v[i] + " at " + i);
                }
                out[i] = (int) v[i];
            }
        } else {
            throw new IllegalArgumentException("class ids must be an integer or floating-point array, got " + type);
        }
        return out;
    }

    /** A copy of a float array's values in double precision (for miners, which only select). */
    static double[] toDoubles(NDArray a) {
        float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Entries {@code (row[k], col[k])} of an n x n matrix, differentiably. */
    static NDArray entries(NDArray matrix, int[] rows, int[] cols) {
        int n = Math.toIntExact(matrix.getShape().get(1));
        long[] flat = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            flat[k] = (long) rows[k] * n + cols[k];
        }
        NDManager m = matrix.getManager();
        return matrix.reshape(-1).gather(m.create(flat), 0);
    }

    /** A zero that stays attached to {@code x}'s graph (the value of a loss with nothing selected). */
    static NDArray zeroLike(NDArray x) {
        return Scalars.mul(x.sum(), 0f);
    }

    /** 0/1 masks [B x B] of same-class pairs and different-class pairs, the diagonal excluded. */
    static float[][] pairMasks(int[] labels) {
        int n = labels.length;
        float[] pos = new float[n * n];
        float[] neg = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    if (labels[i] == labels[j]) {
                        pos[i * n + j] = 1f;
                    } else {
                        neg[i * n + j] = 1f;
                    }
                }
            }
        }
        return new float[][] {pos, neg};
    }

    static Shape square(int n) {
        return new Shape(n, n);
    }
}
