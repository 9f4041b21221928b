package org.rambo.rank;

import java.util.Arrays;

/**
 * Sorts one row of float scores into descending order, ties broken by ascending index, in
 * O(n): an LSD radix sort over the floats' order-preserving bits, three passes of 11 bits on
 * long rows and four passes of 8 bits on the rows of a few hundred to a few thousand elements a
 * training batch ranks (the 8-bit histograms cost 1/8 of the 11-bit ones to clear and sum).
 * This is the one sort the forward pass needs; every rank statistic the losses use follows
 * from the order with a linear pass. Instances hold scratch buffers and are not thread safe.
 */
public final class RowSorter {

    /** Below this length a packed-long comparison sort beats the radix passes' fixed cost. */
    static final int RADIX_THRESHOLD = 96;

    /** From this length the 11-bit radix sort (three passes) beats the 8-bit one (four). */
    static final int LARGE_RADIX_FROM = 1 << 13;

    private static final int SMALL_BITS = 8;
    private static final int SMALL_BUCKETS = 1 << SMALL_BITS;
    private static final int SMALL_MASK = SMALL_BUCKETS - 1;

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;

    private long[] packedA = new long[0];
    private long[] packedB = new long[0];
    private long[] packed = new long[0];
    private final int[][] histograms = new int[3][BUCKETS];
    private final int[] smallHistograms = new int[4 * SMALL_BUCKETS];

    /**
     * Writes into {@code order[0..n)} the indices of {@code values[offset..offset+n)}, highest
     * value first; equal values keep ascending index order. -0.0 and 0.0 count as equal.
     */
    public void sortDescending(float[] values, int offset, int n, int[] order) {
        sort(values, offset, n, order, 0, null, 0);
    }

    /**
     * Like {@link #sortDescending} but writes the order at {@code order[orderOffset..)} and, when
     * {@code keysOut} is not null, the sorted {@link #descendingKey keys} (ascending unsigned,
     * i.e. the values descending) at {@code keysOut[keysOffset..)}: a later merge can compare
     * against the sorted keys sequentially instead of gathering the values by index.
     */
    void sort(float[] values, int offset, int n, int[] order, int orderOffset, int[] keysOut, int keysOffset) {
        sort(values, offset, n, order, orderOffset, keysOut, keysOffset, null);
    }

    /** Set on an order entry whose element is tagged (see {@link #sort(float[], int, int, int[], int, int[], int, float[])}). */
    static final int TAG = 0x80000000;

