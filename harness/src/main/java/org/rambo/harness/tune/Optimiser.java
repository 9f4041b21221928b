package org.rambo.harness.tune;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Proposes a method's trials: trials 0..initial-1 are the points of a seeded Latin hypercube,
 * later trials come from a {@link Tpe} fitted to the trials before them. The proposal for trial
 * t depends only on the seed, the method id and the values of trials 0..t-1, so proposing again
 * (in another process, after a crash) gives the same trial.
 */
public final class Optimiser {

    private final int dimensions;
    private final int initial;
    private final long seed;
    private final Tpe tpe;

    public Optimiser(int[] levels, int initial, long seed, String method) {
        this.dimensions = levels.length;
        this.initial = initial;
        this.seed = mix(seed, method);
        this.tpe = new Tpe(levels);
    }

    /** Trial t's point, given the points and values (null = failed) of trials 0..t-1. */
    public double[] propose(int t, List<double[]> points, List<Double> values) {
        if (points.size() != t || values.size() != t) {
            throw new IllegalArgumentException("trial " + t + " needs the " + t + " trials before it");
        }
        if (t < initial) {
            return LatinHypercube.points(initial, dimensions, seed)[t];
        }
        return tpe.propose(points, values, new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (t + 1)));
    }

    /** Whether trial t's proposal waits for earlier trials' values (false for the space-filling start). */
    public boolean needsHistory(int t) {
        return t >= initial;
    }

    private static long mix(long seed, String method) {
        long h = seed;
        for (byte b : method.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        return h;
    }
}
