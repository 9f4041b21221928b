package org.rambo.harness.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of (Fashion-)MNIST: two zero bytes, a type byte (0x08 = unsigned
 * byte, the only type those files use), the number of dimensions, big-endian int32 sizes, then
 * the data. Files may be gzip-compressed (detected by the gzip magic, not the name).
 */
public final class Idx {
    private Idx() {}

    /** A parsed IDX file: its shape, its unsigned-byte data, and the SHA-256 of the decompressed bytes. */
    public record Array(Path file, int[] shape, byte[] data, String sha256) {
        public int count() {
            return shape[0];
        }
    }

    /** The decompressed bytes of a (possibly gzip) file. */
    public static byte[] readBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "file not found");
        }
        try {
            byte[] raw = Files.readAllBytes(file);
            if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 2);
                    in.transferTo(out);
                    return out.toByteArray();
                }
            }
            return raw;
        } catch (EOFException | ZipException e) {
            throw new DataException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e, e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Array read(Path file) {
        byte[] b = readBytes(file);
        if (b.length == 0) {
            throw new DataException(
                    file, "empty file (0 bytes); delete it and run" + " data-scripts/fetch-fashion-mnist.sh");
        }
        if (b.length < 4 || b[0] != 0 || b[1] != 0) {
            throw new DataException(file, "not an IDX file (expected two zero bytes at offset 0)");
        }
        if ((b[2] & 0xff) != 0x08) {
            throw new DataException(
                    file,
                    String.format(
                            "unsupported IDX element type 0x%02x at offset 2"
                                    + " (only 0x08, unsigned byte, is used by Fashion-MNIST)",
                            b[2] & 0xff));
        }
        int nd = b[3] & 0xff;
        if (nd < 1 || b.length < 4 + 4 * nd) {
            throw new DataException(file, "IDX header truncated or has " + nd + " dimensions");
        }
        ByteBuffer bb = ByteBuffer.wrap(b); // big-endian by default, as IDX is
        int[] shape = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            shape[i] = bb.getInt(4 + 4 * i);
            if (shape[i] < 0) {
                throw new DataException(file, "negative size " + shape[i] + " in dimension " + i);
            }
            count *= shape[i];
        }
        int header = 4 + 4 * nd;
        if (b.length - header != count) {
            throw new DataException(
                    file,
                    "IDX header promises " + count + " bytes of data for shape "
                            + Arrays.toString(shape) + " but the file has " + (b.length - header)
                            + (b.length - header < count ? " (truncated?)" : " (trailing bytes)"));
        }
        byte[] data = Arrays.copyOfRange(b, header, b.length);
        return new Array(file, shape, data, sha256(b));
    }

    /** Writes an unsigned-byte IDX file (tests and fixtures); gzip when the name ends in .gz. */
    public static void write(Path file, int[] shape, byte[] data) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        bb.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) shape.length);
        for (int s : shape) {
            bb.putInt(s);
        }
        bb.put(data);
        byte[] bytes = bb.array();
        if (file.getFileName().toString().endsWith(".gz")) {
            try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(bytes);
            }
        } else {
            Files.write(file, bytes);
        }
    }

    static boolean exists(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name + ".gz")) || Files.isRegularFile(dir.resolve(name));
    }

    /** dir/name.gz if present, else dir/name; throws naming both when neither exists. */
    static Path locate(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DataException(
                gz,
                "missing IDX file (neither " + gz.getFileName() + " nor " + name + " exists in " + dir
                        + "; run data-scripts/fetch-fashion-mnist.sh)");
    }
}
