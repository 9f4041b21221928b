package org.rambo.detection;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * VOC AP50 of a trained detector on the test images: detections scored by the class log-odds
 * ({@link DetectionLosses#classScores}, the same for both methods), evaluated with at most
 * {@link PostProcessing#MAX_PER_IMAGE} detections per image and without that cap.
 */
final class DetectorEvaluation {

    /** IoU of the evaluation (AP50). */
    static final double EVAL_IOU = 0.5;

    /** AP with the per-image cap, and without it. */
    record Result(VocEvaluator.Result capped, VocEvaluator.Result uncapped) {}

    private DetectorEvaluation() {}

    static Result evaluate(
            Trainer trainer, DetectionConfig config, List<VocImage> testImages, float[] anchors, int numClasses) {
        List<Detection> capped = new ArrayList<>();
        List<Detection> uncapped = new ArrayList<>();
        List<GroundTruth> truths = new ArrayList<>();
        for (VocImage im : testImages) {
            truths.addAll(im.groundTruth());
        }
        int bs = config.batchSize();
        for (int from = 0; from < testImages.size(); from += bs) {
            List<VocImage> batch = testImages.subList(from, Math.min(testImages.size(), from + bs));
            for (List<Detection> image : detect(trainer, config.imageSize(), batch, anchors, numClasses)) {
                uncapped.addAll(image);
                capped.addAll(
                        image.size() > PostProcessing.MAX_PER_IMAGE
                                ? image.subList(0, PostProcessing.MAX_PER_IMAGE)
                                : image);
            }
        }
        return new Result(
                VocEvaluator.evaluate(truths, capped, numClasses, EVAL_IOU),
                VocEvaluator.evaluate(truths, uncapped, numClasses, EVAL_IOU));
    }

    /** Each image's detections, by descending score. */
    private static List<List<Detection>> detect(
            Trainer trainer, int size, List<VocImage> batch, float[] anchors, int numClasses) {
        int b = batch.size();
        int n = anchors.length / 4;
        float[] x = new float[b * 3 * size * size];
        for (int k = 0; k < b; k++) {
            VocImage im = batch.get(k);
            float[] p = ImagePixels.read(im.file(), size, im.width(), im.height());
            System.arraycopy(p, 0, x, k * p.length, p.length);
        }
        List<List<Detection>> out = new ArrayList<>();
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList pred = trainer.evaluate(new NDList(sub.create(x, new Shape(b, 3, size, size))));
            float[] scores = DetectionLosses.classScores(pred.get(1)).toFloatArray();
            float[] offsets = pred.get(2).toFloatArray();
            for (int k = 0; k < b; k++) {
                out.add(PostProcessing.detections(batch.get(k), scores, offsets, k, n, numClasses, anchors));
            }
        }
        return out;
    }
}
