package org.rambo.harness.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A plain folder tree, one folder per class, in either of two layouts:
 * <pre>
 * root/train/CLASS/*.jpg and root/test/CLASS/*.jpg   explicit split
 * root/CLASS/*.jpg                                    zero-shot split: the first half of the
 *                                                     class names (sorted, rounded up) train,
 *                                                     the rest test (like CUB's 100/100)
 * </pre>
 * Images: .jpg .jpeg .png .bmp .gif (any case), files sorted by name; other files are ignored.
 * Labels: the index of the class name in the sorted list of all class names. The test set is
 * evaluated against itself.
 */
public final class ImageFolderDataset extends AbstractDataset {
    private static final Set<String> EXT = Set.of("jpg", "jpeg", "png", "bmp", "gif");
    private final List<String> classNames;

    private ImageFolderDataset(Path root, List<Item> train, List<Item> test, List<String> names) {
        super(root, train, test, test, List.of());
        this.classNames = List.copyOf(names);
    }

    @Override
    public String name() {
        return "imagefolder";
    }

    @Override
    public int[] recallKs() {
        return new int[] {1, 2, 4, 8};
    }

    /** Class names by label. */
    public List<String> classNames() {
        return classNames;
    }

    public static ImageFolderDataset load(Path root) {
        root = root.toAbsolutePath().normalize();
        IndexFiles.requireDir(root, "image folder");
        boolean explicit = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        if (explicit) {
            List<String> trainNames = classFolders(root.resolve("train"));
            List<String> testNames = classFolders(root.resolve("test"));
            TreeSet<String> all = new TreeSet<>(trainNames);
            all.addAll(testNames);
            List<String> names = new ArrayList<>(all);
            return new ImageFolderDataset(
                    root,
                    items(root, root.resolve("train"), trainNames, names),
                    items(root, root.resolve("test"), testNames, names),
                    names);
        }
        List<String> names = classFolders(root);
        if (names.size() < 2) {
            throw new DataException(root, "a zero-shot split needs at least 2 class folders, found " + names.size());
        }
        int cut = (names.size() + 1) / 2;
        return new ImageFolderDataset(
                root,
                items(root, root, names.subList(0, cut), names),
                items(root, root, names.subList(cut, names.size()), names),
                names);
    }

    private static List<String> classFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new DataException(dir, "no class folders");
            }
            return names;
        } catch (IOException e) {
            throw new DataException(dir, "cannot list: " + e, e);
        }
    }

    private static List<Item> items(Path root, Path dir, List<String> classes, List<String> allNames) {
        List<Item> out = new ArrayList<>();
        for (String c : classes) {
            Path cd = dir.resolve(c);
            List<Path> files;
            try (Stream<Path> s = Files.list(cd)) {
                files = s.filter(Files::isRegularFile)
                        .filter(ImageFolderDataset::isImage)
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new DataException(cd, "cannot list: " + e, e);
            }
            if (files.isEmpty()) {
                throw new DataException(cd, "class folder has no images (.jpg .jpeg .png .bmp .gif)");
            }
            int label = allNames.indexOf(c);
            for (Path f : files) {
                out.add(new Item(root.relativize(f).toString(), f, label, -1));
            }
        }
        return out;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".")
                && dot > 0
                && EXT.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
