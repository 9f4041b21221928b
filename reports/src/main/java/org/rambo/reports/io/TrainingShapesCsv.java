package org.rambo.reports.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rambo.reports.ReportInputException;

/**
 * reports/bench/training-shapes.csv: the ranking step timed at the shapes training uses
 * ({@code batch-512-d512}, {@code matrix-128x1280-recall}, {@code paper-1x2^20}, ...), for
 * our implementation and its peers. Header {@code shape,implementation,threads,rounds,median_ms}.
 */
public final class TrainingShapesCsv {

    public static final String FILE = "training-shapes.csv";
    public static final List<String> HEADER = List.of("shape", "implementation", "threads", "rounds", "median_ms");
    /** Ours, the straightforward reference ranking, and pytorch-metric-learning's contrastive loss. */
    public static final Set<String> IMPLEMENTATIONS = Set.of("rambo", "reference", "pml-contrastive");

    /** One measured shape and implementation: the median over {@code rounds} in milliseconds. */
    public record ShapeTime(String shape, String implementation, int threads, int rounds, double medianMs) {}

    private TrainingShapesCsv() {}

    /** The rows of {@code dir}/training-shapes.csv; empty when the folder or file is absent. */
    public static List<ShapeTime> read(Path dir) {
        Path file = dir == null ? null : dir.resolve(FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        CSVFormat fmt = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .build();
        List<ShapeTime> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = fmt.parse(r)) {
            for (String c : HEADER) {
                if (!p.getHeaderNames().contains(c)) {
                    throw ReportInputException.atLine(
                            file, 1, "header lacks column '" + c + "' (expected " + String.join(",", HEADER) + ")");
                }
            }
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                if (!rec.isConsistent()) {
                    throw ReportInputException.atLine(
                            file,
                            line,
                            rec.size() + " fields but the header has "
                                    + p.getHeaderNames().size());
                }
                String impl = rec.get("implementation");
                if (!IMPLEMENTATIONS.contains(impl)) {
                    throw ReportInputException.atLine(
                            file, line, "implementation \"" + impl + "\" is none of rambo, reference, pml-contrastive");
                }
                rows.add(new ShapeTime(
                        rec.get("shape"),
                        impl,
                        (int) number(file, line, rec, "threads"),
                        (int) number(file, line, rec, "rounds"),
                        number(file, line, rec, "median_ms")));
            }
        } catch (IOException | UncheckedIOException e) {
            throw ReportInputException.at(file, "cannot read as CSV: " + e.getMessage());
        }
        return rows;
    }

    private static double number(Path file, long line, CSVRecord rec, String col) {
        String v = rec.get(col);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ReportInputException.atLine(
                    file, line, "column '" + col + "': \"" + v + "\" is not a non-negative number");
        }
    }
}
