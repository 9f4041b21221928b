package org.rambo.harness.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rambo.harness.data.DataException;
import org.rambo.runfolder.AtomicWriter;

/**
 * Embeddings and labels computed elsewhere, for {@code rambo-bench evaluate}: CSV/text (one row
 * per item, comma- or whitespace-separated, an optional header row) or NumPy .npy (format
 * versions 1-3, C or Fortran order, little/big-endian float16/32/64 and integer dtypes).
 * Every error names the file and, for text, the line.
 */
public final class EmbeddingFiles {
    private EmbeddingFiles() {}

    /** A row-major matrix: rows x cols floats. */
    public record Matrix(float[] data, int rows, int cols) {}

    public static Matrix readMatrix(Path file) {
        return isNpy(file) ? npyMatrix(file) : csvMatrix(file);
    }

    /** Integer class labels, one per item. */
    public static int[] readLabels(Path file) {
        if (isNpy(file)) {
            Npy a = Npy.read(file);
            if (!(a.shape.length == 1 || (a.shape.length == 2 && a.shape[1] == 1))) {
                throw new DataException(file, "labels must have shape (n,) or (n, 1), got " + a.shapeText());
            }
            int n = a.shape[0];
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                double v = a.get(i);
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new DataException(file, "label " + i + " is " + v + ", not an integer");
                }
                out[i] = (int) v;
            }
            return out;
        }
        Matrix m = csv(file, true);
        if (m.cols != 1) {
            throw new DataException(file, "a labels file has one label per line, but rows have " + m.cols + " columns");
        }
        int[] out = new int[m.rows];
        for (int i = 0; i < m.rows; i++) {
            out[i] = (int) m.data[i];
        }
        return out;
    }

    /**
     * Writes a rows x cols float32 matrix as .npy format 1.0 (little-endian, C order), header
     * padded so the data starts at a multiple of 64 bytes, as NumPy writes it. Atomic.
     */
    public static void writeNpy(Path file, float[] data, int rows, int cols) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(data.length + " values are not " + rows + " x " + cols);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        b.asFloatBuffer().put(data);
        AtomicWriter.write(file, b.array());
    }

    /** Writes labels one per line under a "label" header, the form {@link #readLabels} reads. Atomic. */
    public static void writeLabels(Path file, int[] labels) {
        StringBuilder s = new StringBuilder("label\n");
        for (int l : labels) {
            s.append(l).append('\n');
        }
        AtomicWriter.writeString(file, s.toString());
    }

    private static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static Matrix npyMatrix(Path file) {
        Npy a = Npy.read(file);
        if (a.shape.length != 2) {
            throw new DataException(file, "embeddings must be a 2-d array (items x dims), got shape " + a.shapeText());
        }
        int rows = a.shape[0];
        int cols = a.shape[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int src = a.fortran ? c * rows + r : r * cols + c;
                out[r * cols + c] = (float) a.get(src);
            }
        }
        return new Matrix(out, rows, cols);
    }

    private static Matrix csvMatrix(Path file) {
        return csv(file, false);
    }

    private static final Pattern SPLIT = Pattern.compile("\\s*[,;\\t ]\\s*");

    /** Text matrix; with integers=true every value must be an integer (labels). */
    private static Matrix csv(Path file, boolean integers) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "file not found");
        }
        List<float[]> rows = new ArrayList<>();
        int cols = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = SPLIT.split(t);
                if (first) {
                    first = false;
                    if (!isNumber(f[0])) {
                        continue; // a header row: its first field is not a number
                    }
                }
                if (cols < 0) {
                    cols = f.length;
                } else if (f.length != cols) {
                    throw new DataException(
                            file, no, "expected " + cols + " columns like the first row, got " + f.length);
                }
                float[] v = new float[cols];
                for (int c = 0; c < cols; c++) {
                    if (integers) {
                        try {
                            v[c] = Integer.parseInt(f[c]);
                            if ((int) v[c] != Integer.parseInt(f[c])) {
                                throw new DataException(file, no, "label " + f[c] + " is too large");
                            }
                        } catch (NumberFormatException e) {
                            throw new DataException(file, no, "label '" + f[c] + "' is not an integer");
                        }
                    } else {
                        try {
                            v[c] = Float.parseFloat(f[c]);
                        } catch (NumberFormatException e) {
                            throw new DataException(file, no, "column " + (c + 1) + ": '" + f[c] + "' is not a number");
                        }
                        if (!Float.isFinite(v[c])) {
                            throw new DataException(file, no, "column " + (c + 1) + ": " + f[c] + " is not finite");
                        }
                    }
                }
                rows.add(v);
            }
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e, e);
        }
        if (rows.isEmpty()) {
            throw new DataException(file, "no data rows");
        }
        float[] out = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * cols, cols);
        }
        return new Matrix(out, rows.size(), cols);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Minimal .npy reader: header dict with descr, fortran_order and shape. */
    static final class Npy {
        int[] shape;
        boolean fortran;
        char kind; // f, i, u
        int size;
        ByteBuffer data;

        private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiu])(\\d+)'");
        private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
        private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

        String shapeText() {
            return Arrays.toString(shape);
        }

        static Npy read(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new DataException(file, "file not found");
            }
            byte[] b;
            try (InputStream in = Files.newInputStream(file)) {
                b = in.readAllBytes();
            } catch (IOException e) {
                throw new DataException(file, "cannot read: " + e, e);
            }
            if (b.length < 10
                    || (b[0] & 0xff) != 0x93
                    || b[1] != 'N'
                    || b[2] != 'U'
                    || b[3] != 'M'
                    || b[4] != 'P'
                    || b[5] != 'Y') {
                throw new DataException(file, "not a NumPy .npy file (bad magic)");
            }
            int major = b[6];
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int headerLen;
            int start;
            if (major == 1) {
                headerLen = bb.getShort(8) & 0xffff;
                start = 10;
            } else if (major == 2 || major == 3) {
                headerLen = bb.getInt(8);
                start = 12;
            } else {
                throw new DataException(file, "unsupported .npy format version " + major);
            }
            if (start + headerLen > b.length) {
                throw new DataException(file, ".npy header is truncated");
            }
            String header =
                    new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Npy a = new Npy();
            Matcher d = DESCR.matcher(header);
            if (!d.find()) {
                throw new DataException(
                        file,
                        "unsupported dtype in .npy header " + header.strip() + " (need float16/32/64 or integers)");
            }
            a.kind = d.group(2).charAt(0);
            a.size = Integer.parseInt(d.group(3));
            if (!(a.kind == 'f' && (a.size == 2 || a.size == 4 || a.size == 8))
                    && !(a.kind != 'f' && (a.size == 1 || a.size == 2 || a.size == 4 || a.size == 8))) {
                throw new DataException(file, "unsupported dtype " + d.group(0));
            }
            Matcher f = FORTRAN.matcher(header);
            a.fortran = f.find() && f.group(1).equals("True");
            Matcher s = SHAPE.matcher(header);
            if (!s.find()) {
                throw new DataException(file, "no shape in .npy header " + header.strip());
            }
            List<Integer> dims = new ArrayList<>();
            for (String part : s.group(1).split(",")) {
                if (!part.isBlank()) {
                    dims.add(Integer.parseInt(part.strip()));
                }
            }
            a.shape = dims.stream().mapToInt(Integer::intValue).toArray();
            long count = 1;
            for (int x : a.shape) {
                count *= x;
            }
            int dataStart = start + headerLen;
            if (b.length - dataStart != count * a.size) {
                throw new DataException(
                        file,
                        "shape " + a.shapeText() + " needs " + count * a.size + " bytes of data, the file has "
                                + (b.length - dataStart));
            }
            ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            a.data = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(order);
            return a;
        }

        double get(int i) {
            int o = i * size;
            return switch (kind) {
                case 'f' ->
                    switch (size) {
                        case 2 -> Float.intBitsToFloat(halfToFloatBits(data.getShort(o)));
                        case 4 -> data.getFloat(o);
                        default -> data.getDouble(o);
                    };
                case 'i' ->
                    switch (size) {
                        case 1 -> data.get(o);
                        case 2 -> data.getShort(o);
                        case 4 -> data.getInt(o);
                        default -> (double) data.getLong(o);
                    };
                default ->
                    switch (size) {
                        case 1 -> data.get(o) & 0xff;
                        case 2 -> data.getShort(o) & 0xffff;
                        case 4 -> data.getInt(o) & 0xffffffffL;
                        default -> (double) data.getLong(o); // uint64 beyond 2^63 is not a label or embedding
                    };
            };
        }

        /** IEEE half to float bits (JDK 17 has no Float.float16ToFloat). */
        private static int halfToFloatBits(short h) {
            int s = (h >>> 15) & 1;
            int e = (h >>> 10) & 0x1f;
            int m = h & 0x3ff;
            if (e == 0) {
                if (m == 0) {
                    return s << 31;
                }
                while ((m & 0x400) == 0) { // subnormal: normalise
                    m <<= 1;
                    e--;
                }
                e++;
                m &= 0x3ff;
            } else if (e == 31) {
                return (s << 31) | 0x7f800000 | (m << 13);
            }
            return (s << 31) | ((e + 112) << 23) | (m << 13);
        }
    }
}
