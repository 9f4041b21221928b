package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefetchingLoaderTest {

    /** A decoder whose output encodes (index, seed), with uneven work so threads finish out of order. */
    private static float[] fake(int index, long seed) {
        long spin = (index * 7919L) % 5000;
        double x = 0;
        for (long i = 0; i < spin; i++) {
            x += Math.sqrt(i);
        }
        return new float[] {index, (float) (seed & 0xffff), x < 0 ? 1 : 0};
    }

    private static List<PrefetchingLoader.Batch> drain(PrefetchingLoader l, List<int[]> batches, long seed) {
        List<PrefetchingLoader.Batch> out = new ArrayList<>();
        l.epoch(batches, seed).forEachRemaining(out::add);
        return out;
    }

    @Test
    void outputIsTheSameForAnyThreadCountAndInOrder() {
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 7;
        }
        List<int[]> batches = new ClassBalancedSampler(labels, 3, 4, 1L).epoch(0);
        List<PrefetchingLoader.Batch> a;
        List<PrefetchingLoader.Batch> b;
        try (PrefetchingLoader one = new PrefetchingLoader(PrefetchingLoaderTest::fake, 3, labels, 1, 1, false);
                PrefetchingLoader four = new PrefetchingLoader(PrefetchingLoaderTest::fake, 3, labels, 4, 3, false)) {
            a = drain(one, batches, 99L);
            b = drain(four, batches, 99L);
        }
        assertEquals(batches.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(i, b.get(i).number());
            assertArrayEquals(batches.get(i), b.get(i).indices());
            assertArrayEquals(a.get(i).data(), b.get(i).data());
            int[] idx = batches.get(i);
            for (int j = 0; j < idx.length; j++) {
                assertEquals(idx[j], (int) b.get(i).data()[j * 3]); // row j is item idx[j]
                assertEquals(labels[idx[j]], b.get(i).labels()[j]);
            }
        }
        // different items in a batch get different seeds
        assertTrue(a.get(0).data()[1] != a.get(0).data()[4]);
    }

    @Test
    void decodesAheadOfTheConsumer() throws InterruptedException {
        CountDownLatch secondBatchStarted = new CountDownLatch(1);
        PrefetchingLoader.ItemDecoder d = (i, s) -> {
            if (i >= 10) {
                secondBatchStarted.countDown();
            }
            return new float[] {i};
        };
        try (PrefetchingLoader l = new PrefetchingLoader(d, 1, new int[20], 2, 2, false)) {
            Iterator<PrefetchingLoader.Batch> it = l.epoch(PrefetchingLoader.sequential(20, 10), 0L);
            assertEquals(10, it.next().size());
            // the consumer has not asked for batch 1, yet its items are being decoded
            assertTrue(secondBatchStarted.await(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void undecodableImagesAreSkippedAndCountedOrReported(@TempDir Path dir) throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path p = dir.resolve("img" + i + ".png");
            if (i == 4) {
                Files.writeString(p, "garbage");
            } else {
                Fixtures.writeImage(p, 8, 8, i);
            }
            items.add(new Item("img" + i, p, i % 2, -1));
        }
        ImagePipeline pipe = new ImagePipeline(PipelineConfig.plain(6, 4, 3));
        List<int[]> batches = List.of(new int[] {0, 1, 2}, new int[] {3, 4, 5});
        try (PrefetchingLoader l = PrefetchingLoader.forItems(items, pipe, true, 2, 2, true)) {
            List<PrefetchingLoader.Batch> out = drain(l, batches, 5L);
            assertEquals(3, out.get(0).size());
            assertArrayEquals(new int[] {3, 5}, out.get(1).indices());
            assertArrayEquals(new int[] {1, 1}, out.get(1).labels());
            assertEquals(1, out.get(1).skipped());
            assertEquals(2 * 48, out.get(1).data().length);
            assertEquals(1, l.skippedTotal());
            assertEquals(List.of(dir.resolve("img4.png").toString()), l.skippedIds());
            // kept rows are exactly the pipeline's training view with the loader's per-item seed
            assertArrayEquals(
                    pipe.train(items.get(5).path(), PrefetchingLoader.itemSeed(5L, 1, 2)),
                    Arrays.copyOfRange(out.get(1).data(), 48, 96));
        }
        try (PrefetchingLoader l = PrefetchingLoader.forItems(items, pipe, false, 2, 2, false)) {
            Iterator<PrefetchingLoader.Batch> it = l.epoch(batches, 5L);
            it.next();
            DataException e = assertThrows(DataException.class, it::next);
            assertEquals(dir.resolve("img4.png"), e.file());
        }
    }

    @Test
    void sequentialCoversAllIndices() {
        List<int[]> s = PrefetchingLoader.sequential(7, 3);
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {6}, s.get(2));
        assertArrayEquals(new int[] {3, 4, 5}, s.get(1));
    }
}
