package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * A listwise loss: every item is a query against the rest of the batch (itself removed); the
 * selection is the queries with at least one positive, each contributes the term 1 - AP_q, and
 * the terms are averaged (a perfectly ranked query contributes its 0, so the mean is over all
 * selected queries, not only the non-zero ones). A subclass writes only its AP per query.
 */
public abstract class AveragePrecisionLoss extends MetricLoss {

    protected AveragePrecisionLoss(String name, Distance distance, boolean normalise) {
        super(name, distance, Reduction.MEAN_ALL, normalise);
    }

    @Override
    protected final Terms terms(EmbeddingBatch batch) {
        int[] queries = queriesWithPositives(batch.labels());
        if (queries.length == 0) {
            return Terms.none();
        }
        NDArray ap = averagePrecision(batch);
        NDArray selected = ap.gather(ap.getManager().create(Embeddings.toLongs(queries)), 0);
        return Terms.of(selected.neg().add(1f));
    }

    /** AP of every query [B] (any value for queries without a positive: they are not selected). */
    protected abstract NDArray averagePrecision(EmbeddingBatch batch);

    static int[] queriesWithPositives(int[] labels) {
        int n = labels.length;
        int[] out = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i && labels[j] == labels[i]) {
                    out[count++] = i;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }
}
