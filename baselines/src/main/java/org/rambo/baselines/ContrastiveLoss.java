package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * Contrastive loss over all pairs of a batch: {@code relu(d_ap - m_pos)} for same-class pairs
 * plus {@code relu(m_neg - d_an)} for different-class pairs, each reduced on its own and summed.
 * Defaults m_pos = 0, m_neg = 1 on L2 distance (the common convention, DESIGN §4).
 */
public final class ContrastiveLoss extends Loss {

    private final float positiveMargin;
    private final float negativeMargin;
    private final Distance distance;
    private final Reduction reduction;

    private ContrastiveLoss(Builder b) {
        super("ContrastiveLoss");
        this.positiveMargin = b.positiveMargin;
        this.negativeMargin = b.negativeMargin;
        this.distance = b.distance;
        this.reduction = b.reduction;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int n = ids.length;
        NDManager m = emb.getManager();
        float[][] masks = Embeddings.pairMasks(ids);
        NDArray d = distance.pairwise(emb, emb);
        NDArray pos = m.create(masks[0], Embeddings.square(n));
        NDArray neg = m.create(masks[1], Embeddings.square(n));
        NDArray posTerms = d.sub(positiveMargin).maximum(0f);
        NDArray negTerms = d.neg().add(negativeMargin).maximum(0f);
        return reduction.reduce(posTerms, pos).add(reduction.reduce(negTerms, neg));
    }

    /** Builder: every option has a default (pos 0, neg 1, l2, mean over non-zero terms). */
    public static final class Builder {
        private float positiveMargin = 0f;
        private float negativeMargin = 1f;
        private Distance distance = new L2Distance();
        private Reduction reduction = Reduction.MEAN_NONZERO;

        public Builder optPositiveMargin(float m) {
            this.positiveMargin = m;
            return this;
        }

        public Builder optNegativeMargin(float m) {
            this.negativeMargin = m;
            return this;
        }

        public Builder optDistance(Distance d) {
            this.distance = d;
            return this;
        }

        public Builder optReduction(Reduction r) {
            this.reduction = r;
            return this;
        }

        public ContrastiveLoss build() {
            return new ContrastiveLoss(this);
        }
    }
}
