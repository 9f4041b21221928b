package org.rambo.reports;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.html.HtmlReport;
import org.rambo.reports.html.ReportModel;
import org.rambo.reports.html.View;
import org.rambo.reports.io.PaperResults;
import org.rambo.reports.io.ResultsCsv;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunStatus;
import org.rambo.reports.stats.Summaries;
import org.rambo.reports.stats.SummaryRow;

/** `rambo-bench report`: run folders in, results.csv + summary.csv + report.html out. */
public final class ReportBuilder {

    /** What a report run wrote and saw. */
    public record Outcome(Path resultsCsv, Path summaryCsv, Path reportHtml, int runs, int finished, int failed,
                          int unfinished, boolean benchPresent) {
    }

    private ReportBuilder() {
    }

    /**
     * @param paperFile null for the bundled paper table
     * @param benchDir  folder of JMH JSON results; absent or empty is fine (the report says so)
     */
    public static Outcome build(Path runsDir, Path outDir, Path benchDir, Path paperFile, Clock clock) {
        return build(runsDir, outDir, benchDir, paperFile, clock, DEFAULT_TITLE);
    }

    public static final String DEFAULT_TITLE = "RaMBO reproducibility report";

    /** As above, with the page title (e.g. to mark a report of fixture data as such). */
    public static Outcome build(Path runsDir, Path outDir, Path benchDir, Path paperFile, Clock clock, String title) {
        List<Run> runs = RunReader.readAll(runsDir);
        List<SummaryRow> summaries = Summaries.summarize(runs);
        List<PaperResults.PaperRow> paper = paperFile == null ? PaperResults.bundled() : PaperResults.read(paperFile);
        BenchResults.Bench bench = BenchResults.read(benchDir);

        Path results = outDir.resolve("results.csv");
        Path summary = outDir.resolve("summary.csv");
        Path html = outDir.resolve("report.html");
        ResultsCsv.writeResults(results, runs, runsDir);
        ResultsCsv.writeSummary(summary, summaries);
        String when = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        View.Report view = new ReportModel(runs, summaries, paper, bench, benchDir, runsDir, outDir).build(title, when);
        HtmlReport.write(html, view);
        return new Outcome(results, summary, html, runs.size(),
                (int) runs.stream().filter(r -> r.status() == RunStatus.FINISHED).count(),
                (int) runs.stream().filter(r -> r.status() == RunStatus.FAILED).count(),
                (int) runs.stream().filter(r -> r.status() == RunStatus.UNFINISHED).count(),
                view.bench().present());
    }
}
