package org.rambo.harness.train;

import ai.djl.ndarray.types.Shape;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * What the training loop needs from a dataset: training labels for the sampler, batches of
 * images (CHW floats) prepared with a given augmentation seed, and a held-out evaluation set.
 * Implementations adapt the loaders in org.rambo.harness.data.
 */
public interface TrainingData extends AutoCloseable {

    /** Dataset name as written to run files (fashion-mnist, cub, sop, inshop, imagefolder). */
    String name();

    /** SHA-256 over the dataset files, for provenance. */
    String checksum();

    /** Input shape of one image (C, H, W). */
    Shape imageShape();

    /** Class label of each training item. */
    int[] trainLabels();

    /** Super-class label of each training item, or null when the dataset has none. */
    int[] trainSuperLabels();

    /** Images of the given training items, row-major [n, C, H, W], augmented with the seed. */
    float[] trainBatch(int[] indices, long augmentationSeed);

    /**
     * Training items without augmentation (the evaluation's centre crop), row-major [n, C, H, W]:
     * what a class-disjoint fold of the training classes is evaluated on.
     */
    default float[] trainImages(int[] indices) {
        throw new UnsupportedOperationException(name() + " cannot evaluate on its training items");
    }

    /** Class label of each evaluation item. */
    int[] evalLabels();

    /** Number of leading evaluation items that are queries against the rest (In-shop); 0 = all against all. */
    int evalQueryCount();

    /** Evaluation images [to - from, C, H, W] (centre crop, no augmentation). */
    float[] evalImages(int from, int to);

    /**
     * Evaluation images in consecutive chunks {@code [0, chunk)}, {@code [chunk, 2 chunk)}, ...
     * as {@link #evalImages} gives them; implementations that decode files prepare the next
     * chunks while the caller embeds the current one.
     */
    default Iterator<float[]> evalChunks(int chunk) {
        int n = evalLabels().length;
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public float[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(n, from + chunk);
                float[] images = evalImages(from, to);
                from = to;
                return images;
            }
        };
    }

    /** Threads that decode images (provenance's {@code threads.data_workers}). */
    default int dataWorkers() {
        return 1;
    }

    /** Training batches prepared ahead of the step that uses them. */
    default int prefetchDepth() {
        return 1;
    }

    /** Recall@K Ks customary for the dataset. */
    int[] defaultKs();

    @Override
    default void close() {}
}
