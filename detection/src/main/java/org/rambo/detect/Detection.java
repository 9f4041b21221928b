package org.rambo.detect;

/** One scored detection of class {@code classIndex} in image {@code imageId}, pixel box. */
public record Detection(String imageId, int classIndex, double score, Box box) {}
