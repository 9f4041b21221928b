package org.rambo.reports.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.StepTimes;
import org.rambo.reports.stats.SummaryRow;
import org.rambo.runfolder.AtomicWriter;

/**
 * results.csv (one row per run folder, so failed and unfinished runs appear too, with their
 * status) and summary.csv (one row per grid, dataset, method, selection, metric).
 * Metric values are fractions as training wrote them; missing values are empty cells.
 */
public final class ResultsCsv {

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private ResultsCsv() {}

    /** The results.csv header for these runs (metric columns are the union over runs). */
    public static List<String> resultsHeader(List<Run> runs) {
        TreeSet<String> lastM = new TreeSet<>(Metrics.METRIC_ORDER);
        TreeSet<String> bestM = new TreeSet<>(Metrics.METRIC_ORDER);
        runs.forEach(r -> {
            lastM.addAll(r.last().keySet());
            bestM.addAll(r.best().keySet());
        });
        List<String> h = new ArrayList<>(List.of("grid", "dataset", "method", "seed", "status", "epochs"));
        lastM.forEach(m -> h.add("last_" + m));
        h.add("best_epoch");
        bestM.forEach(m -> h.add("best_" + m));
        h.addAll(List.of("wall_seconds", "mean_step_ms", "mean_sort_ms"));
        StepTimes.PHASES.forEach(p -> h.add("steps_mean_" + p + "_ms"));
        h.addAll(List.of("steps_counted", "loss", "failure", "run_folder"));
        return h;
    }

    public static void writeResults(Path target, List<Run> runs, Path runsDir) {
        List<String> header = resultsHeader(runs);
        AtomicWriter.writeText(target, out -> {
            // not closed: the writer belongs to AtomicWriter, which forces it to disk
            CSVPrinter p = new CSVPrinter(out, FORMAT);
            p.printRecord(header);
            for (Run r : runs) {
                List<Object> row = new ArrayList<>();
                for (String col : header) {
                    row.add(cell(r, col, runsDir));
                }
                p.printRecord(row);
            }
            p.flush();
        });
    }

    private static Object cell(Run r, String col, Path runsDir) {
        if (col.startsWith("last_")) {
            return num(r.last().get(col.substring(5)));
        }
        if (col.startsWith("best_") && !col.equals("best_epoch")) {
            return num(r.best().get(col.substring(5)));
        }
        if (col.startsWith("steps_mean_")) {
            String phase = col.substring("steps_mean_".length(), col.length() - 3);
            return r.stepTimes() == null ? "" : num(r.stepTimes().phase(phase));
        }
        return switch (col) {
            case "grid" -> r.grid();
            case "dataset" -> r.dataset();
            case "method" -> r.method();
            case "seed" -> r.seed();
            case "status" -> r.status().label();
            case "epochs" -> r.epochsDone() == null ? "" : r.epochsDone();
            case "best_epoch" -> r.bestEpoch() == null ? "" : r.bestEpoch();
            case "wall_seconds" -> num(r.wallSeconds());
            case "mean_step_ms" -> num(r.meanStepMs());
            case "mean_sort_ms" -> num(r.meanSortMs());
            case "steps_counted" -> r.stepTimes() == null ? "" : r.stepTimes().steps();
            case "loss" -> r.loss() == null ? "" : r.loss();
            case "failure" -> r.failure() == null ? "" : r.failure();
            // As the user named RUNS_DIR, so a path relative to where the command ran works.
            case "run_folder" ->
                runsDir.resolve(r.relative()).normalize().toString().replace('\\', '/');
            default -> throw new IllegalStateException("no column " + col);
        };
    }

    static String num(Double v) {
        if (v == null) {
            return "";
        }
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    public static final List<String> SUMMARY_HEADER =
            List.of("grid", "dataset", "method", "selection", "metric", "n", "mean", "std", "ci95_low", "ci95_high");

    public static void writeSummary(Path target, List<SummaryRow> rows) {
        AtomicWriter.writeText(target, out -> {
            CSVPrinter p = new CSVPrinter(out, FORMAT);
            p.printRecord(SUMMARY_HEADER);
            for (SummaryRow s : rows) {
                p.printRecord(
                        s.grid(),
                        s.dataset(),
                        s.method(),
                        s.selection(),
                        s.metric(),
                        s.n(),
                        num(s.mean()),
                        num(s.std()),
                        num(s.ciLow()),
                        num(s.ciHigh()));
            }
            p.flush();
        });
    }
}
