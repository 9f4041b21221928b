package org.rambo.reports.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.EpochRow;
import org.rambo.reports.model.StepTimes;
import org.rambo.runfolder.RunColumns;

/**
 * A run folder's CSV files, epochs.csv and steps.csv (docs/run-folders.md): strict reading,
 * every problem named by file, line and column.
 */
final class RunCsv {

    static final List<String> EPOCH_REQUIRED = RunColumns.EPOCH_LEADING;
    /** Optional timing columns of epochs.csv: read past, not metrics. */
    static final List<String> EPOCH_TIMINGS = List.of(RunColumns.EVAL_SECONDS);

    /** steps.csv's columns but the step's loss, which older run folders lack and reports do not show. */
    static final List<String> STEP_REQUIRED = RunColumns.STEPS.stream()
            .filter(c -> !c.equals(RunColumns.STEP_LOSS))
            .toList();

    /** The timing columns of steps.csv, in the order of {@link StepTimes}' fields: data to optimizer. */
    static final List<String> STEP_TIMES = STEP_REQUIRED.stream()
            .filter(c -> !c.equals(RunColumns.EPOCH) && !c.equals(RunColumns.STEP))
            .toList();

    private static final CSVFormat CSV = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .build();

    private RunCsv() {}

    static List<EpochRow> readEpochs(Path file) {
        List<EpochRow> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSV.parse(r)) {
            List<String> header = header(file, p, EPOCH_REQUIRED);
            int lastEpoch = 0;
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                checkWidth(file, line, rec, header);
                int epoch = parseInt(file, line, RunColumns.EPOCH, rec.get(RunColumns.EPOCH));
                if (epoch <= lastEpoch) {
                    throw ReportInputException.atLine(
                            file,
                            line,
                            "epoch " + epoch + " does not follow epoch " + lastEpoch
                                    + " (epochs count from 1, one row each)");
                }
                lastEpoch = epoch;
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (String col : header) {
                    if (EPOCH_REQUIRED.contains(col) || EPOCH_TIMINGS.contains(col)) {
                        continue;
                    }
                    Double v = parseDouble(file, line, col, rec.get(col), true);
                    if (v != null) {
                        metrics.put(col, v);
                    }
                }
                rows.add(new EpochRow(
                        epoch,
                        parseDouble(file, line, RunColumns.TRAIN_LOSS, rec.get(RunColumns.TRAIN_LOSS), false),
                        parseDouble(file, line, RunColumns.EPOCH_SECONDS, rec.get(RunColumns.EPOCH_SECONDS), false),
                        metrics));
            }
        } catch (IOException | UncheckedIOException e) {
            throw ReportInputException.at(file, "cannot read as CSV: " + e.getMessage());
        }
        return rows;
    }

    static StepTimes readSteps(Path file) {
        // steps.csv grows with every step of the paper protocol: stream it, keep only sums.
        double[] sum = new double[STEP_TIMES.size()];
        long n = 0;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSV.parse(r)) {
            List<String> header = header(file, p, STEP_REQUIRED);
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                checkWidth(file, line, rec, header);
                parseInt(file, line, RunColumns.EPOCH, rec.get(RunColumns.EPOCH));
                parseInt(file, line, RunColumns.STEP, rec.get(RunColumns.STEP));
                for (int i = 0; i < STEP_TIMES.size(); i++) {
                    String col = STEP_TIMES.get(i);
                    sum[i] += parseDouble(file, line, col, rec.get(col), false);
                }
                n++;
            }
        } catch (IOException | UncheckedIOException e) {
            throw ReportInputException.at(file, "cannot read as CSV: " + e.getMessage());
        }
        if (n == 0) {
            return null;
        }
        return new StepTimes(n, sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n, sum[4] / n, sum[5] / n);
    }

    private static List<String> header(Path file, CSVParser p, List<String> required) {
        List<String> header = p.getHeaderNames();
        if (header == null || header.isEmpty()) {
            throw ReportInputException.atLine(
                    file, 1, "missing header (expected " + String.join(",", required) + ",...)");
        }
        for (String col : required) {
            if (!header.contains(col)) {
                throw ReportInputException.atLine(
                        file, 1, "header lacks column '" + col + "' (header is " + String.join(",", header) + ")");
            }
        }
        return header;
    }

    private static void checkWidth(Path file, long line, CSVRecord rec, List<String> header) {
        if (rec.size() != header.size()) {
            throw ReportInputException.atLine(file, line, rec.size() + " fields but the header has " + header.size());
        }
    }

    private static int parseInt(Path file, long line, String col, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ReportInputException.atLine(file, line, "column '" + col + "': \"" + v + "\" is not an integer");
        }
    }

    private static final Set<String> NAN_SPELLINGS = Set.of("nan", "+nan", "-nan");

    /** A number; empty means "not measured this epoch" where {@code emptyOk}. */
    private static Double parseDouble(Path file, long line, String col, String v, boolean emptyOk) {
        if (v.isEmpty()) {
            if (emptyOk) {
                return null;
            }
            throw ReportInputException.atLine(file, line, "column '" + col + "' is empty");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (NAN_SPELLINGS.contains(lower)) {
            return Double.NaN;
        }
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf") || lower.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            // parseDouble alone would also take "1d" or "0x1p3"; a metric is a plain decimal.
            if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ReportInputException.atLine(file, line, "column '" + col + "': \"" + v + "\" is not a number");
        }
    }
}
