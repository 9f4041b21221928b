package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoadersTest {

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    private static void assertError(Path file, long line, String fragment, Runnable r) {
        DataException e = assertThrows(DataException.class, r::run);
        assertEquals(
                file.toAbsolutePath().normalize(), e.file().toAbsolutePath().normalize(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        if (line > 0) {
            assertTrue(e.getMessage().contains(":" + line + ": "), e.getMessage());
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        assertTrue(s.contains(from), "fixture lacks " + from);
        Files.writeString(file, s.replace(from, to));
    }

    @Test
    void cubSplitsClasses1To100And101To200(@TempDir Path root) {
        Fixtures.writeCub(root);
        RetrievalDataset d = RetrievalDataset.open("cub", root);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), ids(d.train()));
        assertEquals(List.of("8", "9", "10", "11", "12"), ids(d.query()));
        assertSame(d.query(), d.gallery());
        assertTrue(d.selfRetrieval());
        assertArrayEquals(new int[] {1, 1, 2, 2, 2, 100, 100}, RetrievalDataset.labels(d.train()));
        assertArrayEquals(new int[] {101, 101, 150, 200, 200}, RetrievalDataset.labels(d.query()));
        assertArrayEquals(new int[] {1, 2, 4, 8}, d.recallKs());
        assertEquals(
                root.resolve("images/150.Sage_Thrasher/Sage_Thrasher_0001_155.jpg")
                        .toAbsolutePath(),
                d.query().get(2).path());
        assertEquals(-1, d.train().get(0).superLabel());
        assertEquals(64, d.checksum().length());
    }

    @Test
    void cubAlsoOpensTheArchiveTopFolder(@TempDir Path dir) {
        Fixtures.writeCub(dir.resolve("CUB_200_2011"));
        assertEquals(7, Cub200.load(dir).train().size());
    }

    @Test
    void cubBadInputs(@TempDir Path root) throws IOException {
        Fixtures.writeCub(root);
        Path images = root.resolve("images.txt");
        Path labels = root.resolve("image_class_labels.txt");

        replace(images, "3 002.", "2 002.");
        assertError(images, 3, "duplicate image id 2", () -> Cub200.load(root));
        replace(images, "2 002.", "3 002.");

        replace(labels, "10 150\n", "10 201\n");
        Files.delete(root.resolve("classes.txt"));
        assertError(labels, 10, "class 201 is outside the class list", () -> Cub200.load(root));
        replace(labels, "10 201\n", "10 150\n");

        replace(labels, "12 200\n", "13 200\n");
        assertError(labels, 12, "image id 13 is not in images.txt", () -> Cub200.load(root));
        replace(labels, "13 200\n", "");
        assertError(images, 12, "image id 12 has no class", () -> Cub200.load(root));
        Files.writeString(labels, "12 200\n", StandardOpenOption.APPEND);

        Files.delete(root.resolve("images/101.White_Pelican/White_Pelican_0004_96.jpg"));
        assertError(images, 9, "White_Pelican_0004_96.jpg does not exist", () -> Cub200.load(root));

        assertError(root.resolve("nope"), 0, "folder not found", () -> Cub200.load(root.resolve("nope")));
    }

    @Test
    void sopUsesBothFilesWithSuperClasses(@TempDir Path root) {
        Fixtures.writeSop(root);
        RetrievalDataset d = RetrievalDataset.open("sop", root);
        assertEquals(List.of("train/1", "train/2", "train/3", "train/4", "train/5", "train/6"), ids(d.train()));
        assertEquals(List.of("test/1", "test/2", "test/3", "test/4", "test/5"), ids(d.query()));
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3}, RetrievalDataset.labels(d.train()));
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2}, RetrievalDataset.superLabels(d.train()));
        assertArrayEquals(new int[] {4, 4, 5, 5, 5}, RetrievalDataset.labels(d.query()));
        assertArrayEquals(new int[] {1, 1, 2, 2, 2}, RetrievalDataset.superLabels(d.query()));
        assertTrue(d.selfRetrieval());
        assertTrue(d.hasSuperClasses());
        assertArrayEquals(new int[] {1, 10, 100, 1000}, d.recallKs());
        assertEquals(
                root.resolve("cabinet_final/121152823214_2.JPG").toAbsolutePath(),
                d.query().get(4).path());
    }

    @Test
    void sopBadInputs(@TempDir Path root) throws IOException {
        Fixtures.writeSop(root);
        Path train = root.resolve("Ebay_train.txt");
        Path test = root.resolve("Ebay_test.txt");
        replace(train, "4 2 1 bicycle", "3 2 1 bicycle");
        assertError(train, 5, "duplicate image_id 3", () -> StanfordOnlineProducts.load(root));
        replace(train, "3 2 1 bicycle_final/111265328556_3", "4 2 1 bicycle_final/111265328556_3");

        replace(train, "6 3 2 cabinet", "6 3 1 cabinet");
        assertError(train, 7, "class 3 has super_class_id 1 here but 2", () -> StanfordOnlineProducts.load(root));
        replace(train, "6 3 1 cabinet", "6 3 2 cabinet");

        replace(test, "5 5 2 cabinet", "5 5 13 cabinet");
        assertError(test, 6, "super_class_id 13 is outside the class list", () -> StanfordOnlineProducts.load(root));
        replace(test, "5 5 13 cabinet", "5 5 2 cabinet");

        replace(test, "1 4 1 bicycle", "1 x 1 bicycle");
        assertError(test, 2, "class_id 'x' is not an integer", () -> StanfordOnlineProducts.load(root));
        replace(test, "1 x 1 bicycle", "1 1 1 bicycle");
        assertError(
                test, 0, "class 1 (image test/1) is also in Ebay_train.txt", () -> StanfordOnlineProducts.load(root));
        replace(test, "1 1 1 bicycle", "1 4 1 bicycle");

        replace(test, "image_id class_id", "id class_id");
        assertError(test, 1, "expected the header", () -> StanfordOnlineProducts.load(root));
        replace(test, "id class_id", "image_id class_id");

        Files.delete(root.resolve("bicycle_final/111085122871_1.JPG"));
        assertError(
                train, 3, "bicycle_final/111085122871_1.JPG does not exist", () -> StanfordOnlineProducts.load(root));
        Files.delete(train);
        assertError(train, 0, "index file not found", () -> StanfordOnlineProducts.load(root));
    }

    @Test
    void inShopQueriesAgainstGallery(@TempDir Path root) {
        Fixtures.writeInShop(root);
        InShop d = InShop.load(root);
        assertEquals(4, d.train().size());
        assertEquals(List.of("img/WOMEN/Blouses_Shirts/id_00000001/02_1_front.jpg"), ids(d.query()));
        assertEquals(
                List.of(
                        "img/WOMEN/Blouses_Shirts/id_00000001/02_2_side.jpg",
                        "img/MEN/Denim/id_00000007/01_1_front.jpg"),
                ids(d.gallery()));
        assertTrue(!d.selfRetrieval());
        assertArrayEquals(new int[] {80, 80, 2, 2}, RetrievalDataset.labels(d.train()));
        assertArrayEquals(new int[] {1, 7}, RetrievalDataset.labels(d.gallery()));
        assertEquals(List.of("MEN/Denim", "WOMEN/Blouses_Shirts", "WOMEN/Dresses"), d.superClassNames());
        assertArrayEquals(new int[] {0, 0, 2, 2}, RetrievalDataset.superLabels(d.train()));
        assertArrayEquals(new int[] {1, 0}, RetrievalDataset.superLabels(d.gallery()));
        assertArrayEquals(new int[] {1, 10, 20, 30, 40, 50}, d.recallKs());
    }

    @Test
    void inShopAlsoReadsEvalSubfolder(@TempDir Path root) throws IOException {
        Fixtures.writeInShop(root);
        Files.createDirectories(root.resolve("Eval"));
        Files.move(root.resolve("list_eval_partition.txt"), root.resolve("Eval/list_eval_partition.txt"));
        assertEquals(1, InShop.load(root).query().size());
    }

    @Test
    void inShopBadInputs(@TempDir Path root) throws IOException {
        Fixtures.writeInShop(root);
        Path f = root.resolve("list_eval_partition.txt");
        replace(f, "id_00000007 gallery", "id_00000007 galery");
        assertError(f, 9, "evaluation_status 'galery'", () -> InShop.load(root));
        replace(f, "id_00000007 galery", "id_00000007 gallery");
        replace(f, "7\n", "8\n");
        assertError(f, 1, "declares 8 images but the file lists 7", () -> InShop.load(root));
        replace(f, "8\n", "7\n");
        replace(f, "img/MEN/Denim/id_00000080/01_2_side.jpg ", "img/MEN/Denim/id_00000080/01_1_front.jpg");
        assertError(f, 4, "duplicate image img/MEN/Denim/id_00000080/01_1_front.jpg", () -> InShop.load(root));
    }

    @Test
    void imageFolderZeroShotSplit(@TempDir Path root) {
        Fixtures.writeImageFolder(root);
        ImageFolderDataset d = ImageFolderDataset.load(root);
        assertEquals(List.of("apple", "banana", "cherry"), d.classNames());
        assertEquals(List.of("apple/a0.JPG", "apple/a1.jpg", "banana/b.png"), ids(d.train()));
        assertEquals(List.of("cherry/c1.png", "cherry/c2.bmp"), ids(d.query()));
        assertArrayEquals(new int[] {0, 0, 1}, RetrievalDataset.labels(d.train()));
        assertArrayEquals(new int[] {2, 2}, RetrievalDataset.labels(d.query()));
        assertTrue(d.selfRetrieval());
    }

    @Test
    void imageFolderExplicitTrainTest(@TempDir Path root) throws IOException {
        Fixtures.writeImageFolder(root.resolve("train"));
        Fixtures.writeImage(root.resolve("test/banana/x.jpg"), 4, 4, 9);
        Fixtures.writeImage(root.resolve("test/zebra/z.jpg"), 4, 4, 10);
        ImageFolderDataset d = ImageFolderDataset.load(root);
        assertEquals(List.of("apple", "banana", "cherry", "zebra"), d.classNames());
        assertEquals(5, d.train().size());
        assertEquals(List.of("test/banana/x.jpg", "test/zebra/z.jpg"), ids(d.query()));
        assertArrayEquals(new int[] {1, 3}, RetrievalDataset.labels(d.query()));
        Files.createDirectories(root.resolve("test/empty"));
        assertError(
                root.resolve("test/empty").toAbsolutePath(),
                0,
                "class folder has no images",
                () -> ImageFolderDataset.load(root));
    }

    @Test
    void checksumChangesWithTheSplit(@TempDir Path dir) throws IOException {
        Function<Path, String> sum = p -> Cub200.load(p).checksum();
        Fixtures.writeCub(dir.resolve("a"));
        Fixtures.writeCub(dir.resolve("b"));
        assertEquals(sum.apply(dir.resolve("a")), sum.apply(dir.resolve("b")));
        replace(dir.resolve("b/image_class_labels.txt"), "10 150\n", "10 99\n");
        assertNotEquals(sum.apply(dir.resolve("a")), sum.apply(dir.resolve("b")));
    }
}
