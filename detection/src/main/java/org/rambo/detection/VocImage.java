package org.rambo.detection;

import java.nio.file.Path;
import java.util.List;

/** One VOC image: id, file, size and its annotated objects. */
public record VocImage(String id, Path file, int width, int height, List<VocObject> objects) {

    /** The objects as ground truth for {@link VocEvaluator}. */
    public List<GroundTruth> groundTruth() {
        return objects.stream()
                .map(o -> new GroundTruth(id, o.classId(), o.box(), o.difficult()))
                .toList();
    }
}
