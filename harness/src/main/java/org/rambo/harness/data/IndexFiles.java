package org.rambo.harness.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Whitespace-separated index files, read with line numbers so every error can name file:line. */
final class IndexFiles {
    private IndexFiles() {}

    record Line(Path file, long number, String[] fields) {
        DataException error(String message) {
            return new DataException(file, number, message);
        }

        int intField(int i, String what) {
            try {
                return Integer.parseInt(fields[i]);
            } catch (NumberFormatException e) {
                throw error(what + " '" + fields[i] + "' is not an integer");
            }
        }
    }

    /** Non-blank lines split on whitespace; each must have at least minFields fields. */
    static List<Line> read(Path file, int minFields) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "index file not found");
        }
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            long no = 0;
            while ((s = r.readLine()) != null) {
                no++;
                String t = s.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length < minFields) {
                    throw new DataException(
                            file, no, "expected " + minFields + " fields, got " + f.length + ": '" + t + "'");
                }
                out.add(new Line(file, no, f));
            }
        } catch (MalformedInputException e) {
            throw new DataException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e, e);
        }
        return out;
    }

    static void requireDir(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, what + " folder not found");
        }
    }

    /** Resolves a listed image under base; fails naming the index line when it is missing or escapes base. */
    static Path image(Line line, Path base, String relative) {
        Path p = base.resolve(relative).normalize();
        if (!p.startsWith(base.normalize())) {
            throw line.error("image path '" + relative + "' points outside " + base);
        }
        if (!Files.isRegularFile(p)) {
            throw line.error("image " + relative + " does not exist (" + p + ")");
        }
        return p;
    }

    /** See {@link RetrievalDataset#checksum()}. */
    static String checksum(Path root, List<Path> indexFiles, List<List<Item>> splits) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : indexFiles) {
                md.update((root.relativize(f) + "\n").getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            for (List<Item> split : splits) {
                md.update("--\n".getBytes(StandardCharsets.UTF_8));
                for (Item it : split) {
                    md.update((root.relativize(it.path()) + " " + Files.size(it.path()) + " " + it.label() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException(root, "cannot read for checksum: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
