package org.rambo.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocDatasetTest {

    @TempDir
    Path dir;

    private static void image(Path devkit, String year, String id, int w, int h, List<VocObject> objects)
            throws IOException {
        Path y = devkit.resolve("VOC" + year);
        Files.createDirectories(y.resolve("JPEGImages"));
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpg",
                y.resolve("JPEGImages").resolve(id + ".jpg").toFile());
        VocWriter.writeAnnotation(y.resolve("Annotations").resolve(id + ".xml"), "VOC" + year, id + ".jpg", w, h, 3,
                objects);
    }

    private static VocObject obj(String name, double x0, double y0, double x1, double y1, boolean difficult) {
        return new VocObject(name, VocDataset.VOC_CLASSES.indexOf(name), new Box(x0, y0, x1, y1), difficult, false);
    }

    private Path fixture() throws IOException {
        Path devkit = dir.resolve("VOCdevkit");
        image(devkit, "2007", "000005", 50, 40, List.of(obj("chair", 1, 2, 20, 30, false), obj("chair", 5, 5, 50, 40, true)));
        image(devkit, "2007", "000007", 60, 30, List.of(obj("car", 10, 10, 30, 20, false)));
        image(devkit, "2007", "000009", 30, 30, List.of(obj("person", 3, 3, 9, 9, false)));
        image(devkit, "2012", "2008_000002", 40, 40, List.of(obj("tvmonitor", 1, 1, 40, 40, false),
                obj("person", 2.5, 3, 10, 11.5, false)));
        VocWriter.writeSplit(devkit.resolve("VOC2007/ImageSets/Main/trainval.txt"), List.of("000005", "000007"));
        VocWriter.writeSplit(devkit.resolve("VOC2007/ImageSets/Main/test.txt"), List.of("000009"));
        VocWriter.writeSplit(devkit.resolve("VOC2012/ImageSets/Main/trainval.txt"), List.of("2008_000002"));
        return devkit;
    }

    @Test
    void loadsBothYearsWithDifficultFlags() throws IOException {
        Path devkit = fixture();
        VocDataset train = VocDataset.trainval0712(devkit);
        assertEquals(3, train.size());
        assertEquals(20, train.classNames().size());
        VocImage first = train.images().get(0);
        assertEquals("2007/000005", first.id());
        assertEquals(50, first.width());
        assertEquals(40, first.height());
        assertEquals(2, first.objects().size());
        assertFalse(first.objects().get(0).difficult());
        assertTrue(first.objects().get(1).difficult());
        assertEquals(new Box(1, 2, 20, 30), first.objects().get(0).box());
        assertEquals(VocDataset.VOC_CLASSES.indexOf("chair"), first.objects().get(0).classIndex());
        VocImage voc12 = train.images().get(2);
        assertEquals("2012/2008_000002", voc12.id());
        assertEquals(2.5, voc12.objects().get(1).box().xmin());
        assertEquals(5, train.truths().size());
        assertEquals(30, VocDataset.readImage(train.images().get(1)).getHeight());

        VocDataset test = VocDataset.test07(devkit);
        assertEquals(List.of("2007/000009"), test.images().stream().map(VocImage::id).toList());
    }

    @Test
    void explicitClassListAndDifficultIgnoredInEvaluation() throws IOException {
        Path devkit = fixture();
        VocDataset train = VocDataset.load(devkit, List.of("2007/trainval"), List.of("car", "chair"));
        assertEquals(1, train.images().get(0).objects().get(0).classIndex());
        VocEvaluator.Result r = VocEvaluator.evaluate(train.classNames(), train.truths(),
                List.of(new Detection("2007/000005", 1, 0.9, new Box(5, 5, 50, 40)),
                        new Detection("2007/000005", 1, 0.8, new Box(1, 2, 20, 30))));
        assertEquals(1.0, r.of("chair").apArea(), 1e-12);
        assertEquals(0.0, r.of("car").apArea(), 1e-12);
    }

    private String messageOf(Path devkit) {
        return assertThrows(VocDataException.class, () -> VocDataset.trainval0712(devkit)).getMessage();
    }

    @Test
    void malformedXmlNamesTheFile() throws IOException {
        Path devkit = fixture();
        Path xml = devkit.resolve("VOC2007/Annotations/000007.xml");
        Files.writeString(xml, "<annotation><size><width>3</width></annotation");
        assertTrue(messageOf(devkit).contains(xml.toString()));
        Files.writeString(xml, "<annotation><filename>000007.jpg</filename><size><width>6</width><height>x</height></size></annotation>");
        String m = messageOf(devkit);
        assertTrue(m.contains(xml.toString()) && m.contains("height"), m);
    }

    @Test
    void boxOutsideTheImageNamesTheFile() throws IOException {
        Path devkit = fixture();
        Path xml = devkit.resolve("VOC2007/Annotations/000007.xml");
        VocWriter.writeAnnotation(xml, "VOC2007", "000007.jpg", 60, 30, 3, List.of(obj("car", 10, 10, 61, 20, false)));
        String m = messageOf(devkit);
        assertTrue(m.contains(xml.toString()) && m.contains("outside"), m);
        VocWriter.writeAnnotation(xml, "VOC2007", "000007.jpg", 60, 30, 3, List.of(obj("car", 30, 10, 10, 20, false)));
        assertTrue(messageOf(devkit).contains(xml.toString()));
    }

    @Test
    void unknownClassNamesTheFileAndTheClass() throws IOException {
        Path devkit = fixture();
        Path xml = devkit.resolve("VOC2012/Annotations/2008_000002.xml");
        VocWriter.writeAnnotation(xml, "VOC2012", "2008_000002.jpg", 40, 40, 3,
                List.of(new VocObject("unicorn", -1, new Box(1, 1, 5, 5), false, false)));
        String m = messageOf(devkit);
        assertTrue(m.contains(xml.toString()) && m.contains("unicorn"), m);
    }

    @Test
    void missingImageAnnotationOrListNamesTheFile() throws IOException {
        Path devkit = fixture();
        Path jpg = devkit.resolve("VOC2007/JPEGImages/000005.jpg");
        Files.delete(jpg);
        assertTrue(messageOf(devkit).contains(jpg.toString()));

        Path devkit2 = dir.resolve("second");
        Files.createDirectories(devkit2);
        Path list = devkit2.resolve("VOC2007/ImageSets/Main/trainval.txt");
        assertTrue(messageOf(devkit2).contains(list.toString()));
        VocWriter.writeSplit(list, List.of("424242"));
        assertTrue(messageOf(devkit2).contains(devkit2.resolve("VOC2007/Annotations/424242.xml").toString()));
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        Path devkit = fixture();
        Path jpg = devkit.resolve("VOC2007/JPEGImages/000007.jpg");
        Files.writeString(jpg, "not an image");
        VocImage im = VocDataset.trainval0712(devkit).images().get(1);
        VocDataException e = assertThrows(VocDataException.class, () -> VocDataset.readImage(im));
        assertTrue(e.getMessage().contains(jpg.toString()));
    }
}
