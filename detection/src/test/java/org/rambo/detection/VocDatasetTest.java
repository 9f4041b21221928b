package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader on VOC trees: a hand-written one with exact contents, the synthetic set, and bad input. */
class VocDatasetTest {

    static final String XML = """
            <annotation><size><width>100</width><height>80</height><depth>3</depth></size>
              <object><name>dog</name><difficult>0</difficult><bndbox><xmin>10</xmin><ymin>5</ymin><xmax>50</xmax><ymax>40</ymax></bndbox></object>
              <object><name>person</name><difficult>1</difficult><bndbox><xmin>60</xmin><ymin>10</ymin><xmax>99</xmax><ymax>79</ymax></bndbox></object>
            </annotation>
            """;

    static Path tree(String xml, String imageName) throws Exception {
        Path devkit = Files.createTempDirectory("voc");
        Path y = devkit.resolve("VOC2007");
        Files.createDirectories(y.resolve("Annotations"));
        Files.createDirectories(y.resolve("ImageSets/Main"));
        Files.createDirectories(y.resolve("JPEGImages"));
        Files.writeString(y.resolve("Annotations/000001.xml"), xml);
        Files.writeString(y.resolve("ImageSets/Main/test.txt"), "000001\n");
        Files.writeString(y.resolve("ImageSets/Main/trainval.txt"), "");
        Files.write(y.resolve("JPEGImages/" + imageName), new byte[] {1});
        return devkit;
    }

    @Test
    void readsExactObjectsWithDifficultFlags() throws Exception {
        Path devkit = tree(XML, "000001.jpg");
        List<VocImage> images = VocDataset.test07(devkit, VocDataset.VOC_CLASSES);
        assertEquals(1, images.size());
        VocImage im = images.get(0);
        assertEquals(100, im.width());
        assertEquals(80, im.height());
        assertEquals(
                List.of(
                        new VocObject(11, "dog", new Box(10, 5, 50, 40), false),
                        new VocObject(14, "person", new Box(60, 10, 99, 79), true)),
                im.objects());
        assertEquals(0, VocDataset.trainval0712(devkit, VocDataset.VOC_CLASSES).size());
    }

    @Test
    void badInputNamesTheFile() throws Exception {
        Path a = tree(XML.replace("</annotation>", ""), "000001.jpg");
        String m1 = assertThrows(VocDataException.class, () -> VocDataset.test07(a, VocDataset.VOC_CLASSES))
                .getMessage();
        assertTrue(m1.contains("Annotations/000001.xml: malformed XML"), m1);

        Path b = tree(XML.replace("<xmax>99</xmax>", "<xmax>120</xmax>"), "000001.jpg");
        String m2 = assertThrows(VocDataException.class, () -> VocDataset.test07(b, VocDataset.VOC_CLASSES))
                .getMessage();
        assertTrue(
                m2.contains("000001.xml: object 2 (person): box 60.0,10.0,120.0,79.0 is outside the 100x80 image"), m2);

        Path c = tree(XML.replace("<name>dog</name>", "<name>doge</name>"), "000001.jpg");
        String m3 = assertThrows(VocDataException.class, () -> VocDataset.test07(c, VocDataset.VOC_CLASSES))
                .getMessage();
        assertTrue(m3.contains("000001.xml: object 1: unknown class 'doge'; classes: [aeroplane"), m3);

        Path d = tree(XML, "000002.jpg");
        String m4 = assertThrows(VocDataException.class, () -> VocDataset.test07(d, VocDataset.VOC_CLASSES))
                .getMessage();
        assertTrue(m4.contains("JPEGImages/000001.jpg: missing image named by ") && m4.contains("test.txt line 1"), m4);

        String m5 = assertThrows(
                        VocDataException.class,
                        () -> VocDataset.test07(Path.of("/nonexistent"), VocDataset.VOC_CLASSES))
                .getMessage();
        assertTrue(m5.startsWith("/nonexistent/VOC2007: VOC year folder not found"), m5);
    }

    @Test
    void syntheticSetRoundTripsThroughTheLoaderWithExactBoxes() throws Exception {
        // objects: class 0 a filled 10x10 square in the middle of the 28x28 canvas, class 1 a bar
        byte[] objects = new byte[2 * 784];
        for (int y = 9; y < 19; y++) {
            for (int x = 9; x < 19; x++) {
                objects[y * 28 + x] = (byte) 200;
            }
        }
        for (int x = 2; x < 26; x++) {
            objects[784 + 14 * 28 + x] = (byte) 255;
        }
        Path devkit = Files.createTempDirectory("synthetic");
        List<String> names =
                SyntheticVoc.write(devkit, objects, new int[] {0, 1}, List.of("Square/box", "Bar"), 6, 4, 64, 7);
        assertEquals(List.of("square-box", "bar"), names);
        List<VocImage> train = VocDataset.trainval0712(devkit, names);
        List<VocImage> test = VocDataset.test07(devkit, names);
        assertEquals(6, train.size());
        assertEquals(4, test.size());
        for (VocImage im : train) {
            assertEquals(64, im.width());
            assertTrue(!im.objects().isEmpty() && im.objects().size() <= 3);
            for (VocObject o : im.objects()) {
                double w = o.box().xmax() - o.box().xmin() + 1;
                double h = o.box().ymax() - o.box().ymin() + 1;
                if (o.classId() == 1) {
                    assertTrue(h <= 2, "a bar is one source row high: " + o);
                } else {
                    assertEquals(w, h, 1.0, "a square stays square: " + o);
                }
            }
        }
    }
}
