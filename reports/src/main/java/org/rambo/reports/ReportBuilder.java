package org.rambo.reports;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.reports.claims.Claims;
import org.rambo.reports.html.HtmlReport;
import org.rambo.reports.html.ReportModel;
import org.rambo.reports.html.View;
import org.rambo.reports.io.ClaimsCsv;
import org.rambo.reports.io.PaperResults;
import org.rambo.reports.io.ResultsCsv;
import org.rambo.reports.io.ResultsTable;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.io.TrainingShapesCsv;
import org.rambo.reports.io.TuningFiles;
import org.rambo.reports.model.PaperRow;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunState;
import org.rambo.reports.model.Tuning;
import org.rambo.reports.stats.Summaries;
import org.rambo.reports.stats.SummaryIndex;
import org.rambo.reports.stats.SummaryRow;

/**
 * `rambo-bench report`: run folders in; results.csv, summary.csv, claims.csv, results-table.md
 * and report.html out.
 */
public final class ReportBuilder {

    /** What a report run wrote and saw. */
    public record Outcome(
            Path resultsCsv,
            Path summaryCsv,
            Path claimsCsv,
            Path resultsTable,
            Path reportHtml,
            int runs,
            int finished,
            int failed,
            int unfinished,
            int damaged,
            boolean benchPresent) {}

    public static final String DEFAULT_TITLE = "RaMBO reproducibility report";

    private ReportBuilder() {}

    public static Outcome build(Path runsDir, Path outDir, Path benchDir, Path paperFile, Clock clock) {
        return build(runsDir, outDir, benchDir, paperFile, clock, DEFAULT_TITLE);
    }

    /**
     * @param paperFile null for the bundled paper table
     * @param benchDir  folder of JMH JSON results and training-shapes.csv; absent or empty is fine (the report says so)
     */
    public static Outcome build(Path runsDir, Path outDir, Path benchDir, Path paperFile, Clock clock, String title) {
        List<Run> runs = RunReader.readAll(runsDir);
        List<SummaryRow> summaries = Summaries.summarize(runs);
        List<PaperRow> paper = paperFile == null ? PaperResults.bundled() : PaperResults.read(paperFile);
        List<Tuning> tunings = TuningFiles.read(runsDir);
        List<ClaimRow> claims = Claims.of(runs, paper, TuningFiles.claimWords(tunings));
        BenchResults.Bench bench = BenchResults.read(benchDir);
        List<TrainingShapesCsv.ShapeTime> shapes = TrainingShapesCsv.read(benchDir);

        Outcome out = new Outcome(
                outDir.resolve("results.csv"),
                outDir.resolve("summary.csv"),
                outDir.resolve("claims.csv"),
                outDir.resolve("results-table.md"),
                outDir.resolve("report.html"),
                runs.size(),
                count(runs, RunState.FINISHED),
                count(runs, RunState.FAILED),
                count(runs, RunState.UNFINISHED),
                count(runs, RunState.DAMAGED),
                bench != null && !bench.series().isEmpty());
        String when = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        // The view is built before anything is written: a failure leaves no half-updated set of files.
        View.Report view = new ReportModel(
                        runs,
                        new SummaryIndex(summaries),
                        claims,
                        paper,
                        bench,
                        shapes,
                        benchDir,
                        runsDir,
                        outDir,
                        tunings)
                .build(title, when);
        ResultsCsv.writeResults(out.resultsCsv(), runs, runsDir);
        ResultsCsv.writeSummary(out.summaryCsv(), summaries);
        ClaimsCsv.write(out.claimsCsv(), claims);
        ResultsTable.write(out.resultsTable(), runs, summaries, claims);
        HtmlReport.write(out.reportHtml(), view);
        return out;
    }

    private static int count(List<Run> runs, RunState s) {
        return (int) runs.stream().filter(r -> r.status() == s).count();
    }
}
