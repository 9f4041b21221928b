package org.rambo.harness.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Generates tiny dataset trees in the exact on-disk formats of the real datasets (index files
 * byte-for-byte in the published layout, real JPEG/PNG images of a few pixels).
 */
public final class Fixtures {
    private Fixtures() {}

    /** A w x h RGB image whose pixel (x, y) is a function of seed: distinct per file, checkable. */
    public static BufferedImage image(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (seed * 37 + x * 20) & 0xff;
                int g = (seed * 91 + y * 30) & 0xff;
                int b = (seed * 13 + x * y) & 0xff;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    public static void writeImage(Path file, int w, int h, int seed) {
        try {
            Files.createDirectories(file.getParent());
            String n = file.getFileName().toString().toLowerCase();
            String fmt = n.endsWith(".png") ? "png" : n.endsWith(".bmp") ? "bmp" : n.endsWith(".gif") ? "gif" : "jpg";
            if (!ImageIO.write(image(w, h, seed), fmt, file.toFile())) {
                throw new IOException("no ImageIO writer for " + fmt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CUB image: id, class, relative path under images/. */
    public record CubImage(int id, int cls, String path) {}

    public static final List<CubImage> CUB = List.of(
            new CubImage(1, 1, "001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg"),
            new CubImage(2, 1, "001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg"),
            new CubImage(3, 2, "002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg"),
            new CubImage(4, 2, "002.Laysan_Albatross/Laysan_Albatross_0003_1033.jpg"),
            new CubImage(5, 2, "002.Laysan_Albatross/Laysan_Albatross_0082_524.jpg"),
            new CubImage(6, 100, "100.Brown_Pelican/Brown_Pelican_0001_94.jpg"),
            new CubImage(7, 100, "100.Brown_Pelican/Brown_Pelican_0002_95.jpg"),
            new CubImage(8, 101, "101.White_Pelican/White_Pelican_0003_97.jpg"),
            new CubImage(9, 101, "101.White_Pelican/White_Pelican_0004_96.jpg"),
            new CubImage(10, 150, "150.Sage_Thrasher/Sage_Thrasher_0001_155.jpg"),
            new CubImage(11, 200, "200.Common_Yellowthroat/Common_Yellowthroat_0003_190521.jpg"),
            new CubImage(12, 200, "200.Common_Yellowthroat/Common_Yellowthroat_0005_190.jpg"));

    /** CUB_200_2011 layout: images.txt, image_class_labels.txt, classes.txt, images/. */
    public static void writeCub(Path root) {
        StringBuilder images = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        StringBuilder classes = new StringBuilder();
        for (CubImage c : CUB) {
            images.append(c.id()).append(' ').append(c.path()).append('\n');
            labels.append(c.id()).append(' ').append(c.cls()).append('\n');
            writeImage(root.resolve("images").resolve(c.path()), 7 + c.id() % 3, 5 + c.id() % 4, c.id());
        }
        for (int i = 1; i <= 200; i++) {
            classes.append(i)
                    .append(' ')
                    .append(String.format("%03d.Class_%d", i, i))
                    .append('\n');
        }
        write(root.resolve("images.txt"), images.toString());
        write(root.resolve("image_class_labels.txt"), labels.toString());
        write(root.resolve("classes.txt"), classes.toString());
    }

    /** Rows of Ebay_train.txt / Ebay_test.txt: image_id class_id super_class_id path. */
    public static final String SOP_TRAIN = """
            image_id class_id super_class_id path
            1 1 1 bicycle_final/111085122871_0.JPG
            2 1 1 bicycle_final/111085122871_1.JPG
            3 2 1 bicycle_final/111265328556_0.JPG
            4 2 1 bicycle_final/111265328556_3.JPG
            5 3 2 cabinet_final/110979101209_0.JPG
            6 3 2 cabinet_final/110979101209_1.JPG
            """;

    public static final String SOP_TEST = """
            image_id class_id super_class_id path
            1 4 1 bicycle_final/251952414262_0.JPG
            2 4 1 bicycle_final/251952414262_1.JPG
            3 5 2 cabinet_final/121152823214_0.JPG
            4 5 2 cabinet_final/121152823214_1.JPG
            5 5 2 cabinet_final/121152823214_2.JPG
            """;

    public static void writeSop(Path root) {
        write(root.resolve("Ebay_train.txt"), SOP_TRAIN);
        write(root.resolve("Ebay_test.txt"), SOP_TEST);
        int seed = 0;
        for (String txt : List.of(SOP_TRAIN, SOP_TEST)) {
            for (String line : txt.strip().split("\n")) {
                String[] f = line.split(" ");
                if (!f[0].equals("image_id")) {
                    writeImage(root.resolve(f[3]), 6, 6, seed++);
                }
            }
        }
        // Ebay_info.txt exists in the real archive; the loader does not need it
        write(root.resolve("Ebay_info.txt"), "image_id class_id super_class_id path\n");
    }

    /** list_eval_partition.txt as DeepFashion ships it (count line, header, aligned columns). */
    public static final String INSHOP = """
            7
            image_name item_id evaluation_status
            img/MEN/Denim/id_00000080/01_1_front.jpg                      id_00000080 train
            img/MEN/Denim/id_00000080/01_2_side.jpg                       id_00000080 train
            img/WOMEN/Dresses/id_00000002/02_1_front.jpg                  id_00000002 train
            img/WOMEN/Dresses/id_00000002/02_2_side.jpg                   id_00000002 train
            img/WOMEN/Blouses_Shirts/id_00000001/02_1_front.jpg           id_00000001 query
            img/WOMEN/Blouses_Shirts/id_00000001/02_2_side.jpg            id_00000001 gallery
            img/MEN/Denim/id_00000007/01_1_front.jpg                      id_00000007 gallery
            """;

    public static void writeInShop(Path root) {
        write(root.resolve("list_eval_partition.txt"), INSHOP);
        int seed = 0;
        for (String line : INSHOP.strip().split("\n")) {
            if (line.startsWith("img/")) {
                writeImage(root.resolve(line.split("\\s+")[0]), 5, 8, seed++);
            }
        }
    }

    /** Flat ImageFolder: classes apple (2), banana (1 + a README), cherry (2 png). */
    public static void writeImageFolder(Path root) {
        writeImage(root.resolve("apple/a1.jpg"), 6, 6, 1);
        writeImage(root.resolve("apple/a0.JPG"), 6, 6, 2);
        writeImage(root.resolve("banana/b.png"), 6, 6, 3);
        write(root.resolve("banana/README.txt"), "not an image");
        writeImage(root.resolve("cherry/c1.png"), 6, 6, 4);
        writeImage(root.resolve("cherry/c2.bmp"), 6, 6, 5);
    }
}
