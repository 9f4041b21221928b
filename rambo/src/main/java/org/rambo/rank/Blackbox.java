package org.rambo.rank;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The two halves of blackbox differentiation of ranking, on row-major arrays.
 * Forward: one sort per row gives the order (and the ranks). Backward: perturb the scores by
 * lambda times the incoming gradient, sort once more, and return
 * {@code -(rank(y) - rank(y + lambda g)) / (lambda + 1e-8)} in normalised ranks.
 *
 * <p>Rows are independent: on a large matrix they are spread over the available cores, each
 * row sorted and written by exactly one thread, so the result does not depend on the number of
 * threads. The sort time is measured on the calling thread ({@link SortClock}).
 */
final class Blackbox {

    /** The reference implementation adds this to lambda in the backward division. */
    static final double LAMBDA_EPSILON = 1e-8;

    /** Below this many elements in total the rows are handled on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1 << 13;

    /** Rows longer than this do not keep their sort buffers cached on the thread. */
    private static final int CACHE_LIMIT = 1 << 22;

    private static final ThreadLocal<RowSorter> SORTERS = ThreadLocal.withInitial(RowSorter::new);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Blackbox() {}

    /** Runs body(row) for every row, in parallel when the matrix is large and there are cores. */
    static void forEachRow(int rows, int cols, IntConsumer body) {
        if (rows > 1
                && (long) rows * cols >= PARALLEL_THRESHOLD
                && Runtime.getRuntime().availableProcessors() > 1) {
            IntStream.range(0, rows).parallel().forEach(body);
        } else {
            for (int r = 0; r < rows; r++) {
                body.accept(r);
            }
        }
    }

    /** A sorter with scratch buffers for this thread (a fresh one for very long rows). */
    static RowSorter sorter(int cols) {
        return cols > CACHE_LIMIT ? new RowSorter() : SORTERS.get();
    }

    /**
     * Sorts every row descending. {@code order[base + pos]} is the column at position pos
     * of the row starting at base; {@code ranks[base + col]} its 1-based rank.
     */
    static void sortRows(float[] scores, int rows, int cols, int[] order, int[] ranks) {
        long start = System.nanoTime();
        forEachRow(rows, cols, r -> {
            int base = r * cols;
            sorter(cols).sort(scores, base, cols, order, base, null, 0);
            for (int pos = 0; pos < cols; pos++) {
                ranks[base + order[base + pos]] = pos + 1;
            }
        });
        SortClock.add(System.nanoTime() - start);
    }

