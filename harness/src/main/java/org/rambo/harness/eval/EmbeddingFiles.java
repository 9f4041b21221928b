package org.rambo.harness.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                rows.add(row(file, no, f, integers));
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

    /** One data row's fields as numbers: integers for labels, finite floats otherwise. */
    private static float[] row(Path file, long line, String[] fields, boolean integers) {
        float[] v = new float[fields.length];
        for (int c = 0; c < fields.length; c++) {
            v[c] = integers ? label(file, line, fields[c]) : value(file, line, c, fields[c]);
        }
        return v;
    }

    private static float label(Path file, long line, String field) {
        int label;
        try {
            label = Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new DataException(file, line, "label '" + field + "' is not an integer");
        }
        if ((int) (float) label != label) {
            throw new DataException(file, line, "label " + field + " is too large");
        }
        return label;
    }

    private static float value(Path file, long line, int column, String field) {
        float v;
        try {
            v = Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw new DataException(file, line, "column " + (column + 1) + ": '" + field + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DataException(file, line, "column " + (column + 1) + ": " + field + " is not finite");
        }
        return v;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
