package org.rambo.rank;

/**
 * A loss value and its gradient with respect to the score matrix (row-major, same length as
 * the scores), computed on plain arrays. {@link BlackboxRankingLoss#compute} turns it into a
 * DJL scalar; benchmarks and tests use it directly.
 */
public record LossAndGradient(double value, float[] gradient) {}
