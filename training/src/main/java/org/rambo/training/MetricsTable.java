package org.rambo.training;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.rambo.runfolder.AtomicWriter;

/**
 * A CSV table of rows keyed by column name (epochs.csv, steps.csv), kept in memory and
 * rewritten atomically. The header is the union of columns in first-seen order.
 *
 * <p>Reading validates every row: as many values as header columns, every value a number (or
 * empty, for a metric not computed that epoch) and a line end after the last row. The table keeps the valid rows up to the first
 * damaged one and remembers what the damage was; whether the rows it kept are enough to resume
 * is for the caller to decide against the checkpoint.
 */
public final class MetricsTable {

    private final Path file;
    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, String>> rows = new ArrayList<>();
    private String damage;

    public MetricsTable(Path file, List<String> leadingColumns) {
        this.file = file;
        columns.addAll(leadingColumns);
    }

    /** Reads a table; a missing file is an empty table. */
    public static MetricsTable read(Path file, List<String> leadingColumns) {
        MetricsTable t = new MetricsTable(file, leadingColumns);
        if (!Files.exists(file)) {
            return t;
        }
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicWriter.describe(e), e);
        }
        // every row is written with its line end: a last line without one was cut short, even
        // when what is left of it still parses as numbers
        boolean cut = !text.isEmpty() && !text.endsWith("\n");
        try (Reader in = new StringReader(text);
                CSVParser p = format.parse(in)) {
            List<String> header = p.getHeaderNames();
            if (header.size() < leadingColumns.size()
                    || !header.subList(0, leadingColumns.size()).equals(leadingColumns)) {
                t.damage = "line 1: the header does not start with " + String.join(",", leadingColumns);
                return t;
            }
            for (String h : header) {
                if (!t.columns.contains(h)) {
                    t.columns.add(h);
                }
            }
            Iterator<CSVRecord> records = p.iterator();
            while (records.hasNext()) {
                CSVRecord r = records.next();
                String problem = problem(r, header, leadingColumns);
                if (problem != null) {
                    t.damage = "line " + (r.getRecordNumber() + 1) + ": " + problem;
                    return t;
                }
                if (cut && !records.hasNext()) {
                    t.damage = "line " + (r.getRecordNumber() + 1) + ": cut short (no line end)";
                    return t;
                }
                t.rows.add(new LinkedHashMap<>(r.toMap()));
            }
            if (cut && t.rows.isEmpty()) {
                t.damage = "line 1: cut short (no line end)";
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicWriter.describe(e), e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv reports a malformed header or a broken quote this way
            t.damage = "line " + (t.rows.size() + 2) + ": not CSV (" + e.getMessage() + ")";
        }
        return t;
    }

    private static String problem(CSVRecord r, List<String> header, List<String> leading) {
        if (r.size() != header.size()) {
            return r.size() + " values for " + header.size() + " columns";
        }
        for (int i = 0; i < r.size(); i++) {
            String v = r.get(i);
            if (v.isEmpty() && i >= leading.size()) {
                continue;
            }
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return "column " + header.get(i) + " holds '" + v + "', not a number";
            }
        }
        return null;
    }

    /** The file this table reads from and writes to. */
    public Path file() {
        return file;
    }

    /** What was wrong at the first damaged line ("line N: ..."), or null when every row was valid. */
    public String damage() {
        return damage;
    }

    public void add(Map<String, ?> row) {
        Map<String, String> r = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!columns.contains(k)) {
                columns.add(k);
            }
            r.put(k, v == null ? "" : String.valueOf(v));
        });
        rows.add(r);
    }

    /** Keeps only the rows the predicate accepts; the damage is forgotten once the caller has judged it. */
    public void retain(Predicate<Map<String, String>> keep) {
        rows.removeIf(keep.negate());
        damage = null;
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    public void write(RunFileWriter writer) {
        writer.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(
                    w,
                    CSVFormat.DEFAULT
                            .builder()
                            .setHeader(columns.toArray(String[]::new))
                            .setRecordSeparator("\n")
                            .build());
            for (Map<String, String> r : rows) {
                List<String> values = new ArrayList<>();
                for (String c : columns) {
                    values.add(r.getOrDefault(c, ""));
                }
                p.printRecord(values);
            }
            p.flush();
        });
    }
}
