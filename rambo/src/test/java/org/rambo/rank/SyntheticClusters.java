package org.rambo.rank;

import java.util.Random;

/**
 * Separable clusters hidden in noise: a few informative dimensions carry the class centre,
 * the rest are loud noise, so nearest neighbours on raw inputs are poor and an embedding
 * has to be learned. Used by the trainer tests.
 */
record SyntheticClusters(float[] x, float[] labels, int n, int dim) {

    static final int INFORMATIVE = 4;

    static SyntheticClusters generate(int classes, int perClass, int dim, long seed, float[][] centres) {
        Random random = new Random(seed);
        int n = classes * perClass;
        float[] x = new float[n * dim];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = d < INFORMATIVE
                        ? centres[c][d] + 0.3f * (float) random.nextGaussian()
                        : 2.0f * (float) random.nextGaussian();
            }
        }
        return new SyntheticClusters(x, labels, n, dim);
    }

    static float[][] centres(int classes, long seed) {
        Random random = new Random(seed);
        float[][] c = new float[classes][INFORMATIVE];
        for (int k = 0; k < classes; k++) {
            for (int d = 0; d < INFORMATIVE; d++) {
                c[k][d] = 2.0f * (float) random.nextGaussian();
            }
        }
        return c;
    }

    /** Recall@1 by brute-force cosine nearest neighbour, each point against the others. */
    static double recallAt1(float[] emb, float[] labels, int n, int dim) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int d = 0; d < dim; d++) {
                    dot += emb[i * dim + d] * emb[j * dim + d];
                    ni += emb[i * dim + d] * emb[i * dim + d];
                    nj += emb[j * dim + d] * emb[j * dim + d];
                }
                double sim = dot / Math.sqrt(ni * nj + 1e-24);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = j;
                }
            }
            hits += labels[best] == labels[i] ? 1 : 0;
        }
        return (double) hits / n;
    }
}
