package org.rambo.detect;

import ai.djl.basicmodelzoo.cv.object_detection.ssd.SingleShotDetection;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-stage detector: DJL model-zoo's {@link SingleShotDetection} (class and box heads per
 * feature map, anchors from {@code MultiBoxPrior}) on a small ResNet-style backbone built from DJL
 * blocks (a 3x3 stem, then {@code backboneStages} stride-2 basic residual blocks, channels doubling
 * after the first). Feature maps: the backbone output, then one SSD down-sampling block per
 * further map. Outputs: anchors {@code [1, A, 4]}, class logits {@code [B, A, C + 1]} (column 0 =
 * background), box offsets {@code [B, A * 4]}.
 */
public final class Detector {

    private Detector() {}

    public static Block build(DetectionConfig config, int numClasses) {
        int c = config.backboneChannels();
        SequentialBlock backbone = new SequentialBlock()
                .add(conv(c, 3, 1)).add(BatchNorm.builder().build()).add(Activation::relu);
        int channels = c;
        for (int s = 0; s < config.backboneStages(); s++) {
            channels = s == 0 ? c : Math.min(channels * 2, 8 * c);
            backbone.add(residual(channels, 2));
        }
        List<Block> features = new ArrayList<>();
        features.add(backbone);
        for (int i = 1; i < config.anchorSizes().size(); i++) {
            features.add(SingleShotDetection.getDownSamplingBlock(Math.min(2 * channels, 8 * c)));
        }
        return SingleShotDetection.builder()
                .setNumClasses(numClasses)
                .optFeatures(features)
                .optGlobalPool(false)
                .setSizes(config.anchorSizes())
                .setRatios(config.anchorRatios())
                .build();
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false).build();
    }

    /** Basic residual block (two 3x3 convolutions, projection shortcut). */
    static Block residual(int channels, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(channels, 3, stride)).add(BatchNorm.builder().build()).add(Activation::relu)
                .add(conv(channels, 3, 1)).add(BatchNorm.builder().build());
        SequentialBlock shortcut = new SequentialBlock()
                .add(conv(channels, 1, stride)).add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow()
                        .add(list.get(1).singletonOrThrow())), List.of(main, shortcut)))
                .add(Activation::relu);
    }
}
