package org.rambo.detection;

/** One annotated object: image, class index, box, and the VOC "difficult" flag. */
public record GroundTruth(String imageId, int classId, Box box, boolean difficult) {}
