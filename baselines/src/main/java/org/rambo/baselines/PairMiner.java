package org.rambo.baselines;

/** Chooses (anchor, other) pairs: {@link AllPairsMiner}, {@link DistanceWeightedSampler}. */
public interface PairMiner extends Miner<Pair> {}
