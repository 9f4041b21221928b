package org.rambo.harness.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.MarginLoss;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.train.EmbeddingModel;
import org.rambo.harness.train.TrainingData;
import org.rambo.harness.train.TrainingDataFactory;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * The embeddings of a finished run: its config.json rebuilds the model and the data, its
 * checkpoint (written after the last epoch, whose evaluation is final.json's {@code last})
 * supplies the weights, and the images go through the model in the same chunks as the run's
 * own evaluation, so the vectors are the ones that run scored.
 */
final class RunEmbeddings {

    /** Images per forward pass: the run's evaluation uses the same chunks. */
    static final int CHUNK = 256;

    /** The embedded items: rows x dim floats, a label per row, the first {@code queries} rows queries (In-shop). */
    record Result(float[] vectors, int dim, int[] labels, int queries) {}

    /** What config.json says the run was. */
    record RunSpec(DatasetSpec dataset, ProtocolSpec protocol, String loss) {}

    private RunEmbeddings() {}

    /** Reads the run folder's config and checks that the run finished, so its checkpoint holds the final weights. */
    static RunSpec read(Path run) throws RunFolderException {
        Path config = run.resolve(RunFiles.CONFIG);
        if (!Files.isDirectory(run)) {
            throw new RunFolderException(run, "no such run folder");
        }
        if (!Files.isRegularFile(config)) {
            throw new RunFolderException(config, "missing: not a run folder");
        }
        if (!FinalRecord.exists(run)) {
            throw new RunFolderException(
                    run.resolve(RunFiles.FINAL),
                    "missing: the run has not finished (embed" + " uses the weights final.json was measured with)");
        }
        FinalRecord fin = FinalRecord.read(run);
        if (fin.status() != RunStatus.FINISHED) {
            throw new RunFolderException(
                    run.resolve(RunFiles.FINAL),
                    "the run " + fin.status().toString().toLowerCase(Locale.ROOT)
                            + (fin.failure() == null ? "" : " (" + fin.failure() + ")")
                            + "; its checkpoint is not the weights of a finished run");
        }
        if (!Files.isRegularFile(run.resolve(RunFiles.CHECKPOINT))) {
            throw new RunFolderException(run.resolve(RunFiles.CHECKPOINT), "missing: the run's final weights");
        }
        try {
            JsonNode tree = CanonicalJson.MAPPER.readTree(config.toFile());
            DatasetSpec dataset = CanonicalJson.MAPPER.treeToValue(tree.get("dataset"), DatasetSpec.class);
            ProtocolSpec protocol = CanonicalJson.MAPPER.treeToValue(tree.get("protocol"), ProtocolSpec.class);
            String loss = tree.path("loss").asText(null);
            if (dataset == null || protocol == null || loss == null) {
                throw new RunFolderException(config, "needs the keys dataset, protocol and loss");
            }
            return new RunSpec(dataset, protocol, loss);
        } catch (IOException | IllegalArgumentException e) {
            throw new RunFolderException(
                    config, "not a run config: " + e.getMessage().split("\n")[0], e);
        }
    }

    /** The held-out set's embeddings (the set final.json's metrics are measured on). */
    static Result test(Path run, RunSpec spec, Path baseDir) throws RunFolderException, IOException {
        try (TrainingData data = TrainingDataFactory.open(spec.dataset(), spec.protocol(), baseDir)) {
            int[] labels = data.evalLabels();
            float[] vectors = embed(run, spec, data.imageShape(), labels.length, data::evalImages);
            return new Result(vectors, spec.protocol().embeddingDim(), labels, data.evalQueryCount());
        }
    }

    /**
     * The training set's embeddings. Only Fashion-MNIST has training images without augmentation
     * here (with flips off its training batch is the plain image); other datasets decode training
     * images with a random crop.
     */
    static Result train(Path run, RunSpec spec, Path baseDir) throws RunFolderException, IOException {
        if (!spec.dataset().name().equals("fashion-mnist")) {
            throw new IllegalArgumentException("--split train: only fashion-mnist runs have training images"
                    + " without augmentation; use --split test");
        }
        ProtocolSpec p = spec.protocol();
        ProtocolSpec plain = new ProtocolSpec(
                p.backbone(),
                p.pretrained(),
                p.embeddingDim(),
                new ProtocolSpec.ImageSpec(
                        p.image().resize(),
                        p.image().crop(),
                        false,
                        p.image().channels(),
                        p.image().prefetch()),
                p.sampler(),
                p.optimizer(),
                p.schedule(),
                p.epochs(),
                p.stepsPerEpoch(),
                p.evalEvery(),
                p.eval(),
                p.threads(),
                p.device());
        try (TrainingData data = TrainingDataFactory.open(spec.dataset(), plain, baseDir)) {
            int[] labels = data.trainLabels();
            float[] vectors = embed(
                    run,
                    spec,
                    data.imageShape(),
                    labels.length,
                    (from, to) -> data.trainBatch(IntStream.range(from, to).toArray(), 0));
            return new Result(vectors, p.embeddingDim(), labels, 0);
        }
    }

    /** Images [from, to) as CHW floats. */
    @FunctionalInterface
    interface Images {
        float[] get(int from, int to);
    }

    private static float[] embed(Path run, RunSpec spec, Shape image, int n, Images images)
            throws RunFolderException, IOException {
        ProtocolSpec protocol = spec.protocol();
        EmbeddingModel embedding = EmbeddingModel.build(protocol, Path.of(""), Device.cpu());
        Loss loss = LossRegistry.build(spec.loss());
        // the margin loss trains a wrapped block (embeddings and beta): the checkpoint names its parameters so
        Block block = loss instanceof MarginLoss margin ? margin.wrap(embedding.block()) : embedding.block();
        if (loss instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        int dim = protocol.embeddingDim();
        float[] out = new float[n * dim];
        try (Model model = Model.newInstance("embed", Device.cpu())) {
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, image.get(0), image.get(1), image.get(2)));
            CheckpointWeights.load(run.resolve(RunFiles.CHECKPOINT), block, manager);
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                try (NDManager chunk = manager.newSubManager()) {
                    NDArray x = chunk.create(
                            images.get(from, to), new Shape(to - from, image.get(0), image.get(1), image.get(2)));
                    float[] e = block.forward(parameters, new NDList(x), false)
                            .head()
                            .toFloatArray();
                    System.arraycopy(e, 0, out, from * dim, e.length);
                }
            }
        }
        return out;
    }
}
