package org.rambo.harness.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes batches on a background thread pool while the caller trains on the current one.
 * Up to {@code depth} batches ahead are in flight; every item is its own task, so one batch's
 * images decode in parallel too.
 *
 * <p>Determinism: item i of batch b in an epoch is decoded with the seed
 * mix(seed, b, i), so a batch's contents depend only on (batches, seed), never on which thread
 * ran which item or when. Batches come out in order.
 *
 * <p>Undecodable items: by default the first failure is thrown (a DataException naming the
 * file). With skipUndecodable, the item is dropped from its batch and counted
 * ({@link Batch#skipped()}, {@link #skippedTotal()}, {@link #skippedIds()}).
 */
public final class PrefetchingLoader implements AutoCloseable {

    /** Turns dataset index + seed into itemSize floats (e.g. an ImagePipeline view). */
    @FunctionalInterface
    public interface ItemDecoder {
        float[] decode(int index, long seed);
    }

    /**
     * One batch: data holds size() items of itemSize floats each, row-major; indices and labels
     * are those of the kept items (skipped ones removed).
     */
    public record Batch(int number, int[] indices, int[] labels, float[] data, int skipped) {
        public int size() {
            return indices.length;
        }
    }

    private final ItemDecoder decoder;
    private final int itemSize;
    private final int[] labels;
    private final int depth;
    private final boolean skipUndecodable;
    private final ExecutorService pool;
    private final AtomicLong skipped = new AtomicLong();
    private final List<String> skippedIds = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param labels  label of each dataset index (copied into batches)
     * @param threads decoding threads
     * @param depth   batches decoded ahead of the one being consumed (at least 1)
     */
    public PrefetchingLoader(
            ItemDecoder decoder, int itemSize, int[] labels, int threads, int depth, boolean skipUndecodable) {
        if (threads < 1 || depth < 1 || itemSize < 1) {
            throw new IllegalArgumentException("threads, depth and itemSize must be at least 1");
        }
        this.decoder = decoder;
        this.itemSize = itemSize;
        this.labels = labels.clone();
        this.depth = depth;
        this.skipUndecodable = skipUndecodable;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rambo-data-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after training ends
            return t;
        });
    }

    /** Loader over dataset items decoded by a pipeline: training or evaluation view. */
    public static PrefetchingLoader forItems(
            List<Item> items, ImagePipeline pipeline, boolean train, int threads, int depth, boolean skipUndecodable) {
        ItemDecoder d = train
                ? (i, s) -> pipeline.train(items.get(i).path(), s)
                : (i, s) -> pipeline.eval(items.get(i).path());
        return new PrefetchingLoader(
                d, pipeline.config().outputSize(), RetrievalDataset.labels(items), threads, depth, skipUndecodable);
    }

    /** Iterates the given batches of one epoch, decoding ahead. */
    public Iterator<Batch> epoch(List<int[]> batches, long seed) {
        return new Iterator<>() {
            private final ArrayDeque<List<Future<float[]>>> ahead = new ArrayDeque<>();
            private int submitted;
            private int delivered;

            {
                fill();
            }

            private void fill() {
                while (submitted < batches.size() && ahead.size() < depth + 1) {
                    int b = submitted++;
                    int[] idx = batches.get(b);
                    List<Future<float[]>> fs = new ArrayList<>(idx.length);
                    for (int i = 0; i < idx.length; i++) {
                        int index = idx[i];
                        long s = itemSeed(seed, b, i);
                        fs.add(pool.submit(() -> decoder.decode(index, s)));
                    }
                    ahead.add(fs);
                }
            }

            @Override
            public boolean hasNext() {
                return delivered < batches.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int b = delivered++;
                List<Future<float[]>> fs = ahead.poll();
                fill(); // keep the pool busy while this batch is assembled and trained on
                int[] idx = batches.get(b);
                float[][] rows = new float[idx.length][];
                int kept = 0;
                for (int i = 0; i < idx.length; i++) {
                    try {
                        rows[i] = fs.get(i).get();
                        if (rows[i].length != itemSize) {
                            throw new IllegalStateException("item " + idx[i] + " decoded to " + rows[i].length
                                    + " floats, expected " + itemSize);
                        }
                        kept++;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while loading batch " + b, e);
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        if (skipUndecodable && c instanceof DataException de) {
                            skipped.incrementAndGet();
                            skippedIds.add(
                                    de.file() == null
                                            ? String.valueOf(idx[i])
                                            : de.file().toString());
                            continue;
                        }
                        for (List<Future<float[]>> rest : ahead) {
                            rest.forEach(f -> f.cancel(true));
                        }
                        if (c instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new IllegalStateException("decoding item " + idx[i] + " failed", c);
                    }
                }
                int[] keptIdx = new int[kept];
                int[] keptLabels = new int[kept];
                float[] data = new float[kept * itemSize];
                int k = 0;
                for (int i = 0; i < idx.length; i++) {
                    if (rows[i] != null) {
                        keptIdx[k] = idx[i];
                        keptLabels[k] = labels[idx[i]];
                        System.arraycopy(rows[i], 0, data, k * itemSize, itemSize);
                        k++;
                    }
                }
                return new Batch(b, keptIdx, keptLabels, data, idx.length - kept);
            }
        };
    }

    /** Sequential batches 0..n-1 of up to batchSize indices (evaluation order). */
    public static List<int[]> sequential(int n, int batchSize) {
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            int e = Math.min(n, s + batchSize);
            int[] b = new int[e - s];
            for (int i = 0; i < b.length; i++) {
                b[i] = s + i;
            }
            out.add(b);
        }
        return out;
    }

    static long itemSeed(long seed, int batch, int position) {
        return ClassBalancedSampler.mix(
                ClassBalancedSampler.mix(seed ^ ClassBalancedSampler.mix(batch + 1L)) + position);
    }

    public long skippedTotal() {
        return skipped.get();
    }

    /** Files (or indices) skipped so far, in the order they were met. */
    public List<String> skippedIds() {
        synchronized (skippedIds) {
            return List.copyOf(skippedIds);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