    /**
     * Adds to {@code gradient} the blackbox gradient w.r.t. the scores, given the gradient of
     * the loss w.r.t. the normalised ranks ({@code dRank}) and the forward pass's order.
     * The general entry point: the losses use {@link #backwardSparse}, which gives identical
     * results from a list of the elements with a non-zero incoming gradient.
     */
    static void backward(
            float[] scores,
            int rows,
            int cols,
            int[] order,
            int[] ranks,
            double[] dRank,
            float lambda,
            float[] gradient) {
        // the moved elements of each row, in forward order, and the sorted keys
        int[] rowStart = new int[rows + 1];
        int total = 0;
        for (int i = 0; i < dRank.length; i++) {
            total += dRank[i] != 0.0 ? 1 : 0;
        }
        int[] movedPos = new int[total];
        double[] movedD = new double[total];
        int[] keys = new int[scores.length];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            rowStart[r] = k;
            for (int pos = 0; pos < cols; pos++) {
                int col = order[base + pos];
                keys[base + pos] = RowSorter.descendingKey(scores[base + col]);
                double d = dRank[base + col];
                if (d != 0.0) {
                    movedPos[k] = pos;
                    movedD[k++] = d;
                }
            }
        }
        rowStart[rows] = k;
        backwardSparse(scores, rows, cols, order, keys, rowStart, movedPos, movedD, lambda, gradient);
    }

    /**
     * The blackbox backward from the elements that carry an incoming gradient: for row r they
     * are {@code movedPos[rowStart[r] .. rowStart[r+1])}, their forward positions in ascending
     * order, with incoming gradients {@code movedD} (non-zero).
     *
     * <p>Elements whose incoming gradient is zero keep their score under the perturbation, so
     * their relative order is the forward order. When few elements move (for the recall and AP
     * losses only positives carry gradient), the perturbed ranking is the merge of those
     * unmoved elements, in forward order, with the moved ones sorted on their own: a sort of
     * the moved elements and a linear pass instead of a full sort. The merge compares the
     * sorted forward keys sequentially and breaks ties by ascending column, exactly as a full
     * sort would, so both paths give identical ranks. The change of rank of each element is
     * read off during the merge: no rank arrays.
     */
    static void backwardSparse(
            float[] scores,
            int rows,
            int cols,
            int[] order,
            int[] keys,
            int[] rowStart,
            int[] movedPos,
            double[] movedD,
            float lambda,
            float[] gradient) {
        long start = System.nanoTime();
        double scale = backwardScale(cols, lambda);
        forEachRow(rows, cols, r -> {
            int k0 = rowStart[r];
            int moved = rowStart[r + 1] - k0;
            if (moved == 0) {
                return; // nothing moves: every rank is unchanged, the gradient is zero
            }
            Scratch s = cols > CACHE_LIMIT ? new Scratch() : SCRATCH.get();
            s.ensure(moved, cols);
            int base = r * cols;
            for (int j = 0; j < moved; j++) {
                int col = order[base + movedPos[k0 + j]];
                s.movedCols[j] = col;
                s.movedScores[j] = (float) (scores[base + col] + (double) lambda * movedD[k0 + j]);
            }
            if (moved > cols / 4) {
                fullResort(scores, base, cols, order, s, moved, scale, gradient);
            } else {
                merge(base, cols, order, keys, movedPos, k0, s, moved, scale, gradient);
            }
        });
        SortClock.add(System.nanoTime() - start);
    }

    /** The factor from a change of position to the gradient: normalised ranks, divided by lambda. */
    static double backwardScale(int cols, float lambda) {
        return 1.0 / (cols * (lambda + LAMBDA_EPSILON));
    }

    /** Many elements move: sort the whole perturbed row. */
    private static void fullResort(
            float[] scores, int base, int cols, int[] order, Scratch s, int moved, double scale, float[] gradient) {
        float[] perturbed = s.rowPerturbed;
        System.arraycopy(scores, base, perturbed, 0, cols);
        for (int j = 0; j < moved; j++) {
            perturbed[s.movedCols[j]] = s.movedScores[j];
        }
        int[] forwardPos = s.forwardPos;
        for (int pos = 0; pos < cols; pos++) {
            forwardPos[order[base + pos]] = pos;
        }
        int[] perturbedOrder = s.perturbedOrder;
        sorter(cols).sort(perturbed, 0, cols, perturbedOrder, 0, null, 0);
        for (int pos = 0; pos < cols; pos++) {
            int col = perturbedOrder[pos];
            int diff = forwardPos[col] - pos;
            if (diff != 0) {
                gradient[base + col] += (float) (-diff * scale);
            }
        }
    }

    /** Few elements move: sort them alone and merge them into the unmoved forward order. */
    private static void merge(
            int base,
            int cols,
            int[] order,
            int[] keys,
            int[] movedPos,
            int k0,
            Scratch s,
            int moved,
            double scale,
            float[] gradient) {
        int[] mo = s.movedOrder;
        // by perturbed score descending; ties by list index = forward position, fixed to column below
        sorter(cols).sort(s.movedScores, 0, moved, mo, 0, s.movedKeys, 0);
        int[] mk = s.movedKeys;
        for (int a = 0; a < moved; ) {
            int b = a + 1;
            while (b < moved && mk[b] == mk[a]) {
                b++;
            }
            if (b - a > 1) {
                // equal perturbed scores: a full sort would order them by column
                for (int i = a + 1; i < b; i++) {
                    int v = mo[i];
                    int j = i - 1;
                    while (j >= a && s.movedCols[mo[j]] > s.movedCols[v]) {
                        mo[j + 1] = mo[j];
                        j--;
                    }
                    mo[j + 1] = v;
                }
            }
            a = b;
        }
        boolean[] movedAt = s.movedAt;
        for (int j = 0; j < moved; j++) {
            movedAt[movedPos[k0 + j]] = true;
        }
        int f = 0;
        int m = 0;
        for (int pos = 0; pos < cols; pos++) {
            while (f < cols && movedAt[f]) {
                f++; // skip moved elements in the forward order
            }
            boolean takeMoved;
            if (m >= moved) {
                takeMoved = false;
            } else if (f >= cols) {
                takeMoved = true;
            } else {
                int c = RowSorter.compareKeys(mk[m], keys[base + f]);
                takeMoved = c < 0 || (c == 0 && s.movedCols[mo[m]] < order[base + f]);
            }
            int col;
            int diff;
            if (takeMoved) {
                int j = mo[m++];
                col = s.movedCols[j];
                diff = movedPos[k0 + j] - pos;
            } else {
                col = order[base + f];
                diff = f++ - pos;
            }
            if (diff != 0) {
                gradient[base + col] += (float) (-diff * scale);
            }
        }
        for (int j = 0; j < moved; j++) {
            movedAt[movedPos[k0 + j]] = false;
        }
    }

    /** Per-thread buffers of the backward pass. */
    private static final class Scratch {
        int[] movedCols = new int[0];
        float[] movedScores = new float[0];
        int[] movedOrder = new int[0];
        int[] movedKeys = new int[0];
        boolean[] movedAt = new boolean[0];
        float[] rowPerturbed = new float[0];
        int[] forwardPos = new int[0];
        int[] perturbedOrder = new int[0];

        void ensure(int moved, int cols) {
            if (movedCols.length < moved) {
                int m = Math.max(moved, Math.min(cols, 2 * movedCols.length));
                movedCols = new int[m];
                movedScores = new float[m];
                movedOrder = new int[m];
                movedKeys = new int[m];
            }
            if (movedAt.length < cols) {
                movedAt = new boolean[cols];
            }
            if (moved > cols / 4 && rowPerturbed.length < cols) {
                rowPerturbed = new float[cols];
                forwardPos = new int[cols];
                perturbedOrder = new int[cols];
            }
        }
    }
}
