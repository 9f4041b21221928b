package org.rambo.detect;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the Pascal VOC layout:
 * {@code VOCdevkit/VOC<year>/{Annotations/<id>.xml, ImageSets/Main/<split>.txt, JPEGImages/<file>}}.
 * The image file is the annotation's {@code <filename>} (JPEG for VOC, PNG for the synthetic set).
 * Every object keeps its {@code difficult} flag (missing tag = not difficult).
 *
 * <p>Bad input fails with a {@link VocDataException} naming the file: malformed or incomplete
 * XML, a box outside the image (corners must satisfy {@code 0 <= xmin <= xmax <= width}, same for
 * y), a class name not in the class list, a missing annotation or image file, a missing split list.
 */
public final class VocDataset {

    /** The 20 Pascal VOC classes in the devkit's order. */
    public static final List<String> VOC_CLASSES = List.of("aeroplane", "bicycle", "bird", "boat", "bottle",
            "bus", "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person",
            "pottedplant", "sheep", "sofa", "train", "tvmonitor");

    private final List<String> classNames;
    private final List<VocImage> images;

    private VocDataset(List<String> classNames, List<VocImage> images) {
        this.classNames = classNames;
        this.images = images;
    }

    /** A dataset from already loaded images (e.g. a subset). */
    public static VocDataset of(List<String> classNames, List<VocImage> images) {
        return new VocDataset(List.copyOf(classNames), List.copyOf(images));
    }

    public List<String> classNames() {
        return classNames;
    }

    public List<VocImage> images() {
        return images;
    }

    public int size() {
        return images.size();
    }

    /** All ground truth boxes of all images (for {@link VocEvaluator}). */
    public List<GroundTruth> truths() {
        List<GroundTruth> all = new ArrayList<>();
        for (VocImage im : images) {
            all.addAll(im.truths());
        }
        return all;
    }

    /** VOC07+12 trainval: the paper's training set. */
    public static VocDataset trainval0712(Path devkit) {
        return load(devkit, List.of("2007/trainval", "2012/trainval"), VOC_CLASSES);
    }

    /** VOC07 test: the paper's evaluation set. */
    public static VocDataset test07(Path devkit) {
        return load(devkit, List.of("2007/test"), VOC_CLASSES);
    }

    /**
     * Loads the union of {@code "year/split"} lists (e.g. "2007/trainval", "2012/trainval")
     * under {@code devkit} (the VOCdevkit folder), with the given class list.
     */
    public static VocDataset load(Path devkit, List<String> yearSplits, List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("class list is empty");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            if (index.put(classNames.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate class name " + classNames.get(i));
            }
        }
        List<VocImage> images = new ArrayList<>();
        DocumentBuilder parser = newParser();
        for (String ys : yearSplits) {
            String[] parts = ys.split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected \"year/split\", got " + ys);
            }
            Path yearDir = devkit.resolve("VOC" + parts[0]);
            Path list = yearDir.resolve("ImageSets").resolve("Main").resolve(parts[1] + ".txt");
            if (!Files.isRegularFile(list)) {
                throw new VocDataException(list, "split list not found");
            }
            List<String> ids;
            try {
                ids = Files.readAllLines(list, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new VocDataException(list, "cannot read split list", e);
            }
            for (String line : ids) {
                String id = line.strip();
                if (id.isEmpty()) {
                    continue;
                }
                id = id.split("\\s+")[0];
                Path xml = yearDir.resolve("Annotations").resolve(id + ".xml");
                images.add(parseAnnotation(parser, parts[0] + "/" + id, xml, yearDir.resolve("JPEGImages"),
                        index, classNames));
            }
        }
        return new VocDataset(List.copyOf(classNames), List.copyOf(images));
    }

    static DocumentBuilder newParser() {
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

    static VocImage parseAnnotation(DocumentBuilder parser, String id, Path xml, Path imageDir,
            Map<String, Integer> index, List<String> classNames) {
        if (!Files.isRegularFile(xml)) {
            throw new VocDataException(xml, "annotation file not found");
        }
        Document doc;
        try {
            doc = parser.parse(xml.toFile());
        } catch (SAXException e) {
            throw new VocDataException(xml, "malformed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VocDataException(xml, "cannot read annotation", e);
        }
        Element root = doc.getDocumentElement();
        if (!"annotation".equals(root.getTagName())) {
            throw new VocDataException(xml, "root element is <" + root.getTagName() + ">, expected <annotation>");
        }
        String fileName = childText(root, "filename", xml, false);
        Path image = imageDir.resolve(fileName == null ? id.substring(id.indexOf('/') + 1) + ".jpg" : fileName);
        if (!Files.isRegularFile(image)) {
            throw new VocDataException(image, "image file not found (named by " + xml + ")");
        }
        Element size = child(root, "size", xml, true);
        int width = (int) number(size, "width", xml);
        int height = (int) number(size, "height", xml);
        if (width <= 0 || height <= 0) {
            throw new VocDataException(xml, "image size must be positive, got " + width + "x" + height);
        }
        List<VocObject> objects = new ArrayList<>();
        NodeList nodes = root.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (!(n instanceof Element e) || !"object".equals(e.getTagName())) {
                continue;
            }
            String name = childText(e, "name", xml, true).strip();
            Integer ci = index.get(name);
            if (ci == null) {
                throw new VocDataException(xml, "unknown class name \"" + name + "\" (known: " + classNames + ")");
            }
            Element bb = child(e, "bndbox", xml, true);
            Box box = new Box(number(bb, "xmin", xml), number(bb, "ymin", xml), number(bb, "xmax", xml),
                    number(bb, "ymax", xml));
            if (box.xmin() < 0 || box.ymin() < 0 || box.xmax() > width || box.ymax() > height
                    || box.xmin() > box.xmax() || box.ymin() > box.ymax()) {
                throw new VocDataException(xml, "box of \"" + name + "\" " + box + " lies outside the "
                        + width + "x" + height + " image or has xmin > xmax / ymin > ymax");
            }
            objects.add(new VocObject(name, ci, box, flag(e, "difficult", xml), flag(e, "truncated", xml)));
        }
        return new VocImage(id, image, xml, width, height, List.copyOf(objects));
    }

    /** Reads an image named by a VOC annotation; a missing or unreadable file names itself. */
    public static BufferedImage readImage(VocImage image) {
        Path f = image.imageFile();
        try {
            BufferedImage im = ImageIO.read(f.toFile());
            if (im == null) {
                throw new VocDataException(f, "not a readable image");
            }
            return im;
        } catch (IOException e) {
            throw new VocDataException(f, "cannot read image", e);
        }
    }

    private static Element child(Element parent, String tag, Path xml, boolean required) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && tag.equals(e.getTagName())) {
                return e;
            }
        }
        if (required) {
            throw new VocDataException(xml, "missing <" + tag + "> in <" + parent.getTagName() + ">");
        }
        return null;
    }

    private static String childText(Element parent, String tag, Path xml, boolean required) {
        Element e = child(parent, tag, xml, required);
        return e == null ? null : e.getTextContent().strip();
    }

    private static double number(Element parent, String tag, Path xml) {
        String s = childText(parent, tag, xml, true);
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException ex) {
            throw new VocDataException(xml, "<" + tag + "> is not a number: \"" + s + "\"");
        }
    }

    private static boolean flag(Element parent, String tag, Path xml) {
        String s = childText(parent, tag, xml, false);
        if (s == null || s.isEmpty()) {
            return false;
        }
        return switch (s) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new VocDataException(xml, "<" + tag + "> must be 0 or 1, got \"" + s + "\"");
        };
    }
}
