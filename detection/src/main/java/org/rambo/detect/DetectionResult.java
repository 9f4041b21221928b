package org.rambo.detect;

import java.nio.file.Path;
import java.util.Map;

/**
 * Final metrics of one detection run. {@code ap50} = mean area AP at IoU 0.5 (VOC10+),
 * {@code ap50Voc07} = mean 11-point AP (VOC07); per class, keyed by class name (sanitised
 * names for the synthetic set). {@code skipped} = read back from an existing final.json.
 */
public record DetectionResult(String dataset, String method, long seed, double ap50, double ap50Voc07,
        Map<String, Double> perClassAp50, Map<String, Double> perClassAp50Voc07, double wallSeconds,
        Path runDir, boolean skipped) {}
