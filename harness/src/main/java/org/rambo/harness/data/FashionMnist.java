package org.rambo.harness.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST (Xiao et al. 2017, MIT licence): 70,000 grayscale 28x28 images in 10 classes,
 * read from the four IDX files (gzip or raw) that data-scripts/fetch-fashion-mnist.sh puts in
 * data/fashion-mnist.
 *
 * <p>The official 60k/10k split is irrelevant for metric learning: the images are pooled
 * (official training images first, then the test images, in file order) and split by class
 * as zero-shot retrieval, like CUB's 100/100: classes 0-4 train, classes 5-9 test.
 *
 * <p>Integrity: SHA-256 of each file's decompressed bytes is checked against
 * {@link #EXPECTED_SHA256}; Debian recompresses the .gz files, so the
 * compressed bytes are not comparable across sources. {@link #checksum()} is one digest of
 * the dataset for run provenance.
 */
public final class FashionMnist {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    public static final int CLASSES = 10;
    /** Classes 0..4 train, 5..9 test. */
    public static final int FIRST_TEST_CLASS = 5;

    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** SHA-256 of the decompressed IDX files, in the order checksum() uses. */
    public static final Map<String, String> EXPECTED_SHA256;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
        m.put(TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
        m.put(TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
        m.put(TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
        EXPECTED_SHA256 = Collections.unmodifiableMap(m);
    }

    private final Path dir;
    private final byte[] images;
    private final int[] labels;
    private final int officialTrainCount;
    private final Map<String, String> fileSha256;
    private final String checksum;

    private FashionMnist(Path dir, byte[] images, int[] labels, int officialTrainCount, Map<String, String> sha) {
        this.dir = dir;
        this.images = images;
        this.labels = labels;
        this.officialTrainCount = officialTrainCount;
        this.fileSha256 = sha;
        StringBuilder sb = new StringBuilder();
        sha.forEach((name, digest) -> sb.append(name).append(' ').append(digest).append('\n'));
        this.checksum = Idx.sha256(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Loads and verifies the real dataset; fails naming the file whose digest differs. */
    public static FashionMnist load(Path dir) {
        return load(dir, true);
    }

    /**
     * @param verify false skips the SHA-256 comparison (fixtures and subsets); the digests are
     *               still computed for {@link #checksum()}
     */
    public static FashionMnist load(Path dir, boolean verify) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(
                    dir, "Fashion-MNIST folder not found (run data-scripts/fetch-fashion-mnist.sh " + dir + ")");
        }
        Idx.Array trI = Idx.read(Idx.locate(dir, TRAIN_IMAGES));
        Idx.Array trL = Idx.read(Idx.locate(dir, TRAIN_LABELS));
        Idx.Array teI = Idx.read(Idx.locate(dir, TEST_IMAGES));
        Idx.Array teL = Idx.read(Idx.locate(dir, TEST_LABELS));
        Map<String, String> sha = new LinkedHashMap<>();
        sha.put(TRAIN_IMAGES, trI.sha256());
        sha.put(TRAIN_LABELS, trL.sha256());
        sha.put(TEST_IMAGES, teI.sha256());
        sha.put(TEST_LABELS, teL.sha256());
        if (verify) {
            for (Idx.Array a : List.of(trI, trL, teI, teL)) {
                String name = a.file().getFileName().toString().replaceFirst("\\.gz$", "");
                String want = EXPECTED_SHA256.get(name);
                if (!want.equals(a.sha256())) {
                    throw new DataException(
                            a.file(),
                            "SHA-256 of the decompressed bytes is " + a.sha256()
                                    + ", expected " + want + " (corrupt or different file; delete it and run"
                                    + " data-scripts/fetch-fashion-mnist.sh again)");
                }
            }
        }
        checkImages(trI);
        checkImages(teI);
        checkLabels(trL, trI);
        checkLabels(teL, teI);
        int n = trI.count() + teI.count();
        byte[] images = new byte[n * PIXELS];
        System.arraycopy(trI.data(), 0, images, 0, trI.data().length);
        System.arraycopy(teI.data(), 0, images, trI.data().length, teI.data().length);
        int[] labels = new int[n];
        for (int i = 0; i < trL.count(); i++) {
            labels[i] = trL.data()[i] & 0xff;
        }
        for (int i = 0; i < teL.count(); i++) {
            labels[trL.count() + i] = teL.data()[i] & 0xff;
        }
        return new FashionMnist(dir, images, labels, trI.count(), sha);
    }

    private static void checkImages(Idx.Array a) {
        if (a.shape().length != 3 || a.shape()[1] != ROWS || a.shape()[2] != COLS) {
            throw new DataException(
                    a.file(), "expected images of shape [n, 28, 28], got " + Arrays.toString(a.shape()));
        }
    }

    private static void checkLabels(Idx.Array l, Idx.Array images) {
        if (l.shape().length != 1) {
            throw new DataException(l.file(), "expected a 1-d label file, got shape " + Arrays.toString(l.shape()));
        }
        if (l.count() != images.count()) {
            throw new DataException(
                    l.file(),
                    l.count() + " labels but " + images.file().getFileName() + " has " + images.count() + " images");
        }
        for (int i = 0; i < l.count(); i++) {
            int v = l.data()[i] & 0xff;
            if (v >= CLASSES) {
                throw new DataException(
                        l.file(),
                        "label " + v + " of item " + i + " (byte offset " + (8 + i)
                                + ") is outside the class list 0-9");
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Number of pooled images (70,000 for the real dataset). */
    public int size() {
        return labels.length;
    }

    /** Images of the official training file (first in the pooled order): 60,000 for the real data. */
    public int officialTrainCount() {
        return officialTrainCount;
    }

    /**
     * All pooled images, size() x 784 bytes (unsigned, row-major 28x28, 0 = background).
     * The array is shared, not copied: do not modify it.
     */
    public byte[] images() {
        return images;
    }

    /** A copy of image i (784 unsigned bytes). */
    public byte[] image(int i) {
        return Arrays.copyOfRange(images, i * PIXELS, (i + 1) * PIXELS);
    }

    /** All pooled labels 0..9 (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int i) {
        return labels[i];
    }

    /** Pooled indices of classes 0-4, ascending. */
    public int[] trainIndices() {
        return indicesWhere(true);
    }

    /** Pooled indices of classes 5-9, ascending. */
    public int[] testIndices() {
        return indicesWhere(false);
    }

    private int[] indicesWhere(boolean train) {
        return IntStream.range(0, labels.length)
                .filter(i -> (labels[i] < FIRST_TEST_CLASS) == train)
                .toArray();
    }

    public int[] labelsOf(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return out;
    }

    /** The images of the given indices, concatenated (indices.length x 784). */
    public byte[] imagesOf(int[] indices) {
        byte[] out = new byte[indices.length * PIXELS];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images, indices[i] * PIXELS, out, i * PIXELS, PIXELS);
        }
        return out;
    }

    /**
     * The first {@code perClass} indices of each class, in the given order: a deterministic
     * subset for quick grids (CI) that keeps classes balanced.
     */
    public int[] perClassLimit(int[] indices, int perClass) {
        int[] seen = new int[CLASSES];
        List<Integer> out = new ArrayList<>();
        for (int i : indices) {
            if (seen[labels[i]]++ < perClass) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** SHA-256 of each decompressed file, in the fixed order of {@link #EXPECTED_SHA256}. */
    public Map<String, String> fileSha256() {
        return fileSha256;
    }

    /**
     * One digest for provenance: SHA-256 of the UTF-8 text "name sha256\n" over the four files in
     * the order train-images, train-labels, t10k-images, t10k-labels (names without .gz), so it
     * does not depend on the compression.
     */
    public String checksum() {
        return checksum;
    }
}
