package org.rambo.harness.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.rank.UnitRows;

/**
 * Backbone + linear embedding head + L2 normalisation, as a DJL block. Knows which
 * parameters belong to the head, so the optimizer can give them a higher learning rate.
 */
public final class EmbeddingModel {

    private final SequentialBlock block;
    private final Block head;
    private final Shape inputShape;

    private EmbeddingModel(SequentialBlock block, Block head, Shape inputShape) {
        this.block = block;
        this.head = head;
        this.inputShape = inputShape;
    }

    /**
     * Builds the model a protocol asks for. {@code pretrained}: a TorchScript ResNet-50 trunk
     * (no fc layer) made once with torchvision, loaded trainable; see data-scripts/README.
     */
    public static EmbeddingModel build(ProtocolSpec protocol, Path configDir, Device device) throws IOException {
        int channels = protocol.image().channels();
        int crop = protocol.image().crop();
        Shape input = new Shape(channels, crop, crop);
        int dim = protocol.embeddingDim();
        Linear head = Linear.builder().setUnits(dim).build();
        SequentialBlock model = new SequentialBlock();
        switch (protocol.backbone()) {
            case "small-cnn" -> model.add(smallCnn());
            case "resnet18", "resnet50" -> {
                if (protocol.pretrained() != null) {
                    model.add(loadTorchScript(configDir.resolve(protocol.pretrained()), device));
                } else {
                    SequentialBlock resnet = ResNetV1.builder()
                            .setImageShape(input)
                            .setNumLayers(protocol.backbone().equals("resnet18") ? 18 : 50)
                            .setOutSize(dim)
                            .build();
                    // ResNetV1 ends with Linear(outSize): drop it, our head takes its place
                    SequentialBlock trunk = new SequentialBlock();
                    var children = resnet.getChildren();
                    for (int i = 0; i < children.size() - 1; i++) {
                        trunk.add(children.get(i).getValue());
                    }
                    model.add(trunk);
                }
            }
            default -> throw new IllegalArgumentException("unknown backbone " + protocol.backbone());
        }
        model.add(head);
        model.add(new LambdaBlock(list -> new NDList(UnitRows.of(list.head())), "l2normalise"));
        return new EmbeddingModel(model, head, input);
    }

    /** Three conv stages (32, 64, 128 channels) with batch norm, then global average pooling. */
    static SequentialBlock smallCnn() {
        SequentialBlock b = new SequentialBlock();
        int[] widths = {32, 64, 128};
        for (int i = 0; i < widths.length; i++) {
            b.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(widths[i])
                    .build());
            b.add(BatchNorm.builder().build());
            b.add(Activation::relu);
            if (i < widths.length - 1) {
                b.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        b.add(Pool.globalAvgPool2dBlock());
        b.add(Blocks.batchFlattenBlock());
        return b;
    }

    private static Block loadTorchScript(Path file, Device device) throws IOException {
        if (!file.toFile().isFile()) {
            throw new IllegalArgumentException("pretrained backbone not found: " + file
                    + " (make it with data-scripts/make-resnet50-torchscript.md)");
        }
        // on the run's device, named: the engine's default is a GPU whenever CUDA is found by name
        Model m = Model.newInstance("backbone", device, "PyTorch");
        try {
            m.load(
                    file.getParent(),
                    file.getFileName().toString(),
                    Map.of("trainParam", "true", "mapLocation", "true"));
        } catch (MalformedModelException e) {
            throw new IOException("cannot load TorchScript backbone " + file + ": " + e.getMessage(), e);
        }
        return m.getBlock();
    }

    public SequentialBlock block() {
        return block;
    }

    public Shape inputShape() {
        return inputShape;
    }

    /** Parameter name (stable, from the block tree) by DJL parameter id (per instance). */
    public static Map<String, String> parameterNamesById(Block model) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }

    /**
     * Names, within {@code model} (this model's block or a block wrapping it), of the
     * parameters that get the embedding head's learning rate: the head's own, and any
     * parameter the wrapper adds (the margin loss's β).
     */
    public Set<String> headParameterNames(Block model) {
        Set<Parameter> trunk = new HashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            trunk.add(p.getValue());
        }
        for (Pair<String, Parameter> p : head.getParameters()) {
            trunk.remove(p.getValue());
        }
        Set<String> names = new HashSet<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (!trunk.contains(p.getValue())) {
                names.add(p.getKey());
            }
        }
        return names;
    }
}
