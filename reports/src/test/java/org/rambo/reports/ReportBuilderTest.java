package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.claims.Claims;
import org.rambo.reports.html.HtmlReport;
import org.rambo.reports.html.ReportModel;
import org.rambo.reports.html.View;
import org.rambo.reports.io.PaperResults;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.io.TrainingShapesCsv;
import org.rambo.reports.model.PaperRow;
import org.rambo.reports.model.Run;
import org.rambo.reports.stats.Summaries;
import org.rambo.reports.stats.SummaryIndex;
import org.rambo.reports.stats.SummaryRow;

class ReportBuilderTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    Path runs() {
        return tmp.resolve("runs");
    }

    ReportBuilder.Outcome build(Path out) {
        return ReportBuilder.build(runs(), out, tmp.resolve("bench"), null, CLOCK);
    }

    static List<CSVRecord> csv(Path f) throws IOException {
        try (Reader r = Files.newBufferedReader(f)) {
            return CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(r)
                    .getRecords();
        }
    }

    void defaultGrid() {
        FixtureRuns.grid(
                runs(), "default", "fashion-mnist", List.of("rambo-recall-loglog", "contrastive", "triplet"), 3);
        FixtureRuns.run(runs(), "default", "fashion-mnist", "contrastive", 3)
                .failAt(2)
                .write();
        FixtureRuns.run(runs(), "default", "fashion-mnist", "triplet", 3)
                .stopAfter(1)
                .write();
    }

    @Test
    void resultsCsvHasOneRowPerRunFolderIncludingFailedAndUnfinished() throws IOException {
        defaultGrid();
        ReportBuilder.Outcome o = build(tmp.resolve("out"));
        assertEquals(11, o.runs());
        assertEquals(9, o.finished());
        assertEquals(1, o.failed());
        assertEquals(1, o.unfinished());

        List<CSVRecord> rows = csv(o.resultsCsv());
        assertEquals(11, rows.size());
        CSVRecord r = rows.stream()
                .filter(x -> x.get("method").equals("triplet") && x.get("seed").equals("1"))
                .findFirst()
                .orElseThrow();
        assertEquals("finished", r.get("status"));
        assertEquals(0.688 + 0.008, Double.parseDouble(r.get("last_recall_at_1")), 1e-9);
        assertEquals(0.688 + 0.008, Double.parseDouble(r.get("best_recall_at_1")), 1e-9);
        assertEquals("4", r.get("best_epoch"));
        assertEquals(13.5, Double.parseDouble(r.get("wall_seconds")), 1e-9);
        assertEquals(1.25, Double.parseDouble(r.get("steps_mean_data_ms")), 1e-9);
        assertEquals(0.0, Double.parseDouble(r.get("steps_mean_sort_ms")), 1e-9);
        assertTrue(
                r.get("run_folder")
                        .startsWith(runs().resolve("default/triplet-s1-").toString()),
                r.get("run_folder"));

        CSVRecord failed = rows.stream()
                .filter(x -> x.get("status").equals("failed"))
                .findFirst()
                .orElseThrow();
        assertEquals("contrastive", failed.get("method"));
        assertEquals("loss became NaN at epoch 2, step 3", failed.get("failure"));
        assertEquals("", failed.get("last_recall_at_1"));
        CSVRecord unfinished = rows.stream()
                .filter(x -> x.get("status").equals("unfinished"))
                .findFirst()
                .orElseThrow();
        assertEquals("1", unfinished.get("epochs"));

        // Atomic writes leave nothing else behind.
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertEquals(
                    List.of("claims.csv", "report.html", "results-table.md", "results.csv", "summary.csv"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void summaryCsvHasMeanStdAndIntervalOverFinishedSeedsOnly() throws IOException {
        defaultGrid();
        ReportBuilder.Outcome o = build(tmp.resolve("out"));
        CSVRecord s = csv(o.summaryCsv()).stream()
                .filter(x -> x.get("method").equals("contrastive")
                        && x.get("selection").equals("last")
                        && x.get("metric").equals("recall_at_1"))
                .findFirst()
                .orElseThrow();
        // Seeds 0, 1, 2 give 0.655, 0.663, 0.649; the failed seed 3 is not averaged.
        assertEquals("3", s.get("n"));
        // mean = (0.655 + 0.663 + 0.649) / 3 = 1.967 / 3 = 0.65566...
        assertEquals(1.967 / 3, Double.parseDouble(s.get("mean")), 1e-12);
        // in units of 1/3000 the values are 1965, 1989, 1947 and the mean 1967: deviations -2, 22, -20,
        // squares 4 + 484 + 400 = 888, over n - 1 = 2: 444; std = sqrt(444) / 3000 = 0.0070238
        assertEquals(Math.sqrt(444) / 3000, Double.parseDouble(s.get("std")), 1e-12);
        // A resample of three seeds is all the lowest value with probability 1/27 = 3.7% > 2.5%, and
        // all the highest likewise: of 10,000 resamples about 370 have mean 0.649 (the 2.5% quantile
        // is the 250th), so the percentile interval is [min, max] unless the draws stray by 6 standard
        // deviations.
        assertEquals(0.649, Double.parseDouble(s.get("ci95_low")), 1e-12);
        assertEquals(0.663, Double.parseDouble(s.get("ci95_high")), 1e-12);
        assertTrue(
                csv(o.summaryCsv()).stream().anyMatch(x -> x.get("metric").equals("queries_skipped")),
                "summary.csv keeps every metric training wrote");
    }

    @Test
    void reportHtmlHasTablesPlotsBestInBoldAndListsFailedRuns() throws IOException {
        defaultGrid();
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());

        assertTrue(html.contains("<table id=\"table-last-default-fashion-mnist\""));
        assertTrue(html.contains("<table id=\"table-best-default-fashion-mnist\""));
        assertTrue(html.contains("<table id=\"table-timing-default-fashion-mnist\""));
        // rambo-recall-loglog has the best R@1 (mean of 75.1, 75.9, 74.5 = 75.2): bold, with its interval.
        Matcher row = Pattern.compile("<td class=\"method\">rambo-recall-loglog</td><td>3</td><td class=\"best\"[^>]*>"
                        + "<span class=\"v\">75.2</span><span class=\"ci\">\\[74.5, 75.9\\]</span>")
                .matcher(html);
        assertTrue(row.find(), "loglog row with bold R@1 75.2 [74.5, 75.9]");
        Matcher contrastive = Pattern.compile("<td class=\"method\">contrastive</td><td>3</td><td class=\"\"[^>]*>"
                        + "<span class=\"v\">65.6</span>")
                .matcher(html);
        assertTrue(contrastive.find(), "contrastive R@1 65.6, not bold");

        for (String plot : List.of(
                "plot-epochs-default-fashion-mnist",
                "plot-rk-default-fashion-mnist",
                "plot-timing-default-fashion-mnist")) {
            Matcher m = Pattern.compile("<figure class=\"plot\" id=\"" + plot + "\">\\s*<svg")
                    .matcher(html);
            assertTrue(m.find(), plot + " is an inline SVG");
        }
        assertTrue(
                html.contains("data-expect-plots=\"plot-epochs-default-fashion-mnist plot-rk-default-fashion-mnist"
                        + " plot-timing-default-fashion-mnist\""),
                "the browser check knows every plot");
        // Failed and unfinished runs are listed with the reason, never dropped.
        int nf = html.indexOf("<table id=\"table-not-finished\"");
        assertTrue(nf > 0);
        String notFinished = html.substring(nf, html.indexOf("</table>", nf));
        assertTrue(notFinished.contains("loss became NaN at epoch 2, step 3"));
        assertTrue(notFinished.contains(">unfinished<") && notFinished.contains(">1 of 4<"));
        // Provenance links point at the run folders, relative to the report.
        assertTrue(html.contains("<a href=\"../runs/default/triplet-s0-"), "relative link to a run folder");
        assertTrue(html.contains("all runs: 0123456789abcdef0123456789abcdef01234567"));
        // The provenance section names the CPU, its ISA extensions and the numeric environment.
        assertTrue(
                html.contains("<td>CPU model</td><td>all runs: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz</td>"),
                html);
        assertTrue(html.contains("<td>CPU ISA extensions</td><td>all runs: avx avx2 avx512f fma</td>"));
        assertTrue(html.contains("<td>numeric environment</td><td>all runs: RAMBO_CPU_MODE&#61;avx2</td>"));
        // The time-per-step section says what share of a step RaMBO's ranking takes: 0.9 of 1.25 + 6.05 + 1.6 + 11.6 +
        // 0.8 ms.
        assertTrue(
                html.contains("Ranking share of a training step (mean sort ms / mean step ms, steps.csv):"
                        + " rambo-recall-loglog 4.2% (0.90 of 21.30 ms)."),
                html);
        // Training shapes not measured: said so.
        assertTrue(html.contains("Training shapes: not measured"));
        // The shared protocol is shown once per grid.
        assertTrue(html.contains("All 11 runs of this grid share this protocol object"));
        // No benchmark results: said so.
        assertTrue(html.contains("id=\"bench-absent\""));
        // The paper has no fashion-mnist numbers: said so, and its table is still there.
        assertTrue(html.contains("The paper has no numbers for fashion-mnist"));
        assertTrue(html.contains("Brown et al., Smooth-AP, ECCV 2020"));
    }

    @Test
    void reportOpensOffline() throws IOException {
        defaultGrid();
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        assertFalse(
                Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//")
                        .matcher(html)
                        .find(),
                "no remote src/href");
        assertFalse(html.contains("<link"), "no external stylesheet");
        assertFalse(Pattern.compile("<script[^>]+src=").matcher(html).find(), "no external script");
    }

    @Test
    void paperRowsSitBesideOursForPaperDatasets() throws IOException {
        FixtureRuns.grid(runs(), "paper-cub", "cub", List.of("rambo-recall-loglog", "margin"), 2);
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        int t = html.indexOf("<table id=\"table-last-paper-cub-cub\"");
        String table = html.substring(t, html.indexOf("</table>", t));
        // Our row, then the paper's row for the same method, its source as footnote [1].
        Matcher m = Pattern.compile(
                        "<td class=\"method\">rambo-recall-loglog</td>.*?</tr>\\s*<tr class=\"paper\">"
                                + "<td class=\"method\">rambo-recall-loglog \\(paper \\[1\\]\\)</td><td></td>"
                                + "<td class=\"\" title=\"[^\"]*\"><span class=\"v\">64.0</span></td>"
                                + "<td class=\"\" title=\"[^\"]*\"><span class=\"v\">75.3</span></td>",
                        Pattern.DOTALL)
                .matcher(table);
        assertTrue(m.find(), "paper row 64.0 75.3 ... right under ours");
        // Methods the paper reports that we did not run still appear, as paper rows.
        assertTrue(table.contains("contrastive (paper [2])"), "contrastive's quoted GoogLeNet row, own source");
        assertTrue(table.contains("rambo-recall-log (paper [1])"));
        assertTrue(html.contains("[1] Rolínek et al., CVPR 2020, retrieval results on CUB-200-2011</div>"));
    }

    @Test
    void benchmarksGiveALogLogPlotWithFittedExponents() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 2);
        FixtureRuns.benchJson(tmp.resolve("bench/ranking.json"), Map.of("sortRank", 1.0, "smoothAp", 2.0), new long[] {
            1000, 10000, 100000
        });
        BenchResults.Bench b = BenchResults.read(tmp.resolve("bench"));
        assertEquals(2, b.series().size());
        assertEquals(2.0, b.series().get(0).exponent(), 1e-9); // RankingBench.smoothAp sorts first
        assertEquals(1.0, b.series().get(1).exponent(), 1e-9);
        assertEquals(1e-4 * 1000 * 1e-3, b.series().get(1).points().get(0).seconds(), 1e-15);

        ReportBuilder.Outcome o = build(tmp.resolve("out"));
        assertTrue(o.benchPresent());
        String html = Files.readString(o.reportHtml());
        assertTrue(Pattern.compile("<figure class=\"plot\" id=\"plot-ranking-cost\">\\s*<svg")
                .matcher(html)
                .find());
        assertTrue(
                html.contains(
                        "<td class=\"method\">RankingBench.smoothAp</td><td>avgt</td><td>1,000, 10,000, 100,000</td>"
                                + "<td>100 ms</td><td>1.00e+03 s</td><td>2.00</td>"),
                "bench table row");
        assertTrue(html.contains("RankingBench.sortRank (slope 1.00)"), "legend carries the exponent");
        assertFalse(html.contains("id=\"bench-absent\""));
    }

    @Test
    void malformedBenchJsonIsAnError() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 1);
        Files.createDirectories(tmp.resolve("bench"));
        Files.writeString(
                tmp.resolve("bench/r.json"),
                "[{\"benchmark\":\"a.B.c\",\"params\":{\"n\":\"10\"},"
                        + "\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"furlongs\"}}]");
        ReportInputException e = assertThrows(ReportInputException.class, () -> build(tmp.resolve("out")));
        assertTrue(e.getMessage().contains("r.json: entry [0]: scoreUnit \"furlongs\""), e.getMessage());
    }

    @Test
    void detectionRunsGetAnAp50TableBesideThePapersRowLabelledHonestly() throws IOException {
        for (String m : List.of("faster-rcnn-ce", "faster-rcnn-rambo")) {
            for (long s = 0; s < 2; s++) {
                FixtureRuns.run(runs(), "detection", "synthetic-voc", m, s)
                        .epochs(3)
                        .write();
            }
        }
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        assertTrue(html.contains("Synthetic VOC (synthetic layout, real objects)"));
        assertTrue(html.contains("<tr><td>resnet50-voc07</td><td>74.2</td><td>75.7</td><td>+1.5</td>"));
        int t = html.indexOf("<table id=\"table-last-detection-synthetic-voc\"");
        String table = html.substring(t, html.indexOf("</table>", t));
        assertTrue(table.contains("<th>AP50</th>"));
        // rambo: 0.62 + seed offsets 0 and 0.008 -> 62.4, the best of the two methods.
        assertTrue(table.contains("<td class=\"best\" title=\"mean 62.4"), table);
        // detection keeps no best checkpoint: no empty best-checkpoint table
        assertFalse(html.contains("id=\"table-best-detection-synthetic-voc\""), "empty best table");
        // the two other means are columns of the main table, not classes of the per-class one
        assertTrue(table.contains("<th>AP50 VOC07 11-pt</th>"), table);
        assertTrue(table.contains("<th>AP50 no image cap</th>"), table);
        assertTrue(html.contains("<table id=\"table-perclass-detection-synthetic-voc\""));
        int pc = html.indexOf("<table id=\"table-perclass-detection-synthetic-voc\"");
        String perClass = html.substring(pc, html.indexOf("</table>", pc));
        assertTrue(perClass.contains("<td>aeroplane</td>"), perClass);
        assertFalse(perClass.contains("voc07"), perClass);
        assertFalse(perClass.contains("uncapped"), perClass);
        assertTrue(
                Pattern.compile("id=\"plot-epochs-detection-synthetic-voc\">\\s*<svg")
                        .matcher(html)
                        .find(),
                "AP50 per epoch plot");
        // final.json details are shown per method
        assertTrue(html.contains("<tr><td>faster-rcnn-rambo · test_images</td><td>500</td></tr>"), html);
    }

    @Test
    void everyStringIsEscapedByTheTemplateAndTheCharts() throws IOException {
        FixtureRuns.run(runs(), "default", "fashion-mnist", "evil<img src=x onerror=alert(1)>", 0)
                .write();
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        assertFalse(html.contains("<img src=x"), "raw markup from a run folder must never reach the page");
        assertTrue(html.contains("evil&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    void theSameRunsGiveTheSameReport() throws IOException {
        defaultGrid();
        String a = Files.readString(build(tmp.resolve("a")).reportHtml());
        String b = Files.readString(build(tmp.resolve("b")).reportHtml());
        assertEquals(a.replace("/a/", "/"), b.replace("/b/", "/"), "seeded bootstrap and stable SVG ids");
    }

    @Test
    void duplicatedSeedsAndMixedProtocolsAreWarnedAbout() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 2);
        Map<String, Object> changed = new LinkedHashMap<>(FixtureRuns.protocol(4));
        changed.put("embedding_dim", 128);
        FixtureRuns.run(runs(), "default", "fashion-mnist", "triplet", 0)
                .protocol(changed)
                .write();
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        assertTrue(html.contains("<section id=\"warnings\">"));
        assertTrue(html.contains("default/fashion-mnist/triplet/s0 has 2 run folders"));
        assertTrue(html.contains("These runs used a different protocol from the rest of the grid"));
    }

    @Test
    void buildingTheModelTwiceGivesTheSameView() {
        defaultGrid();
        FixtureRuns.trainingShapes(tmp.resolve("bench/training-shapes.csv"));
        List<Run> runs = RunReader.readAll(runs());
        List<SummaryRow> summaries = Summaries.summarize(runs);
        List<PaperRow> paper = PaperResults.bundled();
        ReportModel model = new ReportModel(
                runs,
                new SummaryIndex(summaries),
                Claims.of(runs, paper),
                paper,
                null,
                TrainingShapesCsv.read(tmp.resolve("bench")),
                tmp.resolve("bench"),
                runs(),
                tmp.resolve("out"));
        View.Report first = model.build("t", "now");
        View.Report second = model.build("t", "now");
        assertEquals(first, second);
        assertEquals(HtmlReport.render(first), HtmlReport.render(second));
    }

    @Test
    void theReportOpensWithTheVerdictsAndSaysWhenSeedsAreTooFew() throws IOException {
        defaultGrid();
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        int claims = html.indexOf("<section id=\"claims\">");
        assertTrue(claims > 0 && claims < html.indexOf("<section id=\"comparison\">"), "verdicts come first");
        int t = html.indexOf("<table id=\"table-claims-default-fashion-mnist\"");
        String table = html.substring(t, html.indexOf("</table>", t));
        assertTrue(table.contains("<th>vs contrastive</th><th>vs triplet</th>"), table);
        // loglog - contrastive: 0.096 on every paired seed (0, 1, 2; contrastive's seed 3 failed): a clear win
        assertTrue(
                table.contains("<span class=\"badge better\">better</span><span class=\"delta\">+9.6 [+9.6, +9.6]"),
                table);
        assertTrue(html.contains("With 3 seeds the 95% interval of a difference is about ±0.0 points here"), html);
        assertTrue(
                html.contains("The paper&#39;s published RaMBO − baseline differences")
                        || html.contains("The paper's published RaMBO − baseline differences"),
                html);
    }

    @Test
    void claimsCsvHasTheContractColumnsAndThePapersVerdicts() throws IOException {
        FixtureRuns.grid(runs(), "paper-cub", "cub", List.of("rambo-recall-loglog", "margin"), 3);
        ReportBuilder.Outcome o = build(tmp.resolve("out"));
        List<String> lines = Files.readAllLines(o.claimsCsv());
        assertEquals(
                "grid,dataset,metric,method,baseline,n_seeds,delta,ci_low,ci_high,verdict,paper_delta,paper_verdict,"
                        + "tuning",
                lines.get(0));
        // ours: 0.751 - 0.721 = 3.0 points on every seed; the paper: 64.0 - 63.8 = +0.2 -> reproduced
        assertTrue(
                lines.contains("paper-cub,cub,recall_at_1,rambo-recall-loglog,margin,3,3.0000,3.0000,3.0000,better,"
                        + "0.2000,reproduced,untuned"),
                String.join("\n", lines));
        // CUB R@2: paper 75.3 vs 74.4 = +0.9; ours: same seeds, recall_at_2 of the fixture
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("paper-cub,cub,recall_at_2,rambo-recall-loglog,margin,3,")
                                && l.endsWith(",better,0.9000,reproduced,untuned")),
                String.join("\n", lines));
        // a pair the paper published and we did not run
        assertTrue(
                lines.contains(",cub,recall_at_1,rambo-recall-log,contrastive,0,,,,inconclusive,37.1000,not run,"),
                String.join("\n", lines));
        assertTrue(lines.contains(",sop,recall_at_1,rambo-recall-loglog,smooth-ap,0,,,,inconclusive,-1.5000,not run,"));
        // The report lists the pairs it ran beside the paper's and counts the rest.
        String html = Files.readString(o.reportHtml());
        assertTrue(
                html.contains("<tr><td>cub</td><td>R@1</td><td>rambo-recall-loglog</td><td>margin</td><td>+0.2</td>"
                        + "<td>+3.0</td><td>reproduced</td></tr>"),
                html);
        assertTrue(html.contains("4 reproduced, 0 contradicted, 0 inconclusive, 67 not run."), html);
    }

    @Test
    void resultsTableMarkdownIsTheReadmesTable() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("rambo-recall-log", "triplet"), 2);
        String md = Files.readString(build(tmp.resolve("out")).resultsTable());
        assertEquals("""
                <!-- Written by `rambo-bench report` with summary.csv and claims.csv: regenerate, do not edit. -->

                Grid `default`, dataset `fashion-mnist`: last epoch, mean over up to 2 seeds, in percent (code: 0123456).

                | method | seeds | R@1 | R@2 | R@4 | R@8 | P@1 | R-Prec | MAP@R | NMI |
                |---|---|---|---|---|---|---|---|---|---|
                | rambo-recall-log | 2 | **74.6** | **84.3** | **90.2** | **93.9** | **74.6** | **38.8** | **28.3** | **59.9** |
                | triplet | 2 | 69.2 | 80.9 | 88.2 | 92.7 | 69.2 | 36.0 | 26.3 | 58.8 |

                RaMBO minus each baseline, R@1 in points: mean over the seeds both ran, 95% Student t interval, verdict (claims.csv).

                | RaMBO variant | vs triplet |
                |---|---|
                | rambo-recall-log | +5.4 [+5.4, +5.4] better |
                """, md);
    }

    @Test
    void trainingShapesShowBothTimesThreadsAndTheRatio() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 1);
        FixtureRuns.trainingShapes(tmp.resolve("bench/training-shapes.csv"));
        String html = Files.readString(build(tmp.resolve("out")).reportHtml());
        int t = html.indexOf("<table id=\"table-training-shapes\"");
        String table = html.substring(t, html.indexOf("</table>", t));
        assertTrue(
                table.contains("<tr><td>batch-512-d512</td><td>0.420 ms</td><td>1</td><td>reference</td>"
                        + "<td>1.68 ms</td><td>1</td><td>4.00×</td></tr>"),
                table);
        assertTrue(
                table.contains("<tr><td>batch-512-d512</td><td>0.420 ms</td><td>1</td><td>pml-contrastive</td>"
                        + "<td>0.950 ms</td><td>2</td><td>2.26×</td></tr>"),
                table);
        assertTrue(
                table.contains("<tr><td>paper-1x2^20</td><td>61.0 ms</td><td>2</td><td>–</td><td>not measured</td>"),
                table);
        assertTrue(html.contains("table-training-shapes"), "the browser check expects it");
    }

    @Test
    void aBadTrainingShapesRowNamesFileLineAndColumn() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 1);
        Path f = tmp.resolve("bench/training-shapes.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "shape,implementation,threads,rounds,median_ms\nbatch-512-d512,rambo,1,21,fast\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> build(tmp.resolve("out")));
        assertEquals(f + " line 2: column 'median_ms': \"fast\" is not a non-negative number", e.getMessage());
    }

    @Test
    void aDamagedRunIsListedWithItsReasonAndNotCounted() throws IOException {
        FixtureRuns.grid(runs(), "default", "fashion-mnist", List.of("triplet"), 2);
        Path dir = FixtureRuns.run(runs(), "default", "fashion-mnist", "triplet", 2)
                .write();
        Files.writeString(dir.resolve("final.json"), "{\"status\": \"finished\", \"last\": {\"recall_at_1\": ");
        ReportBuilder.Outcome o = build(tmp.resolve("out"));
        assertEquals(1, o.damaged());
        assertEquals(2, o.finished());
        CSVRecord s = csv(o.summaryCsv()).stream()
                .filter(x -> x.get("metric").equals("recall_at_1"))
                .findFirst()
                .orElseThrow();
        assertEquals("2", s.get("n"), "the damaged seed is not averaged");
        String html = Files.readString(o.reportHtml());
        int nf = html.indexOf("<table id=\"table-not-finished\"");
        String notFinished = html.substring(nf, html.indexOf("</table>", nf));
        assertTrue(
                notFinished.contains("<td>damaged</td>") && notFinished.contains("final.json: not valid JSON"),
                notFinished);
    }
}
