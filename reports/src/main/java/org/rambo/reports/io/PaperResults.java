package org.rambo.reports.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.PaperRow;

/**
 * The published numbers of Rolínek et al., CVPR 2020 (and Smooth-AP's own), kept as data in
 * {@code reports/src/main/resources/paper/paper-results.csv} with their source named per row.
 */
public final class PaperResults {

    public static final String RESOURCE = "/paper/paper-results.csv";
    static final List<String> COLUMNS = List.of("dataset", "method", "metric", "value", "source");

    private PaperResults() {}

    /** The bundled table. */
    public static List<PaperRow> bundled() {
        try (InputStream in = PaperResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the reports jar");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user-supplied table in the same format. */
    public static List<PaperRow> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw ReportInputException.at(file, "cannot read: " + e.getMessage());
        }
    }

    static List<PaperRow> parse(Reader reader, String name) throws IOException {
        CSVFormat fmt = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .build();
        List<PaperRow> rows = new ArrayList<>();
        try (CSVParser p = fmt.parse(reader)) {
            for (String c : COLUMNS) {
                if (!p.getHeaderNames().contains(c)) {
                    throw new ReportInputException(name + ": header lacks column '" + c + "'");
                }
            }
            for (CSVRecord rec : p) {
                String where = name + " record " + rec.getRecordNumber();
                if (!rec.isConsistent()) {
                    throw new ReportInputException(where + ": " + rec.size() + " fields, header has "
                            + p.getHeaderNames().size());
                }
                double v;
                try {
                    v = Double.parseDouble(rec.get("value"));
                } catch (NumberFormatException e) {
                    throw new ReportInputException(where + ": value \"" + rec.get("value") + "\" is not a number");
                }
                if (rec.get("source").isEmpty()) {
                    throw new ReportInputException(where + ": every published number needs its source");
                }
                rows.add(new PaperRow(rec.get("dataset"), rec.get("method"), rec.get("metric"), v, rec.get("source")));
            }
        }
        return rows;
    }
}
