package org.rambo.rank;

/**
 * Time spent inside the ranking sorts on the current thread, so a training loop can report
 * how much of a loss step is the sort. Cheap: two nanoTime calls per sorted matrix.
 */
public final class SortClock {

    private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private SortClock() {}

    static void add(long nanos) {
        NANOS.get()[0] += nanos;
    }

    /** Nanoseconds spent sorting on this thread since the last call; resets the count. */
    public static long takeNanos() {
        long[] n = NANOS.get();
        long v = n[0];
        n[0] = 0;
        return v;
    }
}
