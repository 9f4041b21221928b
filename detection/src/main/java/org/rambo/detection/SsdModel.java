package org.rambo.detection;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.basicmodelzoo.cv.object_detection.ssd.SingleShotDetection;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-stage detector: DJL model-zoo's {@link SingleShotDetection} block (anchors from
 * {@code MultiBoxPrior}, one 3×3 conv class head and one box head per feature map) on a
 * backbone. The backbone's output is the first feature map; every further entry of
 * {@code anchorSizes} adds one SSD down-sampling block (two 3×3 convs + 2×2 max pool).
 * Its forward returns [anchors (1, N, 4) relative corners, class logits (B, N, C+1) with
 * column 0 = background, box offsets (B, N·4)].
 */
public final class SsdModel {

    private SsdModel() {}

    public static SingleShotDetection build(DetectionConfig config, int numClasses) {
        List<Block> features = new ArrayList<>();
        features.add(backbone(config.backbone(), config.imageSize()));
        int extraWidth = config.backbone().equals("tiny") ? 64 : 128;
        for (int i = 1; i < config.anchorSizes().size(); i++) {
            features.add(SingleShotDetection.getDownSamplingBlock(extraWidth));
        }
        List<List<Float>> ratios = new ArrayList<>();
        for (int i = 0; i < config.anchorSizes().size(); i++) {
            ratios.add(config.anchorRatios());
        }
        return SingleShotDetection.builder()
                .setNumClasses(numClasses)
                .optFeatures(features)
                .optGlobalPool(false)
                .setSizes(config.anchorSizes())
                .setRatios(ratios)
                .build();
    }

    /** Anchors per cell of every feature map: sizes + ratios - 1 (MultiBoxPrior's layout). */
    static int anchorsPerCell(DetectionConfig config, int featureMap) {
        return config.anchorSizes().get(featureMap).size()
                + config.anchorRatios().size()
                - 1;
    }

    /** Stride of the backbone's output (the first feature map). */
    static int backboneStride(String backbone) {
        return backbone.equals("tiny") ? 8 : 16;
    }

    static Block backbone(String name, int imageSize) {
        if (name.equals("tiny")) {
            SequentialBlock b = new SequentialBlock();
            for (int w : new int[] {32, 48, 64}) {
                b.add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(2, 2))
                        .optPadding(new Shape(1, 1))
                        .setFilters(w)
                        .build());
                b.add(BatchNorm.builder().build());
                b.add(Activation::relu);
            }
            b.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(64)
                    .build());
            b.add(BatchNorm.builder().build());
            b.add(Activation::relu);
            return b;
        }
        int layers = name.equals("resnet18") ? 18 : 50;
        // DJL's ResNetV1 for images > 32 px: stem (4 blocks), residual units of the 4 stages,
        // then global pool, flatten, linear, flatten. Keep conv1..conv4 (stride 16, the C4 cut
        // of Faster R-CNN): drop the head and the last stage's units.
        SequentialBlock resnet = ResNetV1.builder()
                .setNumLayers(layers)
                .setOutSize(1)
                .setImageShape(new Shape(3, imageSize, imageSize))
                .build();
        int lastStageUnits = layers == 18 ? 2 : 3;
        for (int i = 0; i < 4 + lastStageUnits; i++) {
            resnet.removeLastBlock();
        }
        return resnet;
    }
}
