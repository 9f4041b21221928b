package org.rambo.rank;

import java.util.Arrays;

/**
 * Sorts one row of float scores into descending order, ties broken by ascending index, in
 * O(n): an LSD radix sort (three passes of 11 bits) over the floats' order-preserving bits.
 * This is the one sort the forward pass needs; every rank statistic the losses use follows
 * from the order with a linear pass. Instances hold scratch buffers and are not thread safe.
 */
public final class RowSorter {

    /** Below this length a packed-long comparison sort beats the radix passes' fixed cost. */
    static final int RADIX_THRESHOLD = 512;

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;

    private int[] keys = new int[0];
    private int[] keysTmp = new int[0];
    private int[] indexTmp = new int[0];
    private long[] packed = new long[0];
    private final int[] counts = new int[BUCKETS];
    private final int[] counts1 = new int[BUCKETS];
    private final int[] counts2 = new int[BUCKETS];

    /**
     * Writes into {@code order[0..n)} the indices of {@code values[offset..offset+n)}, highest
     * value first; equal values keep ascending index order. -0.0 and 0.0 count as equal.
     */
    public void sortDescending(float[] values, int offset, int n, int[] order) {
        if (n < RADIX_THRESHOLD) {
            comparisonSort(values, offset, n, order);
        } else {
            radixSort(values, offset, n, order);
        }
    }

    /**
     * Writes 1-based ranks (1 = highest) of {@code values[offset..offset+n)} into
     * {@code ranks[0..n)} and the descending order into {@code order[0..n)}.
     */
    public void ranks(float[] values, int offset, int n, int[] order, int[] ranks) {
        sortDescending(values, offset, n, order);
        for (int pos = 0; pos < n; pos++) {
            ranks[order[pos]] = pos + 1;
        }
    }

    /**
     * Unsigned key whose ascending order is the descending order of the float: the sign
     * flip makes the IEEE bits order like the numbers, the complement reverses the order.
     */
    static int descendingKey(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        int ascending = bits ^ ((bits >> 31) | 0x80000000);
        return ~ascending;
    }

    private void comparisonSort(float[] values, int offset, int n, int[] order) {
        if (packed.length < n) {
            packed = new long[n];
        }
        for (int i = 0; i < n; i++) {
            // unsigned key shifted into signed range in the high word, index in the low
            // word: a signed long sort gives the key order and breaks ties by index.
            long key = (descendingKey(values[offset + i]) & 0xffffffffL) - 0x80000000L;
            packed[i] = (key << 32) | i;
        }
        Arrays.sort(packed, 0, n);
        for (int i = 0; i < n; i++) {
            order[i] = (int) packed[i];
        }
    }

    private void radixSort(float[] values, int offset, int n, int[] order) {
        if (keys.length < n) {
            keys = new int[n];
            keysTmp = new int[n];
            indexTmp = new int[n];
        }
        int[] srcKeys = keys;
        int[] srcIdx = order;
        int[] dstKeys = keysTmp;
        int[] dstIdx = indexTmp;
        // one pass computes the keys and all three digit histograms
        Arrays.fill(counts, 0);
        Arrays.fill(counts1, 0);
        Arrays.fill(counts2, 0);
        for (int i = 0; i < n; i++) {
            int k = descendingKey(values[offset + i]);
            srcKeys[i] = k;
            srcIdx[i] = i;
            counts[k & MASK]++;
            counts1[(k >>> BITS) & MASK]++;
            counts2[k >>> (2 * BITS)]++;
        }
        int[][] histograms = {counts, counts1, counts2};
        for (int pass = 0; pass < 3; pass++) {
            int shift = pass * BITS;
            int[] c = histograms[pass];
            if (c[(srcKeys[0] >>> shift) & MASK] == n) {
                // every key has the same digit here: this pass would not move anything
                continue;
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int count = c[b];
                c[b] = sum;
                sum += count;
            }
            for (int i = 0; i < n; i++) {
                int k = srcKeys[i];
                int at = c[(k >>> shift) & MASK]++;
                dstKeys[at] = k;
                dstIdx[at] = srcIdx[i];
            }
            int[] t = srcKeys;
            srcKeys = dstKeys;
            dstKeys = t;
            t = srcIdx;
            srcIdx = dstIdx;
            dstIdx = t;
        }
        if (srcIdx != order) {
            System.arraycopy(srcIdx, 0, order, 0, n);
        }
    }
}
