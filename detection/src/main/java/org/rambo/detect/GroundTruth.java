package org.rambo.detect;

/** One annotated object of class {@code classIndex} in image {@code imageId}, pixel box. */
public record GroundTruth(String imageId, int classIndex, Box box, boolean difficult) {}
