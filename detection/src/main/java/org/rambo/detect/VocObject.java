package org.rambo.detect;

/** One annotated object: class name and index in the dataset's class list, pixel box, flags. */
public record VocObject(String name, int classIndex, Box box, boolean difficult, boolean truncated) {}
