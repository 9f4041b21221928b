package org.rambo.detection;

import java.util.Map;

/**
 * What one detection run measured.
 *
 * @param status "finished", "failed", or {@link #INTERRUPTED} (stopped by a signal; the folder
 *     resumes when run again, and no metrics are measured yet)
 * @param ap50 mean over classes of the area AP at IoU 0.5 (VOC2010+), a fraction in [0, 1]
 * @param ap50Voc07 the same with the VOC2007 11-point interpolation
 * @param ap50Uncapped area AP50 without the cap of {@code MAX_PER_IMAGE} detections per image
 *     across classes (every class keeps its own top-K after NMS): the cap drops whole classes
 *     when a loss leaves the classes' scores on different scales (NaN when not measured)
 * @param apPerClass area AP50 per class name (NaN: no non-difficult ground truth in the test set)
 * @param ap07PerClass 11-point AP50 per class name
 * @param wallSeconds training (every epoch, across resumes) and evaluation
 * @param meanStepMs mean wall time of one training step (forward, loss, backward, update)
 * @param meanSortMs mean time per training step inside the ranking sorts (0 for cross-entropy)
 * @param finalTrainLoss mean training loss of the last epoch
 * @param failure on failure, the one-line reason; when interrupted, what stopped the run; else null
 */
public record DetectionResult(
        String status,
        String dataset,
        String method,
        long seed,
        double ap50,
        double ap50Voc07,
        double ap50Uncapped,
        Map<String, Double> apPerClass,
        Map<String, Double> ap07PerClass,
        double wallSeconds,
        double meanStepMs,
        double meanSortMs,
        double finalTrainLoss,
        int trainImages,
        int testImages,
        String failure) {

    /** The status of a run stopped by a signal; never written to a final.json. */
    public static final String INTERRUPTED = "interrupted";

    /** Whether the run was stopped by a signal before it ended. */
    public boolean interrupted() {
        return INTERRUPTED.equals(status);
    }
}
