package org.rambo.harness.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * In-shop Clothes Retrieval (DeepFashion). Layout:
 * <pre>
 * root/list_eval_partition.txt   (or root/Eval/list_eval_partition.txt)
 *     line 1: number of images; line 2: "image_name item_id evaluation_status";
 *     then "img/WOMEN/Dresses/id_00000002/02_1_front.jpg id_00000002 train|query|gallery"
 * root/img/...                   (image_name is relative to root)
 * </pre>
 * Label: the item number (id_00000002 -> 2). Super-class: the category folder
 * (e.g. WOMEN/Dresses), numbered in sorted order from 0. Queries are evaluated against the gallery.
 */
public final class InShop extends AbstractDataset {
    public static final String HEADER = "image_name item_id evaluation_status";
    private final List<String> superClassNames;

    private InShop(
            Path root,
            List<Item> train,
            List<Item> query,
            List<Item> gallery,
            List<Path> files,
            List<String> superNames) {
        super(root, train, query, gallery, files);
        this.superClassNames = List.copyOf(superNames);
    }

    @Override
    public String name() {
        return "inshop";
    }

    @Override
    public int[] recallKs() {
        return new int[] {1, 10, 20, 30, 40, 50};
    }

    @Override
    public boolean hasSuperClasses() {
        return true;
    }

    /** Category names by super label. */
    public List<String> superClassNames() {
        return superClassNames;
    }

    public static InShop load(Path root) {
        root = root.toAbsolutePath().normalize();
        IndexFiles.requireDir(root, "In-shop");
        Path file = root.resolve("list_eval_partition.txt");
        if (!Files.isRegularFile(file) && Files.isRegularFile(root.resolve("Eval/list_eval_partition.txt"))) {
            file = root.resolve("Eval/list_eval_partition.txt");
        }
        List<IndexFiles.Line> lines = IndexFiles.read(file, 1);
        if (lines.size() < 2) {
            throw new DataException(file, "expected a count line and the header '" + HEADER + "'");
        }
        int declared = lines.get(0).intField(0, "image count");
        if (!String.join(" ", lines.get(1).fields()).equals(HEADER)) {
            throw lines.get(1).error("expected the header '" + HEADER + "'");
        }
        List<IndexFiles.Line> rows = lines.subList(2, lines.size());
        if (rows.size() != declared) {
            throw lines.get(0).error("declares " + declared + " images but the file lists " + rows.size());
        }
        // First pass: category names, so super labels are numbered independently of row order.
        TreeMap<String, Integer> categories = new TreeMap<>();
        for (IndexFiles.Line l : rows) {
            if (l.fields().length != 3) {
                throw l.error("expected 3 fields (" + HEADER + "), got " + l.fields().length);
            }
            categories.put(category(l), 0);
        }
        int n = 0;
        for (var e : categories.entrySet()) {
            e.setValue(n++);
        }
        Set<String> seen = new HashSet<>();
        List<Item> train = new ArrayList<>();
        List<Item> query = new ArrayList<>();
        List<Item> gallery = new ArrayList<>();
        for (IndexFiles.Line l : rows) {
            String name = l.fields()[0];
            String itemId = l.fields()[1];
            if (!itemId.matches("id_\\d{1,9}")) {
                throw l.error("item_id '" + itemId + "' is not of the form id_<number>");
            }
            if (!seen.add(name)) {
                throw l.error("duplicate image " + name);
            }
            int label = Integer.parseInt(itemId.substring(3));
            Item it = new Item(name, IndexFiles.image(l, root, name), label, categories.get(category(l)));
            switch (l.fields()[2]) {
                case "train" -> train.add(it);
                case "query" -> query.add(it);
                case "gallery" -> gallery.add(it);
                default -> throw l.error("evaluation_status '" + l.fields()[2] + "' is not train, query or gallery");
            }
        }
        return new InShop(root, train, query, gallery, List.of(file), List.copyOf(categories.keySet()));
    }

    /** "img/WOMEN/Dresses/id_x/y.jpg" -> "WOMEN/Dresses": the two folders above the item folder. */
    private static String category(IndexFiles.Line l) {
        String[] parts = l.fields()[0].split("/");
        if (parts.length < 4) {
            throw l.error("image_name '" + l.fields()[0] + "' is not of the form img/GENDER/CATEGORY/id_x/file");
        }
        return parts[parts.length - 4] + "/" + parts[parts.length - 3];
    }
}
