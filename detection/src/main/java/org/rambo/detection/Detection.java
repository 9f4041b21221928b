package org.rambo.detection;

/** One detector output: image, class index, confidence, box. */
public record Detection(String imageId, int classId, double score, Box box) {}
