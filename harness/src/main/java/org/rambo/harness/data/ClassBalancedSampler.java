package org.rambo.harness.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Class-balanced batches: P classes x K items, the same class never twice in a batch. Every
 * batch has exactly P*K indices, laid out class by class (K consecutive indices per class).
 *
 * <p>An epoch: each class's items are shuffled and cut into chunks of K (the remainder is left
 * out this epoch, a different remainder next epoch); a class with fewer than K items gives one
 * chunk that repeats its items (every item at least once). Batches are drawn by picking P
 * distinct classes with probability proportional to their remaining chunks, which drains the
 * classes evenly; the epoch ends when fewer than P classes have chunks left.
 *
 * <p>Super-class variant (SOP, In-shop): every batch takes its P classes from one super-class;
 * batches are drawn per super-class and then shuffled together. Super-classes with fewer than
 * P classes give no batches.
 *
 * <p>Deterministic: the batches depend only on (labels, superLabels, p, k, seed, epochIndex).
 */
public final class ClassBalancedSampler {
    private final int p;
    private final int k;
    private final long seed;
    /** Sorted class ids and, per class, its item indices ascending. */
    private final int[] classes;

    private final int[][] members;
    /** Per super-class group: positions into classes[]. A single group without super labels. */
    private final int[][] groups;

    public ClassBalancedSampler(int[] labels, int p, int k, long seed) {
        this(labels, null, p, k, seed);
    }

    /**
     * @param superLabels one per item, constant within a class; null for the plain sampler
     */
    public ClassBalancedSampler(int[] labels, int[] superLabels, int p, int k, long seed) {
        if (p < 1 || k < 1) {
            throw new IllegalArgumentException("P and K must be at least 1, got P=" + p + " K=" + k);
        }
        if (superLabels != null && superLabels.length != labels.length) {
            throw new IllegalArgumentException(
                    superLabels.length + " super-class labels for " + labels.length + " items");
        }
        this.p = p;
        this.k = k;
        this.seed = seed;
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        }
        classes = byClass.keySet().stream().mapToInt(Integer::intValue).toArray();
        members = byClass.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        if (superLabels == null) {
            int[] all = new int[classes.length];
            Arrays.setAll(all, i -> i);
            groups = new int[][] {all};
            if (classes.length < p) {
                throw new IllegalArgumentException(
                        "P=" + p + " classes per batch but the labels have only " + classes.length + " classes");
            }
        } else {
            TreeMap<Integer, List<Integer>> bySuper = new TreeMap<>();
            for (int c = 0; c < classes.length; c++) {
                int first = members[c][0];
                int s = superLabels[first];
                for (int i : members[c]) {
                    if (superLabels[i] != s) {
                        throw new IllegalArgumentException("class " + classes[c] + " has items in two super-classes: "
                                + "item " + first + " in " + s + ", item " + i + " in " + superLabels[i]);
                    }
                }
                bySuper.computeIfAbsent(s, x -> new ArrayList<>()).add(c);
            }
            groups = bySuper.values().stream()
                    .filter(l -> l.size() >= p)
                    .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                    .toArray(int[][]::new);
            if (groups.length == 0) {
                throw new IllegalArgumentException("no super-class has P=" + p + " classes (largest has "
                        + bySuper.values().stream().mapToInt(List::size).max().orElse(0) + ")");
            }
        }
    }

    public int p() {
        return p;
    }

    public int k() {
        return k;
    }

    public int batchSize() {
        return p * k;
    }

    /** The batches of one epoch (epochs numbered as the caller likes; same index, same batches). */
    public List<int[]> epoch(int epochIndex) {
        SplittableRandom rnd = new SplittableRandom(mix(seed ^ mix(0x5851F42D4C957F2DL + epochIndex)));
        List<int[]> batches = new ArrayList<>();
        for (int[] group : groups) {
            drawGroup(group, rnd, batches);
        }
        // Mix super-classes (and break any order the groups imposed).
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] t = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, t);
        }
        return batches;
    }

    private void drawGroup(int[] group, SplittableRandom rnd, List<int[]> out) {
        int g = group.length;
        // chunks[c] = the K-sized chunks of the class at position group[c], in shuffled order
        int[][][] chunks = new int[g][][];
        int[] left = new int[g];
        for (int c = 0; c < g; c++) {
            int[] items = members[group[c]].clone();
            shuffle(items, rnd);
            if (items.length < k) {
                int[] one = new int[k];
                for (int i = 0; i < k; i++) {
                    one[i] = items[i % items.length];
                }
                chunks[c] = new int[][] {one};
            } else {
                int n = items.length / k;
                chunks[c] = new int[n][];
                for (int j = 0; j < n; j++) {
                    chunks[c][j] = Arrays.copyOfRange(items, j * k, (j + 1) * k);
                }
            }
            left[c] = chunks[c].length;
        }
        Fenwick weights = new Fenwick(left);
        int active = g;
        int[] picked = new int[p];
        while (active >= p) {
            // P distinct classes, each with probability proportional to its remaining chunks:
            // take one out of the tree while drawing so it cannot be drawn twice, restore after.
            for (int j = 0; j < p; j++) {
                int c = weights.find(rnd.nextLong(weights.total()));
                picked[j] = c;
                weights.add(c, -left[c]);
            }
            int[] batch = new int[p * k];
            for (int j = 0; j < p; j++) {
                int c = picked[j];
                int[] chunk = chunks[c][chunks[c].length - left[c]];
                System.arraycopy(chunk, 0, batch, j * k, k);
                left[c]--;
                if (left[c] == 0) {
                    active--;
                } else {
                    weights.add(c, left[c]);
                }
            }
            out.add(batch);
        }
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** SplitMix64 finaliser: spreads (seed, epoch) so nearby seeds give unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Weighted sampling in O(log n): prefix sums of non-negative weights. */
    private static final class Fenwick {
        private final long[] tree;
        private long total;

        Fenwick(int[] w) {
            tree = new long[w.length + 1];
            for (int i = 0; i < w.length; i++) {
                add(i, w[i]);
            }
        }

        void add(int i, long delta) {
            total += delta;
            for (int x = i + 1; x < tree.length; x += x & -x) {
                tree[x] += delta;
            }
        }

        long total() {
            return total;
        }

        /** The smallest i whose prefix sum w[0..i] exceeds u, for 0 <= u < total. */
        int find(long u) {
            int pos = 0;
            int step = Integer.highestOneBit(Math.max(1, tree.length - 1));
            for (; step > 0; step >>= 1) {
                int nxt = pos + step;
                if (nxt < tree.length && tree[nxt] <= u) {
                    pos = nxt;
                    u -= tree[nxt];
                }
            }
            return pos;
        }
    }
}