    /**
     * As above; when {@code tags} is not null, every order entry {@code i} with
     * {@code tags[offset + i] != 0} is written as {@code i | TAG}: the sort carries the tag to
     * the sorted position for free, where reading it afterwards would be a random access per
     * element. Callers clear the bit ({@code & ~TAG}) before using the entry as an index.
     */
    void sort(
            float[] values,
            int offset,
            int n,
            int[] order,
            int orderOffset,
            int[] keysOut,
            int keysOffset,
            float[] tags) {
        if (n < RADIX_THRESHOLD) {
            comparisonSort(values, offset, n, order, orderOffset, keysOut, keysOffset);
            if (tags != null) {
                for (int i = 0; i < n; i++) {
                    int idx = order[orderOffset + i];
                    order[orderOffset + i] = tags[offset + idx] != 0f ? idx | TAG : idx;
                }
            }
        } else if (n < LARGE_RADIX_FROM) {
            smallRadixSort(values, offset, n, order, orderOffset, keysOut, keysOffset, tags);
        } else {
            radixSort(values, offset, n, order, orderOffset, keysOut, keysOffset, tags);
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

    /** Compares two descending keys: negative when a sorts before b (a's value is higher). */
    static int compareKeys(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    void comparisonSort(
            float[] values, int offset, int n, int[] order, int orderOffset, int[] keysOut, int keysOffset) {
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
            order[orderOffset + i] = (int) packed[i];
        }
        if (keysOut != null) {
            for (int i = 0; i < n; i++) {
                keysOut[keysOffset + i] = (int) ((packed[i] >> 32) + 0x80000000L);
            }
        }
    }

    /**
     * LSD radix sort of a short row, four digits of 8 bits, on packed longs (key in the high word,
     * tagged index in the low word) in the scratch arrays; digits on which every key agrees are
     * skipped. Stable, so equal keys keep ascending index order, as in the other sorts.
     */
    void smallRadixSort(
            float[] values,
            int offset,
            int n,
            int[] order,
            int orderOffset,
            int[] keysOut,
            int keysOffset,
            float[] tags) {
        int[] c = smallHistograms;
        Arrays.fill(c, 0);
        if (packedA.length < n) {
            packedA = new long[n];
        }
        if (packedB.length < n) {
            packedB = new long[n];
        }
        long[] src = packedA;
        for (int i = 0; i < n; i++) {
            int k = descendingKey(values[offset + i]);
            c[k & SMALL_MASK]++;
            c[SMALL_BUCKETS + ((k >>> 8) & SMALL_MASK)]++;
            c[2 * SMALL_BUCKETS + ((k >>> 16) & SMALL_MASK)]++;
            c[3 * SMALL_BUCKETS + (k >>> 24)]++;
            int idx = tags != null && tags[offset + i] != 0f ? i | TAG : i;
            src[i] = ((long) k << 32) | (idx & 0xffffffffL);
        }
        long first = src[0] >>> 32;
        long[] dst = packedB;
        for (int pass = 0; pass < 4; pass++) {
            int h = pass * SMALL_BUCKETS;
            int shift = 32 + pass * SMALL_BITS;
            if (c[h + (int) ((first >>> (pass * SMALL_BITS)) & SMALL_MASK)] == n) {
                continue; // every key has the same digit here: this pass would not move anything
            }
            int sum = 0;
            for (int b = h; b < h + SMALL_BUCKETS; b++) {
                int count = c[b];
                c[b] = sum;
                sum += count;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[c[h + ((int) (v >>> shift) & SMALL_MASK)]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        for (int i = 0; i < n; i++) {
            order[orderOffset + i] = (int) src[i];
        }
        if (keysOut != null) {
            for (int i = 0; i < n; i++) {
                keysOut[keysOffset + i] = (int) (src[i] >>> 32);
            }
        }
    }

    /**
     * LSD radix sort, three digits of 11 bits. One pass computes all three histograms from the
     * values; digits on which every key agrees are skipped; the first scatter computes the keys
     * from the values again (no key array written up front) and the last one writes straight
     * into the caller's arrays (the keys only when asked for).
     */
    void radixSort(
            float[] values,
            int offset,
            int n,
            int[] order,
            int orderOffset,
            int[] keysOut,
            int keysOffset,
            float[] tags) {
        int[] c0 = histograms[0];
        int[] c1 = histograms[1];
        int[] c2 = histograms[2];
        Arrays.fill(c0, 0);
        Arrays.fill(c1, 0);
        Arrays.fill(c2, 0);
        for (int i = 0; i < n; i++) {
            int k = descendingKey(values[offset + i]);
            c0[k & MASK]++;
            c1[(k >>> BITS) & MASK]++;
            c2[k >>> (2 * BITS)]++;
        }
        int first = descendingKey(values[offset]);
        int[] active = new int[3];
        int passes = 0;
        for (int pass = 0; pass < 3; pass++) {
            int[] c = histograms[pass];
            if (c[(first >>> (pass * BITS)) & MASK] == n) {
                continue; // every key has the same digit here: this pass would not move anything
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int count = c[b];
                c[b] = sum;
                sum += count;
            }
            active[passes++] = pass;
        }
        if (passes == 0) {
            // all keys equal: the order is the index order
            for (int i = 0; i < n; i++) {
                order[orderOffset + i] = tags != null && tags[offset + i] != 0f ? i | TAG : i;
            }
            if (keysOut != null) {
                Arrays.fill(keysOut, keysOffset, keysOffset + n, first);
            }
            return;
        }
        if (passes > 1 && packedA.length < n) {
            packedA = new long[n];
        }
        if (passes > 2 && packedB.length < n) {
            packedB = new long[n];
        }
        // Between passes each element travels as one long, key in the high word and (tagged)
        // index in the low word: one write stream per scatter instead of two halves the cache
        // lines a pass keeps open (measured about 15% faster at 2^20 than separate int arrays).
        long[] src = null;
        for (int j = 0; j < passes; j++) {
            int shift = active[j] * BITS;
            int[] c = histograms[active[j]];
            boolean last = j == passes - 1;
            if (src == null && last) {
                // a single active digit: straight from the values into the caller's arrays
                for (int i = 0; i < n; i++) {
                    int k = descendingKey(values[offset + i]);
                    int at = c[(k >>> shift) & MASK]++;
                    if (keysOut != null) {
                        keysOut[keysOffset + at] = k;
                    }
                    order[orderOffset + at] = tags != null && tags[offset + i] != 0f ? i | TAG : i;
                }
            } else if (src == null) {
                long[] dst = packedA;
                if (tags == null) {
                    for (int i = 0; i < n; i++) {
                        int k = descendingKey(values[offset + i]);
                        dst[c[(k >>> shift) & MASK]++] = ((long) k << 32) | i;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        int k = descendingKey(values[offset + i]);
                        int idx = tags[offset + i] != 0f ? i | TAG : i;
                        dst[c[(k >>> shift) & MASK]++] = ((long) k << 32) | (idx & 0xffffffffL);
                    }
                }
                src = dst;
            } else {
                int digit = shift + 32;
                if (!last) {
                    long[] dst = src == packedA ? packedB : packedA;
                    for (int i = 0; i < n; i++) {
                        long v = src[i];
                        dst[c[(int) (v >>> digit) & MASK]++] = v;
                    }
                    src = dst;
                } else if (keysOut == null) {
                    for (int i = 0; i < n; i++) {
                        long v = src[i];
                        order[orderOffset + c[(int) (v >>> digit) & MASK]++] = (int) v;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        long v = src[i];
                        int at = c[(int) (v >>> digit) & MASK]++;
                        order[orderOffset + at] = (int) v;
                        keysOut[keysOffset + at] = (int) (v >>> 32);
                    }
                }
            }
        }
    }
}
