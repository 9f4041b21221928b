package org.rambo.harness.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stanford Online Products. Layout (the unpacked Stanford_Online_Products/ folder):
 * <pre>
 * root/Ebay_train.txt   header "image_id class_id super_class_id path", then one row per image
 * root/Ebay_test.txt    same format
 * root/bicycle_final/111085122871_0.JPG ...   (paths relative to root)
 * </pre>
 * Standard split: the two files (11,318 train classes, 11,316 test classes, 12 super-classes);
 * the test set is evaluated against itself. Item ids are "train/ID" and "test/ID" because each
 * file numbers its images on its own.
 */
public final class StanfordOnlineProducts extends AbstractDataset {
    public static final String HEADER = "image_id class_id super_class_id path";

    private StanfordOnlineProducts(Path root, List<Item> train, List<Item> test, List<Path> files) {
        super(root, train, test, test, files);
    }

    @Override
    public String name() {
        return "sop";
    }

    @Override
    public int[] recallKs() {
        return new int[] {1, 10, 100, 1000};
    }

    @Override
    public boolean hasSuperClasses() {
        return true;
    }

    public static StanfordOnlineProducts load(Path root) {
        root = root.toAbsolutePath().normalize();
        IndexFiles.requireDir(root, "Stanford Online Products");
        Path trainTxt = root.resolve("Ebay_train.txt");
        Path testTxt = root.resolve("Ebay_test.txt");
        Map<Integer, Integer> superOf = new HashMap<>();
        List<Item> train = read(root, trainTxt, "train", superOf);
        List<Item> test = read(root, testTxt, "test", superOf);
        Set<Integer> trainClasses = new HashSet<>();
        train.forEach(i -> trainClasses.add(i.label()));
        for (Item i : test) {
            if (trainClasses.contains(i.label())) {
                throw new DataException(
                        testTxt,
                        "class " + i.label() + " (image " + i.id() + ") is also in " + trainTxt.getFileName()
                                + ": the standard split has disjoint classes");
            }
        }
        return new StanfordOnlineProducts(root, train, test, List.of(trainTxt, testTxt));
    }

    private static List<Item> read(Path root, Path file, String split, Map<Integer, Integer> superOf) {
        List<IndexFiles.Line> lines = IndexFiles.read(file, 4);
        if (lines.isEmpty() || !String.join(" ", lines.get(0).fields()).equals(HEADER)) {
            throw new DataException(
                    file, lines.isEmpty() ? 0 : lines.get(0).number(), "expected the header '" + HEADER + "'");
        }
        Set<Integer> ids = new HashSet<>();
        List<Item> out = new ArrayList<>();
        for (IndexFiles.Line l : lines.subList(1, lines.size())) {
            if (l.fields().length != 4) {
                throw l.error("expected 4 fields (" + HEADER + "), got " + l.fields().length);
            }
            int id = l.intField(0, "image_id");
            int c = l.intField(1, "class_id");
            int s = l.intField(2, "super_class_id");
            if (c < 1) {
                throw l.error("class_id " + c + " is outside the class list (ids start at 1)");
            }
            if (s < 1 || s > 12) {
                throw l.error("super_class_id " + s + " is outside the class list 1-12");
            }
            if (!ids.add(id)) {
                throw l.error("duplicate image_id " + id);
            }
            Integer prev = superOf.putIfAbsent(c, s);
            if (prev != null && prev != s) {
                throw l.error("class " + c + " has super_class_id " + s + " here but " + prev + " elsewhere");
            }
            out.add(new Item(split + "/" + id, IndexFiles.image(l, root, l.fields()[3]), c, s));
        }
        return out;
    }
}
