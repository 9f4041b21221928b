package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.rambo.rank.Scalars;

/**
 * Contrastive loss (Hadsell et al. 2006, in pytorch-metric-learning's form): {@code relu(d - m_pos)}
 * for each positive pair plus {@code relu(m_neg - d)} for each negative pair, the two sets reduced
 * separately and summed. Pieces: a {@link Distance} (default L2), a {@link PairMiner} (default
 * every ordered pair) and a {@link Reduction} (default mean over non-zero terms).
 *
 * <p>Does NOT normalise the embeddings: the harness model already outputs unit vectors, so L2
 * distance lies in [0, 2] there; with the cosine distance (1 - cos) normalisation is implied.
 * Defaults m_pos 0, m_neg 1 (pytorch-metric-learning's ContrastiveLoss with its LpDistance).
 */
public final class ContrastiveLoss extends TupleLoss<Pair> {

    private final float positiveMargin;
    private final float negativeMargin;

    private ContrastiveLoss(Builder b) {
        super("ContrastiveLoss", b.distance, b.miner, b.reduction, false);
        this.positiveMargin = b.positiveMargin;
        this.negativeMargin = b.negativeMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Terms tupleTerms(EmbeddingBatch batch, List<Pair> pairs) {
        List<Pair> pos = pairs.stream().filter(Pair::positive).toList();
        List<Pair> neg = pairs.stream().filter(p -> !p.positive()).toList();
        List<NDArray> groups = new ArrayList<>(2);
        if (!pos.isEmpty()) {
            groups.add(Scalars.maximum(Pair.distances(batch, pos).sub(positiveMargin), 0f));
        }
        if (!neg.isEmpty()) {
            groups.add(Scalars.maximum(Pair.distances(batch, neg).neg().add(negativeMargin), 0f));
        }
        return Terms.of(groups);
    }

    @Override
    public String toString() {
        return "ContrastiveLoss[pos=" + positiveMargin + ", neg=" + negativeMargin + ", distance="
                + distance().name() + ", miner=" + miner().name() + ", reduction="
                + reduction().specName() + "]";
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
                throw new IllegalArgumentException(
                        "contrastive margins must be finite, got pos=" + positiveMargin + ", neg=" + negativeMargin);
            }
            if (distance == null || miner == null || reduction == null) {
                throw new IllegalArgumentException("distance, miner and reduction must not be null");
            }
            return new ContrastiveLoss(this);
        }
    }
}
