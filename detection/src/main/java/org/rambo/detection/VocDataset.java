package org.rambo.detection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Pascal VOC loader: {@code VOCdevkit/VOC2007|VOC2012/{Annotations/*.xml,
 * ImageSets/Main/<split>.txt, JPEGImages/*}}. Keeps the "difficult" flags. Standard use:
 * VOC07+12 trainval for training, VOC07 test for evaluation. Every problem (malformed XML, a box
 * outside the image, an unknown class, a missing image) names its file.
 */
public final class VocDataset {

    /** The 20 Pascal VOC classes, in the devkit's order. */
    public static final List<String> VOC_CLASSES = List.of(
            "aeroplane",
            "bicycle",
            "bird",
            "boat",
            "bottle",
            "bus",
            "car",
            "cat",
            "chair",
            "cow",
            "diningtable",
            "dog",
            "horse",
            "motorbike",
            "person",
            "pottedplant",
            "sheep",
            "sofa",
            "train",
            "tvmonitor");

    private VocDataset() {}

    /** VOC07 trainval + VOC12 trainval (the years present under the devkit folder). */
    public static List<VocImage> trainval0712(Path devkit, List<String> classes) {
        List<VocImage> all = new ArrayList<>(load(devkit.resolve("VOC2007"), "trainval", classes));
        if (Files.isDirectory(devkit.resolve("VOC2012"))) {
            all.addAll(load(devkit.resolve("VOC2012"), "trainval", classes));
        }
        return all;
    }

    public static List<VocImage> test07(Path devkit, List<String> classes) {
        return load(devkit.resolve("VOC2007"), "test", classes);
    }

    /** The images of one split of one year folder (e.g. VOCdevkit/VOC2007, "test"). */
    public static List<VocImage> load(Path yearDir, String split, List<String> classes) {
        if (!Files.isDirectory(yearDir)) {
            throw new VocDataException(yearDir, "VOC year folder not found (run data-scripts/fetch-voc.sh)");
        }
        Path list = yearDir.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (IOException e) {
            throw new VocDataException(list, "cannot read the split file (" + e.getMessage() + ")", e);
        }
        DocumentBuilder xml = parser();
        List<VocImage> images = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!seen.add(id)) {
                throw new VocDataException(list, "line " + (i + 1) + ": image id '" + id + "' listed twice");
            }
            Path image = findImage(yearDir, id);
            if (image == null) {
                throw new VocDataException(
                        yearDir.resolve("JPEGImages").resolve(id + ".jpg"),
                        "missing image named by " + list + " line " + (i + 1));
            }
            images.add(readAnnotation(xml, yearDir.resolve("Annotations").resolve(id + ".xml"), id, image, classes));
        }
        return images;
    }

    private static Path findImage(Path yearDir, String id) {
        for (String ext : List.of(".jpg", ".png", ".jpeg")) {
            Path p = yearDir.resolve("JPEGImages").resolve(id + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static VocImage readAnnotation(DocumentBuilder xml, Path file, String id, Path image, List<String> classes) {
        Document doc;
        try {
            doc = xml.parse(file.toFile());
        } catch (SAXException e) {
            throw new VocDataException(file, "malformed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VocDataException(file, "cannot read the annotation (" + e.getMessage() + ")", e);
        }
        Element root = doc.getDocumentElement();
        Element size = child(file, root, "size");
        int width = intOf(file, size, "width");
        int height = intOf(file, size, "height");
        List<VocObject> objects = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("object");
        for (int k = 0; k < nodes.getLength(); k++) {
            Element o = (Element) nodes.item(k);
            String name = text(file, o, "name");
            int classId = classes.indexOf(name);
            if (classId < 0) {
                throw new VocDataException(
                        file, "object " + (k + 1) + ": unknown class '" + name + "'; classes: " + classes);
            }
            boolean difficult = o.getElementsByTagName("difficult").getLength() > 0
                    && text(file, o, "difficult").equals("1");
            Element b = child(file, o, "bndbox");
            double x1 = doubleOf(file, b, "xmin");
            double y1 = doubleOf(file, b, "ymin");
            double x2 = doubleOf(file, b, "xmax");
            double y2 = doubleOf(file, b, "ymax");
            if (x1 < 0 || y1 < 0 || x2 > width || y2 > height || x2 < x1 || y2 < y1) {
                throw new VocDataException(
                        file,
                        "object " + (k + 1) + " (" + name + "): box " + x1 + "," + y1 + "," + x2 + "," + y2
                                + " is outside the " + width + "x" + height + " image or inverted");
            }
            objects.add(new VocObject(classId, name, new Box(x1, y1, x2, y2), difficult));
        }
        return new VocImage(id, image, width, height, List.copyOf(objects));
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Path file, Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        if (l.getLength() == 0) {
            throw new VocDataException(file, "missing <" + tag + "> in <" + parent.getTagName() + ">");
        }
        return (Element) l.item(0);
    }

    private static String text(Path file, Element parent, String tag) {
        return child(file, parent, tag).getTextContent().strip();
    }

    private static int intOf(Path file, Element parent, String tag) {
        String t = text(file, parent, tag);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new VocDataException(file, "<" + tag + "> is not an integer: '" + t + "'");
        }
    }

    private static double doubleOf(Path file, Element parent, String tag) {
        String t = text(file, parent, tag);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new VocDataException(file, "<" + tag + "> is not a number: '" + t + "'");
        }
    }
}
