package org.rambo.harness.train;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.ImagePipeline;
import org.rambo.harness.data.Item;
import org.rambo.harness.data.PipelineConfig;
import org.rambo.harness.data.PrefetchingLoader;
import org.rambo.harness.data.RetrievalDataset;

/**
 * CUB-200-2011, SOP, In-shop or an ImageFolder tree for training: images decoded, resized and
 * cropped by the {@link ImagePipeline} (random crop + flip for training, centre crop for
 * evaluation, ImageNet statistics), on a pool of {@code protocol.threads} decoder threads; the
 * training loop asks for {@code protocol.image.prefetch} batches ahead and evaluation chunks are
 * decoded ahead too. Each item's augmentation seed is derived from the batch seed and its
 * position, so batches do not depend on timing or on which thread decoded them.
 */
public final class ImageDatasetData implements TrainingData {

    private final RetrievalDataset dataset;
    private final List<Item> train;
    private final List<Item> eval;
    private final int queryCount;
    private final int[] trainLabels;
    private final int[] trainSuperLabels;
    private final int[] evalLabels;
    private final ImagePipeline pipeline;
    private final Shape shape;
    private final ExecutorService decoders;
    private final int workers;
    private final int prefetch;
    private final PrefetchingLoader evalLoader;

    public ImageDatasetData(RetrievalDataset dataset, DatasetSpec spec, ProtocolSpec protocol, int workers) {
        this.dataset = dataset;
        this.train = capPerClass(dataset.train(), spec.maxTrain());
        if (dataset.selfRetrieval()) {
            this.eval = capPerClass(dataset.query(), spec.maxEval());
            this.queryCount = 0;
        } else {
            List<Item> queries = capPerClass(dataset.query(), spec.maxEval());
            List<Item> all = new ArrayList<>(queries);
            all.addAll(dataset.gallery());
            this.eval = all;
            this.queryCount = queries.size();
        }
        this.trainLabels = RetrievalDataset.labels(train);
        this.trainSuperLabels = dataset.hasSuperClasses() ? RetrievalDataset.superLabels(train) : null;
        this.evalLabels = RetrievalDataset.labels(eval);
        this.pipeline = new ImagePipeline(view(protocol));
        this.shape = new Shape(
                protocol.image().channels(),
                protocol.image().crop(),
                protocol.image().crop());
        this.workers = Math.max(1, workers);
        this.prefetch = protocol.image().prefetchDepth();
        this.decoders = Executors.newFixedThreadPool(this.workers, r -> {
            Thread t = new Thread(r, "image-decoder");
            t.setDaemon(true);
            return t;
        });
        this.evalLoader = PrefetchingLoader.forItems(eval, pipeline, false, this.workers, prefetch, false);
    }

    /** The protocol's view: its sizes and flip, ImageNet statistics for 3 channels, [0, 1] for 1. */
    public static PipelineConfig view(ProtocolSpec protocol) {
        ProtocolSpec.ImageSpec im = protocol.image();
        PipelineConfig base = im.channels() == 3
                ? PipelineConfig.imagenet(im.resize(), im.crop())
                : PipelineConfig.plain(im.resize(), im.crop(), 1);
        return base.withFlip(im.flip());
    }

    /** The first items of each class, at most cap / classes per class (cap 0 = all). */
    static List<Item> capPerClass(List<Item> items, int cap) {
        if (cap <= 0) {
            return items;
        }
        long classes = items.stream().mapToInt(Item::label).distinct().count();
        long perClass = Math.max(1, cap / Math.max(1, classes));
        Map<Integer, Integer> seen = new HashMap<>();
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (seen.merge(it.label(), 1, Integer::sum) <= perClass) {
                out.add(it);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return dataset.name();
    }

    @Override
    public String checksum() {
        return dataset.checksum();
    }

    @Override
    public Shape imageShape() {
        return shape;
    }

    @Override
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    @Override
    public int[] trainSuperLabels() {
        return trainSuperLabels == null ? null : trainSuperLabels.clone();
    }

    @Override
    public float[] trainBatch(int[] indices, long augmentationSeed) {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            Item item = train.get(indices[i]);
            long seed = augmentationSeed * 1_000_003L + i;
            parts.add(decoders.submit(() -> pipeline.train(item.path(), seed)));
        }
        return gather(parts);
    }

    @Override
    public float[] trainImages(int[] indices) {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int index : indices) {
            Item item = train.get(index);
            parts.add(decoders.submit(() -> pipeline.eval(item.path())));
        }
        return gather(parts);
    }

    @Override
    public int[] evalLabels() {
        return evalLabels.clone();
    }

    @Override
    public int evalQueryCount() {
        return queryCount;
    }

    @Override
    public float[] evalImages(int from, int to) {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Item item = eval.get(i);
            parts.add(decoders.submit(() -> pipeline.eval(item.path())));
        }
        return gather(parts);
    }

    @Override
    public Iterator<float[]> evalChunks(int chunk) {
        Iterator<PrefetchingLoader.Batch> batches =
                evalLoader.epoch(PrefetchingLoader.sequential(eval.size(), chunk), 0L);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public float[] next() {
                return batches.next().data();
            }
        };
    }

    @Override
    public int dataWorkers() {
        return workers;
    }

    @Override
    public int prefetchDepth() {
        return prefetch;
    }

    private float[] gather(List<Future<float[]>> parts) {
        int size = (int) shape.size();
        float[] out = new float[parts.size() * size];
        for (int i = 0; i < parts.size(); i++) {
            try {
                System.arraycopy(parts.get(i).get(), 0, out, i * size, size);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding images", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // a DataException keeps its one line naming the file
                }
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }

    @Override
    public int[] defaultKs() {
        return dataset.recallKs();
    }

    @Override
    public void close() {
        decoders.shutdownNow();
        evalLoader.close();
    }
}
