package org.rambo.harness.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rambo.detection.SyntheticVoc;
import org.rambo.detection.VocDataset;
import org.rambo.harness.data.Fixtures;

/**
 * Small dataset trees in the on-disk formats the paper's datasets ship in (the index files of
 * CUB-200-2011, Stanford Online Products, In-shop Clothes and a VOCdevkit), with enough classes
 * and images per class for a batch of 2 classes x 2 images and a retrieval evaluation.
 */
final class PaperFixtures {

    /** Image side of the generated JPEGs: larger than the smoke crop, so resize and crop do work. */
    static final int SIDE = 80;

    private PaperFixtures() {}

    /** CUB_200_2011: training classes 1-4, test classes 101-104 (the split is by class id), 4 images each. */
    static Path cub(Path root) throws IOException {
        StringBuilder images = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        StringBuilder classes = new StringBuilder();
        int id = 0;
        for (int cls : new int[] {1, 2, 3, 4, 101, 102, 103, 104}) {
            String folder = String.format("%03d.Bird_%d", cls, cls);
            for (int i = 0; i < 4; i++) {
                id++;
                String path = folder + "/Bird_" + cls + "_" + i + ".jpg";
                images.append(id).append(' ').append(path).append('\n');
                labels.append(id).append(' ').append(cls).append('\n');
                Fixtures.writeImage(root.resolve("images").resolve(path), SIDE, SIDE, id);
            }
        }
        for (int i = 1; i <= 200; i++) {
            classes.append(i)
                    .append(' ')
                    .append(String.format("%03d.Bird_%d", i, i))
                    .append('\n');
        }
        write(root.resolve("images.txt"), images.toString());
        write(root.resolve("image_class_labels.txt"), labels.toString());
        write(root.resolve("classes.txt"), classes.toString());
        return root;
    }

    /** Stanford Online Products: 2 super-classes of 3 products each in train and in test, 3 images per product. */
    static Path sop(Path root) throws IOException {
        String header = "image_id class_id super_class_id path\n";
        StringBuilder train = new StringBuilder(header);
        StringBuilder test = new StringBuilder(header);
        String[] superNames = {"bicycle_final", "cabinet_final"};
        int seed = 0;
        for (int split = 0; split < 2; split++) {
            StringBuilder rows = split == 0 ? train : test;
            int id = 0;
            for (int sup = 1; sup <= 2; sup++) {
                for (int p = 0; p < 3; p++) {
                    int cls = split * 6 + (sup - 1) * 3 + p + 1;
                    for (int i = 0; i < 3; i++) {
                        id++;
                        String path = superNames[sup - 1] + "/" + (111000000000L + cls) + "_" + i + ".JPG";
                        rows.append(id)
                                .append(' ')
                                .append(cls)
                                .append(' ')
                                .append(sup)
                                .append(' ')
                                .append(path)
                                .append('\n');
                        Fixtures.writeImage(root.resolve(path), SIDE, SIDE, seed++);
                    }
                }
            }
        }
        write(root.resolve("Ebay_train.txt"), train.toString());
        write(root.resolve("Ebay_test.txt"), test.toString());
        write(root.resolve("Ebay_info.txt"), header);
        return root;
    }

    /**
     * In-shop Clothes: list_eval_partition.txt as DeepFashion ships it (count line, header,
     * aligned columns); 6 training items in 2 categories, 4 test items with 1 query and 2 gallery images each.
     */
    static Path inShop(Path root) throws IOException {
        List<String> rows = new ArrayList<>();
        String[] categories = {"MEN/Denim", "WOMEN/Dresses"};
        int item = 0;
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < 3; k++) {
                item++;
                for (int i = 1; i <= 3; i++) {
                    rows.add(row(categories[c], item, i, "train"));
                }
            }
        }
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < 2; k++) {
                item++;
                rows.add(row(categories[c], item, 1, "query"));
                rows.add(row(categories[c], item, 2, "gallery"));
                rows.add(row(categories[c], item, 3, "gallery"));
            }
        }
        StringBuilder text =
                new StringBuilder().append(rows.size()).append('\n').append("image_name item_id evaluation_status\n");
        int seed = 0;
        for (String r : rows) {
            text.append(r).append('\n');
            Fixtures.writeImage(root.resolve(r.split("\\s+")[0]), SIDE, SIDE, seed++);
        }
        write(root.resolve("list_eval_partition.txt"), text.toString());
        return root;
    }

    private static String row(String category, int item, int view, String status) {
        String id = String.format("id_%08d", item);
        return String.format(
                "%-62s%s %s", "img/" + category + "/" + id + "/0" + view + "_" + view + "_front.jpg", id, status);
    }

    /**
     * A VOCdevkit (VOC2007: JPEGImages, Annotations, ImageSets/Main) whose objects carry the 20
     * VOC class names, so the paper config's empty class list resolves to the real classes.
     */
    static Path voc(Path devkit, int trainImages, int testImages) {
        List<String> classes = VocDataset.VOC_CLASSES;
        List<byte[]> objects = new ArrayList<>();
        int[] labels = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            objects.add(shape(c));
            labels[c] = c;
        }
        SyntheticVoc.write(
                devkit, objects, labels, classes.toArray(String[]::new), trainImages, testImages, SIDE, 2020);
        return devkit;
    }

    /** A 28x28 object: a filled rectangle whose size and position depend on the class. */
    private static byte[] shape(int c) {
        byte[] o = new byte[784];
        int w = 8 + c % 5 * 4;
        int h = 8 + c / 5 * 4;
        int x0 = (28 - w) / 2;
        int y0 = (28 - h) / 2;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                o[y * 28 + x] = (byte) (120 + 6 * c);
            }
        }
        return o;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
