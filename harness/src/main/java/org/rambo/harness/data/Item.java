package org.rambo.harness.data;

import java.nio.file.Path;

/**
 * One image of a retrieval dataset.
 *
 * @param id         unique within the dataset (the index file's image id, or the relative path)
 * @param path       absolute path of the image file
 * @param label      class id as the dataset numbers it (CUB 1-200, SOP class_id, In-shop item number)
 * @param superLabel super-class id (SOP super_class_id, In-shop category), -1 when the dataset has none
 */
public record Item(String id, Path path, int label, int superLabel) {}
