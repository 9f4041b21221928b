package org.rambo.detection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data of a detection run: the class names in label order, the trainval images
 * (VOC07+12) and the VOC07 test images, each cut to the config's cap.
 */
public record DetectionData(List<String> classes, List<VocImage> train, List<VocImage> test) {

    /** What {@link #annotationChecksum} covers, for provenance.json. */
    public static final String CHECKSUM_SCOPE =
            "SHA-256 over the split lists and annotation XML files (not the images)";

    /** Loads and checks the config's VOC tree; bad data fails with one line naming the file. */
    public static DetectionData load(DetectionConfig config) {
        Path root = Path.of(config.root());
        List<String> classes = resolveClasses(config);
        List<VocImage> train = cap(VocDataset.trainval0712(root, classes), config.maxTrain());
        List<VocImage> test = cap(VocDataset.test07(root, classes), config.maxTest());
        if (train.isEmpty() || test.isEmpty()) {
            throw new VocDataException(root, "no images in the trainval or test split");
        }
        return new DetectionData(classes, train, test);
    }

    /** The class names in label order: the config's, else root/classes.txt, else the 20 VOC classes. */
    public static List<String> resolveClasses(DetectionConfig c) {
        if (!c.classes().isEmpty()) {
            return c.classes();
        }
        Path file = Path.of(c.root()).resolve(SyntheticVoc.CLASSES_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return Files.readAllLines(file).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
            } catch (IOException e) {
                throw new VocDataException(file, "cannot read the class list (" + e.getMessage() + ")", e);
            }
        }
        return VocDataset.VOC_CLASSES;
    }

    /** SHA-256 over the split lists and annotations of VOC2007 and VOC2012 under {@code root}. */
    public static String annotationChecksum(Path root) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String year : List.of("VOC2007", "VOC2012")) {
                for (String dir : List.of("ImageSets/Main", "Annotations")) {
                    digestFolder(md, root, root.resolve(year).resolve(dir));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static void digestFolder(MessageDigest md, Path root, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
    }

    private static <T> List<T> cap(List<T> list, int max) {
        return max > 0 && list.size() > max ? list.subList(0, max) : list;
    }
}
