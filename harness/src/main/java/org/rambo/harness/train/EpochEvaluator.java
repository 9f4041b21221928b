package org.rambo.harness.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.eval.EvalOptions;
import org.rambo.harness.eval.RetrievalEvaluator;

/** Held-out retrieval metrics of the current weights, at the end of an evaluated epoch. */
final class EpochEvaluator {

    private static final int CHUNK = 256;

    private final TrainingData data;
    private final boolean progress;

    /** {@code progress}: progress bars over the neighbour search and k-means on large sets. */
    EpochEvaluator(TrainingData data, boolean progress) {
        this.data = data;
        this.progress = progress;
    }

    /** Whether the protocol evaluates after this epoch (every eval_every epochs, and the last). */
    static boolean evaluates(ProtocolSpec protocol, int epoch) {
        return epoch % protocol.evalEvery() == 0 || epoch == protocol.epochs();
    }

    Map<String, Double> evaluate(Trainer trainer, ProtocolSpec protocol) {
        int[] labels = data.evalLabels();
        int n = labels.length;
        Shape image = data.imageShape();
        int dim = protocol.embeddingDim();
        float[] embeddings = new float[n * dim];
        Iterator<float[]> chunks = data.evalChunks(CHUNK);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            try (NDManager chunk = trainer.getManager().newSubManager()) {
                NDArray x = chunk.create(chunks.next(), new Shape(to - from, image.get(0), image.get(1), image.get(2)));
                float[] e = trainer.evaluate(new NDList(x)).head().toFloatArray();
                System.arraycopy(e, 0, embeddings, from * dim, e.length);
            }
        }
        // candidates by the matrix product on the training GPU when there is one (results do not depend on it)
        Device device = trainer.getManager().getDevice();
        EvalOptions options = EvalOptions.of(protocol.eval().ksArray())
                .withNmi(protocol.eval().nmi())
                .withProgress(progress)
                .withDevice(device.isGpu() ? device : Device.cpu());
        int queries = data.evalQueryCount();
        if (queries > 0) {
            float[] q = Arrays.copyOfRange(embeddings, 0, queries * dim);
            float[] g = Arrays.copyOfRange(embeddings, queries * dim, n * dim);
            return RetrievalEvaluator.evaluate(
                    q, Arrays.copyOfRange(labels, 0, queries), g, Arrays.copyOfRange(labels, queries, n), dim, options);
        }
        return RetrievalEvaluator.evaluate(embeddings, dim, labels, options);
    }
}
