package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.data.Fixtures;

/**
 * Every bad data file ends `rambo-bench run` in one line naming the file (and line) and exit 1,
 * before any training: the real command line on damaged copies of fixture datasets.
 */
class BadDataCliTest {

    @TempDir
    Path tmp;

    /** Runs a one-method grid on a dataset and returns the outcome. */
    private CliRun run(String dataset, Path root) throws IOException {
        int channels = dataset.equals("fashion-mnist") ? 1 : 3;
        int size = dataset.equals("fashion-mnist") ? 28 : 8;
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, """
                name: bad
                dataset: {name: %s, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 4
                  image: {resize: %d, crop: %d, channels: %d}
                  sampler: {classes_per_batch: 2, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 1
                  eval: {ks: [1]}
                  threads: 1
                seeds: [0]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                """.formatted(dataset, root.toString().replace("\\", "/"), size, size, channels));
        return CliRun.of(
                "run", grid.toString(), "--runs-dir", tmp.resolve("runs").toString(), "--no-progress");
    }

    private void assertOneLine(String expected, CliRun r) {
        assertEquals(1, r.code(), r.err());
        assertEquals(expected + System.lineSeparator(), r.err());
    }

    private Path fashion() throws IOException {
        return CliFixtures.fashion(tmp.resolve("fm"), 2, 1, 0.0, 1);
    }

    @Test
    void missingFashionMnistFolder() throws IOException {
        Path root = tmp.resolve("nope");
        assertOneLine(
                "rambo-bench run: " + root + ": Fashion-MNIST folder not found (run"
                        + " data-scripts/fetch-fashion-mnist.sh " + root + ")",
                run("fashion-mnist", root));
    }

    @Test
    void missingIdxFile() throws IOException {
        Path root = fashion();
        Files.delete(root.resolve("t10k-labels-idx1-ubyte"));
        assertOneLine(
                "rambo-bench run: " + root.resolve("t10k-labels-idx1-ubyte.gz") + ": missing IDX file (neither"
                        + " t10k-labels-idx1-ubyte.gz nor t10k-labels-idx1-ubyte exists in " + root
                        + "; run data-scripts/fetch-fashion-mnist.sh)",
                run("fashion-mnist", root));
    }

    @Test
    void zeroByteIdx() throws IOException {
        Path root = fashion();
        Path f = root.resolve("train-images-idx3-ubyte");
        Files.write(f, new byte[0]);
        assertOneLine(
                "rambo-bench run: " + f + ": empty file (0 bytes); delete it and run"
                        + " data-scripts/fetch-fashion-mnist.sh",
                run("fashion-mnist", root));
    }

    @Test
    void truncatedIdx() throws IOException {
        Path root = fashion();
        Path f = root.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertOneLine(
                "rambo-bench run: " + f + ": IDX header promises 15680 bytes of data for shape [20, 28, 28]"
                        + " but the file has 15580 (truncated?)",
                run("fashion-mnist", root));
    }

    @Test
    void truncatedHeader() throws IOException {
        Path root = fashion();
        Path f = root.resolve("t10k-images-idx3-ubyte");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 9));
        assertOneLine(
                "rambo-bench run: " + f + ": IDX header truncated or has 3 dimensions", run("fashion-mnist", root));
    }

    @Test
    void truncatedGzip() throws IOException {
        Path root = fashion();
        Path raw = root.resolve("train-labels-idx1-ubyte");
        Path gz = root.resolve("train-labels-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(raw));
        }
        byte[] b = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(b, b.length / 2));
        assertOneLine(
                "rambo-bench run: " + gz + ": corrupt or truncated gzip data: Unexpected end of ZLIB input" + " stream",
                run("fashion-mnist", root));
    }

    @Test
    void wrongMagic() throws IOException {
        Path root = fashion();
        Path f = root.resolve("train-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(f);
        b[0] = 0x50;
        Files.write(f, b);
        assertOneLine(
                "rambo-bench run: " + f + ": not an IDX file (expected two zero bytes at offset 0)",
                run("fashion-mnist", root));
        b[0] = 0;
        b[2] = 0x0d;
        Files.write(f, b);
        assertOneLine(
                "rambo-bench run: " + f + ": unsupported IDX element type 0x0d at offset 2 (only 0x08,"
                        + " unsigned byte, is used by Fashion-MNIST)",
                run("fashion-mnist", root));
    }

    @Test
    void labelCountNotMatchingTheImages() throws IOException {
        Path root = fashion();
        Path f = root.resolve("train-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(f);
        byte[] shorter = Arrays.copyOf(b, b.length - 1);
        shorter[7] = (byte) (b[7] - 1); // the header's count, big-endian: 19 labels
        Files.write(f, shorter);
        assertOneLine(
                "rambo-bench run: " + f + ": 19 labels but train-images-idx3-ubyte has 20 images",
                run("fashion-mnist", root));
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path root = fashion();
        Path f = root.resolve("t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(f);
        b[8 + 3] = 12;
        Files.write(f, b);
        assertOneLine(
                "rambo-bench run: " + f + ": label 12 of item 3 (byte offset 11) is outside the class list 0-9",
                run("fashion-mnist", root));
    }

    @Test
    void cubIndexFiles() throws IOException {
        Path root = tmp.resolve("cub");
        Fixtures.writeCub(root);
        Path labels = root.resolve("image_class_labels.txt");
        Files.writeString(labels, Files.readString(labels).replace("3 2\n", "3 201\n"));
        assertOneLine(
                "rambo-bench run: " + labels + ":3: class 201 is outside the class list (classes.txt)",
                run("cub", root));
        Path images = root.resolve("images.txt");
        Files.writeString(images, Files.readString(images).replace("2 001.", "two 001."));
        assertOneLine("rambo-bench run: " + images + ":2: image id 'two' is not an integer", run("cub", root));
        Files.delete(images);
        assertOneLine("rambo-bench run: " + images + ": index file not found", run("cub", root));
    }

    @Test
    void sopIndexFile() throws IOException {
        Path root = tmp.resolve("sop");
        Fixtures.writeSop(root);
        Path train = root.resolve("Ebay_train.txt");
        Files.writeString(train, Files.readString(train).replace("3 2 1 bicycle", "3 2 bicycle"));
        assertOneLine(
                "rambo-bench run: " + train + ":4: expected 4 fields, got 3: '3 2"
                        + " bicycle_final/111265328556_0.JPG'",
                run("sop", root));
    }

    @Test
    void inShopIndexFile() throws IOException {
        Path root = tmp.resolve("inshop");
        Fixtures.writeInShop(root);
        Path list = root.resolve("list_eval_partition.txt");
        Files.writeString(
                list,
                Files.readString(list)
                        .replace(
                                "id_00000002 train\nimg/WOMEN/Dresses/id_00000002/02_2",
                                "id_00000002 tran\nimg/WOMEN/Dresses/id_00000002/02_2"));
        assertOneLine(
                "rambo-bench run: " + list + ":5: evaluation_status 'tran' is not train, query or gallery",
                run("inshop", root));
    }

    @Test
    void imageFolderTree() throws IOException {
        Path root = tmp.resolve("folder");
        Fixtures.writeImageFolder(root);
        Files.delete(root.resolve("banana/b.png"));
        assertOneLine(
                "rambo-bench run: " + root.resolve("banana") + ": class folder has no images (.jpg .jpeg .png"
                        + " .bmp .gif)",
                run("imagefolder", root));
        Path one = tmp.resolve("one-class");
        Fixtures.writeImage(one.resolve("apple/a.jpg"), 6, 6, 1);
        assertOneLine(
                "rambo-bench run: " + one + ": a zero-shot split needs at least 2 class folders, found 1",
                run("imagefolder", one));
    }
}
