package org.rambo.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticVocTest {

    @TempDir
    Path dir;

    @Test
    void sanitisesFashionMnistNames() {
        assertEquals("t-shirt-top", SyntheticVoc.sanitize("T-shirt/top"));
        assertEquals("ankle-boot", SyntheticVoc.sanitize("Ankle boot"));
        assertEquals("bag", SyntheticVoc.sanitize("Bag"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticVoc.sanitize("//"));
    }

    @Test
    void writesAVocTreeTheLoaderReadsWithExactBoxes() throws IOException {
        int[] labels = new int[40];
        byte[] objects = Shapes.objects(40, 1, labels);
        List<String> names = SyntheticVoc.write(dir, objects, labels, Shapes.NAMES, 12, 5, 64, 42);
        assertEquals(List.of("square-block", "ring", "cross", "bar"), names);
        assertEquals(names, SyntheticVoc.readClasses(dir));
        Path devkit = dir.resolve("VOCdevkit");
        VocDataset train = VocDataset.load(devkit, List.of("2007/trainval"), names);
        VocDataset test = VocDataset.load(devkit, List.of("2007/test"), names);
        assertEquals(12, train.size());
        assertEquals(5, test.size());
        int objectsSeen = 0;
        for (VocImage im : train.images()) {
            assertEquals(64, im.width());
            assertTrue(im.imageFile().toString().endsWith(".png"));
            assertFalse(im.objects().isEmpty());
            BufferedImage pixels = VocDataset.readImage(im);
            for (VocObject o : im.objects()) {
                objectsSeen++;
                Box b = o.box();
                assertTrue(b.xmin() >= 1 && b.xmax() <= 64 && b.xmin() <= b.xmax());
                assertFalse(o.difficult());
                if (o.classIndex() == 0) {
                    // a filled square: its box is the visible square (bright, tinted >= 0.55 * 180)
                    int cx = (int) ((b.xmin() + b.xmax()) / 2) - 1;
                    int cy = (int) ((b.ymin() + b.ymax()) / 2) - 1;
                    int rgb = pixels.getRGB(cx, cy);
                    assertTrue(((rgb >> 16) & 0xff) > 60 || ((rgb >> 8) & 0xff) > 60);
                }
            }
        }
        assertTrue(objectsSeen >= 12);
        // deterministic for a seed, and a complete set is not rewritten
        byte[] before = Files.readAllBytes(devkit.resolve("VOC2007/JPEGImages/s000003.png"));
        long stamp = Files.getLastModifiedTime(devkit.resolve("VOC2007/Annotations/s000003.xml")).toMillis();
        Path other = dir.resolve("again");
        SyntheticVoc.write(other, objects, labels, Shapes.NAMES, 12, 5, 64, 42);
        assertArrayEquals(before, Files.readAllBytes(other.resolve("VOCdevkit/VOC2007/JPEGImages/s000003.png")));
        SyntheticVoc.write(dir, objects, labels, Shapes.NAMES, 12, 5, 64, 42);
        assertEquals(stamp, Files.getLastModifiedTime(devkit.resolve("VOC2007/Annotations/s000003.xml")).toMillis());
    }

    @Test
    void rejectsBadArguments() {
        int[] labels = new int[8];
        byte[] objects = Shapes.objects(8, 1, labels);
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticVoc.write(dir, new byte[10], labels, Shapes.NAMES, 2, 2, 64, 1));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticVoc.write(dir, objects, labels, List.of("a/b", "a b", "c", "d"), 2, 2, 64, 1));
        labels[0] = 9;
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticVoc.write(dir, objects, labels, Shapes.NAMES, 2, 2, 64, 1));
    }
}
