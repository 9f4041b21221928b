package org.rambo.harness.eval;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rambo.harness.data.DataException;

/** Minimal .npy reader: header dict with descr, fortran_order and shape. */
final class Npy {
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
                    file, "unsupported dtype in .npy header " + header.strip() + " (need float16/32/64 or integers)");
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
