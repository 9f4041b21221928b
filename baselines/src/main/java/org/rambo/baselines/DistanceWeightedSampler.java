package org.rambo.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * Distance-weighted sampling (Wu et al., "Sampling Matters in Deep Embedding Learning", ICCV
 * 2017). For points spread uniformly on the unit sphere in R^n, pairwise distances have density
 * {@code q(d) ∝ d^(n-2) (1 - d²/4)^((n-3)/2)}; a negative is drawn with probability ∝ 1/q(d),
 * which spreads the draws over all distances instead of the few most common ones. As in the
 * authors' code, d is clipped below at {@code cutoff} (default 0.5) to bound the variance, and
 * negatives at distance ≥ {@code nonzeroLossCutoff} (default 1.4) get weight 0, since they would
 * give a zero loss anyway.
 *
 * <p>Pairs: for every anchor, every positive (anchor, p) and, per positive, one negative drawn
 * independently (with replacement); with k samples per class this is the authors' k-1 negatives
 * per anchor, and it generalises to any class sizes. If every negative of an anchor has weight 0
 * the negative is drawn uniformly among the anchor's negatives (the authors' code falls back to a
 * uniform draw over the whole batch). Anchors without a positive yield no pairs. Expects L2
 * distances of L2-normalised embeddings.
 *
 * <p>The draws come from one seeded stream (SplittableRandom's SplitMix64): the same seed and the
 * same calls give the same pairs. Its whole state is one long, {@link #state()}: a training run
 * saves it with its checkpoint and {@link #restoreState(long)} resumes the stream exactly. A fresh
 * sampler's state is its seed, so {@code restoreState(s)} also restarts it as if seeded with s.
 */
public final class DistanceWeightedSampler implements PairMiner {

    private final double cutoff;
    private final double nonzeroLossCutoff;
    private final SplitMix random;

    private DistanceWeightedSampler(Builder b) {
        if (!(b.cutoff >= 0) || !Double.isFinite(b.cutoff)) {
            throw new IllegalArgumentException("cutoff must be a finite number >= 0, got " + b.cutoff);
        }
        if (!(b.nonzeroLossCutoff > b.cutoff) || !Double.isFinite(b.nonzeroLossCutoff)) {
            throw new IllegalArgumentException(
                    "nonzero-loss cutoff must be finite and > cutoff " + b.cutoff + ", got " + b.nonzeroLossCutoff);
        }
        this.cutoff = b.cutoff;
        this.nonzeroLossCutoff = b.nonzeroLossCutoff;
        this.random = new SplitMix(b.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "distance-weighted";
    }

    /** The state of the sampling stream: the seed before the first draw, then advanced by each draw. */
    public long state() {
        return random.state();
    }

    /**
     * Sets the stream to a state read with {@link #state()} (or to a seed): the next draws are
     * those that followed it.
     */
    public void restoreState(long state) {
        random.setState(state);
    }

    /**
     * The sampling probabilities of every item as the negative of {@code anchor} (0 for the
     * anchor, its positives and negatives beyond the non-zero-loss cutoff); all zeros when no
     * negative is eligible.
     */
    public double[] probabilities(double[] distances, int[] labels, int dim, int anchor) {
        int n = labels.length;
        double[] logWeights = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            logWeights[j] = Double.NEGATIVE_INFINITY;
            double raw = distances[anchor * n + j];
            if (j != anchor && labels[j] != labels[anchor] && raw < nonzeroLossCutoff) {
                double d = Math.max(cutoff, raw);
                // log(1 / q(d))
                logWeights[j] =
                        (2.0 - dim) * Math.log(d) - ((dim - 3.0) / 2.0) * Math.log(Math.max(1e-8, 1.0 - 0.25 * d * d));
                max = Math.max(max, logWeights[j]);
            }
        }
        double total = 0;
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = logWeights[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logWeights[j] - max);
            total += p[j];
        }
        for (int j = 0; j < n && total > 0; j++) {
            p[j] /= total;
        }
        return p;
    }

    @Override
    public List<Pair> mine(double[] distances, int[] labels, int dim) {
        int n = labels.length;
        if (distances.length != (long) n * n) {
            throw new IllegalArgumentException("distances hold " + distances.length + " values for " + n + " items");
        }
        List<Pair> pairs = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            double[] p = null;
            for (int pos = 0; pos < n; pos++) {
                if (pos == a || labels[pos] != labels[a]) {
                    continue;
                }
                if (p == null) {
                    p = probabilities(distances, labels, dim, a);
                }
                pairs.add(new Pair(a, pos, true));
                int negative = draw(p, labels, a);
                if (negative >= 0) {
                    pairs.add(new Pair(a, negative, false));
                }
            }
        }
        return pairs;
    }

    /** One index by probability; uniform over the anchor's negatives if all are 0; -1 if it has none. */
    private int draw(double[] p, int[] labels, int anchor) {
        double u = random.nextDouble();
        int last = -1;
        for (int j = 0; j < p.length; j++) {
            if (p[j] > 0) {
                last = j;
                u -= p[j];
                if (u < 0) {
                    return j;
                }
            }
        }
        if (last >= 0) {
            return last; // rounding left u a hair above 0
        }
        List<Integer> negatives = new ArrayList<>();
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] != labels[anchor]) {
                negatives.add(j);
            }
        }
        return negatives.isEmpty() ? -1 : negatives.get(random.nextInt(negatives.size()));
    }

    /** Builder: Wu et al.'s cutoffs 0.5 and 1.4; the seed of the sampling stream (default 0). */
    public static final class Builder {
        private double cutoff = 0.5;
        private double nonzeroLossCutoff = 1.4;
        private long seed;

        private Builder() {}

        public Builder optCutoff(double cutoff) {
            this.cutoff = cutoff;
            return this;
        }

        public Builder optNonzeroLossCutoff(double c) {
            this.nonzeroLossCutoff = c;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public DistanceWeightedSampler build() {
            return new DistanceWeightedSampler(this);
        }
    }
}
