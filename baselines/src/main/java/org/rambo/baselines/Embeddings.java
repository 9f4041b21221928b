package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Input checks and helpers shared by the losses: predictions = [embeddings B x d], labels = [ids B]. */
final class Embeddings {

    private Embeddings() {}

    static NDArray l2Normalise(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    }

    static NDArray embeddings(NDList predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException("predictions must hold the embeddings B x d");
        }
        NDArray e = predictions.head();
        if (e.getShape().dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be B x d, got shape " + e.getShape());
        }
        return e;
    }

    /** Class ids as ints, checked against the batch size and for integrality. */
    static int[] labels(NDList labels, long batch) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must hold the class ids [B]");
        }
        NDArray l = labels.head();
        if (l.size() != batch) {
            throw new IllegalArgumentException("labels hold " + l.size() + " class ids for " + batch + " embeddings");
        }
        float[] f = l.toType(DataType.FLOAT32, false).toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            if (f[i] != Math.rint(f[i]) || !Float.isFinite(f[i])) {
                throw new IllegalArgumentException("class ids must be integers, found " + f[i] + " at " + i);
            }
            out[i] = (int) f[i];
        }
        return out;
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
