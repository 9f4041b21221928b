package org.rambo.harness.train;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

/**
 * A CSV table of rows keyed by column name (epochs.csv, steps.csv), kept in memory and
 * rewritten atomically. The header is the union of columns in first-seen order.
 */
public final class MetricsTable {

    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, String>> rows = new ArrayList<>();

    public MetricsTable(List<String> leadingColumns) {
        columns.addAll(leadingColumns);
    }

    public static MetricsTable read(Path file, List<String> leadingColumns) {
        MetricsTable t = new MetricsTable(leadingColumns);
        if (!Files.exists(file)) {
            return t;
        }
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(file)))) {
            for (String h : p.getHeaderNames()) {
                if (!t.columns.contains(h)) {
                    t.columns.add(h);
                }
            }
            for (CSVRecord r : p) {
                Map<String, String> row = new LinkedHashMap<>(r.toMap());
                t.rows.add(row);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return t;
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

    /** Drops rows whose integer column {@code key} is greater than {@code max}. */
    public void retainUpTo(String key, int max) {
        rows.removeIf(r -> Integer.parseInt(r.get(key)) > max);
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    public void write(Path file) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(columns.toArray(String[]::new)).setRecordSeparator("\n").build())) {
            for (Map<String, String> r : rows) {
                List<String> values = new ArrayList<>();
                for (String c : columns) {
                    values.add(r.getOrDefault(c, ""));
                }
                p.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(file, out.toString());
    }
}
