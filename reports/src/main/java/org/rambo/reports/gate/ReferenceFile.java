package org.rambo.reports.gate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.rambo.reports.ReportInputException;
import org.rambo.runfolder.AtomicWriter;

/**
 * The reference CSV: {@code #} comment lines say what it is, how it was made (commit, seeds,
 * CPU, the band rule) and how to rewrite it; then one {@link ReferenceRow} per line.
 */
public final class ReferenceFile {

    public static final List<String> HEADER =
            List.of("grid", "dataset", "method", "metric", "n", "mean", "std", "k", "floor", "machine_spread");

    private ReferenceFile() {}

    public static void write(Path file, List<ReferenceRow> rows, List<String> comments) {
        CSVFormat fmt = CSVFormat.DEFAULT
                .builder()
                .setRecordSeparator("\n")
                .setCommentMarker('#')
                .setHeaderComments(comments.toArray(Object[]::new))
                .setHeader(HEADER.toArray(String[]::new))
                .build();
        AtomicWriter.writeText(file, out -> {
            CSVPrinter p = new CSVPrinter(out, fmt);
            for (ReferenceRow r : rows) {
                p.printRecord(
                        r.grid(),
                        r.dataset(),
                        r.method(),
                        r.metric(),
                        r.n(),
                        num(r.mean()),
                        num(r.std()),
                        num(r.k()),
                        num(r.floor()),
                        num(r.machine()));
            }
            p.flush();
        });
    }

    static String num(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    public static List<ReferenceRow> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + ": reference file does not exist; write one from at least 5 seeds per"
                    + " method with `rambo-bench check RUNS_DIR --write-reference " + file + "`");
        }
        CSVFormat fmt = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .build();
        List<ReferenceRow> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = fmt.parse(r)) {
            for (String c : HEADER) {
                if (!p.getHeaderNames().contains(c)) {
                    throw ReportInputException.at(
                            file, "header lacks column '" + c + "' (expected " + String.join(",", HEADER) + ")");
                }
            }
            Map<String, Long> seen = new LinkedHashMap<>();
            for (CSVRecord rec : p) {
                // Comment lines are skipped by the parser, so name the record and its key rather than a raw line.
                String where = "record " + rec.getRecordNumber();
                if (!rec.isConsistent()) {
                    throw ReportInputException.at(
                            file,
                            where + ": " + rec.size() + " fields, header has "
                                    + p.getHeaderNames().size());
                }
                ReferenceRow row = new ReferenceRow(
                        rec.get("grid"),
                        rec.get("dataset"),
                        rec.get("method"),
                        rec.get("metric"),
                        (int) parse(file, where, rec, "n"),
                        parse(file, where, rec, "mean"),
                        parse(file, where, rec, "std"),
                        parse(file, where, rec, "k"),
                        parse(file, where, rec, "floor"),
                        parse(file, where, rec, "machine_spread"));
                if (!(row.n() >= 1) || !(row.k() >= 0) || !(row.floor() >= 0) || !(row.machine() >= 0)) {
                    throw ReportInputException.at(
                            file, where + " (" + row.key() + "): n must be >= 1 and k, floor, machine_spread >= 0");
                }
                Long prev = seen.put(row.key(), rec.getRecordNumber());
                if (prev != null) {
                    throw ReportInputException.at(file, where + ": " + row.key() + " repeats record " + prev);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw ReportInputException.at(file, "cannot read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw ReportInputException.at(file, "no reference rows");
        }
        return rows;
    }

    private static double parse(Path file, String where, CSVRecord rec, String col) {
        String v = rec.get(col);
        if (v.isEmpty() && col.equals("machine_spread")) {
            return 0; // optional: not measured
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ReportInputException.at(file, where + ", column '" + col + "': \"" + v + "\" is not a number");
        }
    }
}
