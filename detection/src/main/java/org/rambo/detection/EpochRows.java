package org.rambo.detection;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;

/**
 * One of a run's CSV files whose first column is the epoch (epochs.csv, steps.csv). A resumed
 * run keeps the rows of the epochs its checkpoint holds and drops any an interrupted epoch
 * left; the file is rewritten whole (atomically) after every epoch.
 */
final class EpochRows {

    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private EpochRows(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    /** The file's rows up to and including {@code epoch} (none when it does not exist). */
    static EpochRows read(Path file, int epoch, String... header) throws RunFolderException {
        EpochRows t = new EpochRows(file, Arrays.asList(header));
        if (!Files.exists(file)) {
            return t;
        }
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = format.parse(in)) {
            if (!csv.getHeaderNames().equals(t.header)) {
                throw new RunFolderException(file, "columns " + csv.getHeaderNames() + ", expected " + t.header);
            }
            for (CSVRecord r : csv) {
                if (Integer.parseInt(r.get(0)) <= epoch) {
                    t.rows.add(r.toList());
                }
            }
        } catch (IOException e) {
            throw new RunFolderException(file, AtomicWriter.describe(e), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RunFolderException(file, "not a CSV of " + t.header + " (" + e.getMessage() + ")", e);
        }
        return t;
    }

    void add(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException(values.length + " values for the columns " + header);
        }
        rows.add(Arrays.stream(values).map(String::valueOf).toList());
    }

    int size() {
        return rows.size();
    }

    /** Sum of a column over all rows. */
    double sum(String column) {
        int c = header.indexOf(column);
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(c))).sum();
    }

    /** A column's value in the last row; NaN without rows. */
    double last(String column) {
        return rows.isEmpty()
                ? Double.NaN
                : Double.parseDouble(rows.get(rows.size() - 1).get(header.indexOf(column)));
    }

    void write() {
        AtomicWriter.writeText(file, out -> {
            CSVPrinter csv = new CSVPrinter(
                    out,
                    CSVFormat.DEFAULT
                            .builder()
                            .setRecordSeparator('\n')
                            .setHeader(header.toArray(String[]::new))
                            .build());
            csv.printRecords(rows);
            csv.flush();
        });
    }
}
