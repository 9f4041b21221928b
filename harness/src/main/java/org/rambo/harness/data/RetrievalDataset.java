package org.rambo.harness.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A metric-learning dataset with its standard split: the training items, and the
 * evaluation set as queries and gallery. For CUB, SOP and ImageFolder the test set is evaluated
 * against itself ({@link #selfRetrieval()}; query() and gallery() are the same list); In-shop
 * evaluates its query images against its gallery.
 */
public interface RetrievalDataset {
    /** Short name: cub, sop, inshop, imagefolder. */
    String name();

    Path root();

    List<Item> train();

    List<Item> query();

    List<Item> gallery();

    /** True when the test set is evaluated against itself (each query excluded from its own list). */
    boolean selfRetrieval();

    /** The K of recall_at_K the paper reports for this dataset. */
    int[] recallKs();

    /** True when batches should be drawn per super-class (SOP, In-shop). */
    default boolean hasSuperClasses() {
        return false;
    }

    /**
     * SHA-256 for provenance over the index files and the (relative path, size) of every listed
     * image: cheap enough to compute on every run, and changes when the split or any file's size does.
     */
    String checksum();

    /** Opens a dataset by name: cub, sop, inshop, imagefolder. */
    static RetrievalDataset open(String name, Path root) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cub", "cub200", "cub-200-2011" -> Cub200.load(root);
            case "sop", "stanford-online-products" -> StanfordOnlineProducts.load(root);
            case "inshop", "in-shop" -> InShop.load(root);
            case "imagefolder", "folder" -> ImageFolderDataset.load(root);
            default ->
                throw new IllegalArgumentException(
                        "unknown dataset '" + name + "' (expected cub, sop, inshop or imagefolder)");
        };
    }

    static int[] labels(List<Item> items) {
        return items.stream().mapToInt(Item::label).toArray();
    }

    static int[] superLabels(List<Item> items) {
        return items.stream().mapToInt(Item::superLabel).toArray();
    }
}
