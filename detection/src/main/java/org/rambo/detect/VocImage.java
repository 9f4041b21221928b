package org.rambo.detect;

import java.nio.file.Path;
import java.util.List;

/** One VOC image with its annotation; {@code id} is "year/imageId" so both years can mix. */
public record VocImage(String id, Path imageFile, Path annotationFile, int width, int height,
        List<VocObject> objects) {

    /** The image's ground truth boxes for {@link VocEvaluator}. */
    public List<GroundTruth> truths() {
        return objects.stream().map(o -> new GroundTruth(id, o.classIndex(), o.box(), o.difficult())).toList();
    }
}
