package org.rambo.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes VOC annotation XML and split lists (used by the synthetic set and by test fixtures). */
public final class VocWriter {

    private VocWriter() {}

    /** Writes {@code Annotations/<id>.xml} content for one image; boxes are written as integers when whole. */
    public static void writeAnnotation(Path xml, String folder, String fileName, int width, int height, int depth,
            List<VocObject> objects) {
        StringBuilder s = new StringBuilder();
        s.append("<annotation>\n");
        s.append("  <folder>").append(escape(folder)).append("</folder>\n");
        s.append("  <filename>").append(escape(fileName)).append("</filename>\n");
        s.append("  <size>\n    <width>").append(width).append("</width>\n    <height>").append(height)
                .append("</height>\n    <depth>").append(depth).append("</depth>\n  </size>\n");
        s.append("  <segmented>0</segmented>\n");
        for (VocObject o : objects) {
            s.append("  <object>\n    <name>").append(escape(o.name())).append("</name>\n");
            s.append("    <pose>Unspecified</pose>\n");
            s.append("    <truncated>").append(o.truncated() ? 1 : 0).append("</truncated>\n");
            s.append("    <difficult>").append(o.difficult() ? 1 : 0).append("</difficult>\n");
            Box b = o.box();
            s.append("    <bndbox>\n      <xmin>").append(num(b.xmin())).append("</xmin>\n      <ymin>")
                    .append(num(b.ymin())).append("</ymin>\n      <xmax>").append(num(b.xmax()))
                    .append("</xmax>\n      <ymax>").append(num(b.ymax())).append("</ymax>\n    </bndbox>\n");
            s.append("  </object>\n");
        }
        s.append("</annotation>\n");
        writeAtomically(xml, s.toString());
    }

    /** Writes {@code ImageSets/Main/<split>.txt}: one id a line. */
    public static void writeSplit(Path list, List<String> ids) {
        writeAtomically(list, ids.isEmpty() ? "" : String.join("\n", ids) + "\n");
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Writes text through a temporary file in the same folder and renames it into place. */
    public static void writeAtomically(Path file, String text) {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeAtomically(Path file, byte[] bytes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
