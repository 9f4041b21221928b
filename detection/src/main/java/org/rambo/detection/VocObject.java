package org.rambo.detection;

/** One annotated object of a VOC image. */
public record VocObject(int classId, String name, Box box, boolean difficult) {}
