package org.rambo.baselines;

/** One ordered (anchor, other) pair of batch indices; positive when both share a class. */
public record Pair(int anchor, int other, boolean positive) {}
