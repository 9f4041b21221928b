package org.rambo.harness.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CUB-200-2011. Layout (as the archive unpacks, top folder CUB_200_2011/ optional):
 * <pre>
 * root/images.txt              "image_id relative/path.jpg"
 * root/image_class_labels.txt  "image_id class_id" (1..200)
 * root/classes.txt             optional "class_id name": when present, the class list
 * root/images/relative/path.jpg
 * </pre>
 * Zero-shot split: classes 1-100 train, 101-200 test, evaluated against itself.
 */
public final class Cub200 extends AbstractDataset {
    public static final int LAST_TRAIN_CLASS = 100;

    private Cub200(Path root, List<Item> train, List<Item> test, List<Path> files) {
        super(root, train, test, test, files);
    }

    @Override
    public String name() {
        return "cub";
    }

    @Override
    public int[] recallKs() {
        return new int[] {1, 2, 4, 8};
    }

    public static Cub200 load(Path root) {
        root = root.toAbsolutePath().normalize();
        IndexFiles.requireDir(root, "CUB-200-2011");
        if (!Files.exists(root.resolve("images.txt")) && Files.exists(root.resolve("CUB_200_2011/images.txt"))) {
            root = root.resolve("CUB_200_2011");
        }
        Path imagesTxt = root.resolve("images.txt");
        Path labelsTxt = root.resolve("image_class_labels.txt");
        Path classesTxt = root.resolve("classes.txt");
        Path imageDir = root.resolve("images");
        List<Path> files = new ArrayList<>(List.of(imagesTxt, labelsTxt));

        Set<Integer> classList = null;
        if (Files.isRegularFile(classesTxt)) {
            files.add(classesTxt);
            classList = new HashSet<>();
            for (IndexFiles.Line l : IndexFiles.read(classesTxt, 2)) {
                if (!classList.add(l.intField(0, "class id"))) {
                    throw l.error("duplicate class id " + l.fields()[0]);
                }
            }
        }

        Map<Integer, IndexFiles.Line> images = new LinkedHashMap<>();
        for (IndexFiles.Line l : IndexFiles.read(imagesTxt, 2)) {
            int id = l.intField(0, "image id");
            if (images.put(id, l) != null) {
                throw l.error("duplicate image id " + id);
            }
        }
        Map<Integer, Integer> labels = new LinkedHashMap<>();
        for (IndexFiles.Line l : IndexFiles.read(labelsTxt, 2)) {
            int id = l.intField(0, "image id");
            int c = l.intField(1, "class id");
            if (!images.containsKey(id)) {
                throw l.error("image id " + id + " is not in " + imagesTxt.getFileName());
            }
            if (classList != null ? !classList.contains(c) : c < 1 || c > 200) {
                throw l.error("class " + c + " is outside the class list ("
                        + (classList != null ? classesTxt.getFileName() : "1-200") + ")");
            }
            if (labels.put(id, c) != null) {
                throw l.error("duplicate image id " + id);
            }
        }
        IndexFiles.requireDir(imageDir, "CUB images");
        List<Item> train = new ArrayList<>();
        List<Item> test = new ArrayList<>();
        for (var e : images.entrySet()) {
            IndexFiles.Line l = e.getValue();
            Integer c = labels.get(e.getKey());
            if (c == null) {
                throw l.error("image id " + e.getKey() + " has no class in " + labelsTxt.getFileName());
            }
            String rel = String.join(" ", Arrays.copyOfRange(l.fields(), 1, l.fields().length));
            Item it = new Item(String.valueOf(e.getKey()), IndexFiles.image(l, imageDir, rel), c, -1);
            (c <= LAST_TRAIN_CLASS ? train : test).add(it);
        }
        return new Cub200(root, train, test, files);
    }
}
