package org.rambo.baselines;

/** One (anchor, positive, negative) triplet of batch indices. */
public record Triplet(int anchor, int positive, int negative) {}
