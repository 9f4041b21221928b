package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Contrastive loss (Hadsell et al. 2006, in pytorch-metric-learning's form): {@code relu(d - m_pos)}
 * for each positive pair plus {@code relu(m_neg - d)} for each negative pair, the two sets reduced
 * separately and summed. Pieces: a {@link Distance} (default L2), a {@link PairMiner} (default
 * every ordered pair) and a {@link Reduction} (default mean over non-zero terms).
 *
 * <p>Does NOT normalise the embeddings: the harness model already outputs unit vectors, so L2
 * distance lies in [0, 2] there; with the cosine distance (1 - cos) normalisation is implied.
 * Defaults m_pos 0, m_neg 1 (pytorch-metric-learning; DESIGN §4).
 */
public final class ContrastiveLoss extends Loss {

    private final float positiveMargin;
    private final float negativeMargin;
    private final Distance distance;
    private final PairMiner miner;
    private final Reduction reduction;

    private ContrastiveLoss(Builder b) {
        super("ContrastiveLoss");
        this.positiveMargin = b.positiveMargin;
        this.negativeMargin = b.negativeMargin;
        this.distance = b.distance;
        this.miner = b.miner;
        this.reduction = b.reduction;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int dim = Math.toIntExact(emb.getShape().get(1));
        NDArray d = distance.pairwise(emb, emb);
        List<Pair> pairs = miner.mine(Embeddings.toDoubles(d), ids, dim);
        return positiveTerms(d, pairs).add(negativeTerms(d, pairs));
    }

    private NDArray positiveTerms(NDArray d, List<Pair> pairs) {
        List<Pair> pos = pairs.stream().filter(Pair::positive).toList();
        if (pos.isEmpty()) {
            return Embeddings.zeroLike(d);
        }
        NDArray dist = Embeddings.entries(d, anchors(pos), others(pos));
        return reduction.reduce(dist.sub(positiveMargin).maximum(0f));
    }

    private NDArray negativeTerms(NDArray d, List<Pair> pairs) {
        List<Pair> neg = pairs.stream().filter(p -> !p.positive()).toList();
        if (neg.isEmpty()) {
            return Embeddings.zeroLike(d);
        }
        NDArray dist = Embeddings.entries(d, anchors(neg), others(neg));
        return reduction.reduce(dist.neg().add(negativeMargin).maximum(0f));
    }

    static int[] anchors(List<Pair> pairs) {
        return pairs.stream().mapToInt(Pair::anchor).toArray();
    }

    static int[] others(List<Pair> pairs) {
        return pairs.stream().mapToInt(Pair::other).toArray();
    }

    @Override
    public String toString() {
        return "ContrastiveLoss[pos=" + positiveMargin + ", neg=" + negativeMargin + ", distance=" + distance.name()
                + ", miner=" + miner.name() + ", reduction=" + reduction.specName() + "]";
    }

    /** Builder: every option has a default (pos 0, neg 1, L2, all pairs, mean over non-zero terms). */
    public static final class Builder {
        private float positiveMargin = 0f;
        private float negativeMargin = 1f;
        private Distance distance = new L2Distance();
        private PairMiner miner = new AllPairsMiner();
        private Reduction reduction = Reduction.MEAN_NONZERO;

        private Builder() {}

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

        public Builder optMiner(PairMiner m) {
            this.miner = m;
            return this;
        }

        public Builder optReduction(Reduction r) {
            this.reduction = r;
            return this;
        }

        public ContrastiveLoss build() {
            if (!Float.isFinite(positiveMargin) || !Float.isFinite(negativeMargin)) {
                throw new IllegalArgumentException("contrastive margins must be finite, got pos=" + positiveMargin
                        + ", neg=" + negativeMargin);
            }
            if (distance == null || miner == null || reduction == null) {
                throw new IllegalArgumentException("distance, miner and reduction must not be null");
            }
            return new ContrastiveLoss(this);
        }
    }
}
