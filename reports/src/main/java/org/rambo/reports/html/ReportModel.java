package org.rambo.reports.html;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.io.Json;
import org.rambo.reports.io.PaperResults.PaperRow;
import org.rambo.reports.model.EpochRow;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Provenance;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunStatus;
import org.rambo.reports.model.Selection;
import org.rambo.reports.model.StepTimes;
import org.rambo.reports.stats.SummaryRow;

/** Builds the report's view model (tables, plots, provenance) from runs, paper rows and benchmarks. */
public final class ReportModel {

    /** Paper datasets by the names training writes; the label is what the table heading shows. */
    private static final Map<String, String> DATASET_LABELS = Map.of(
            "fashion-mnist", "Fashion-MNIST (held-out classes 5-9)",
            "cub", "CUB-200-2011", "sop", "Stanford Online Products", "inshop", "In-shop Clothes",
            "voc", "Pascal VOC07 test", "synthetic-voc", "Synthetic VOC (synthetic layout, real objects)");

    private final List<Run> runs;
    private final List<SummaryRow> summaries;
    private final Map<String, SummaryRow> summaryIndex = new LinkedHashMap<>();
    private final List<PaperRow> paper;
    private final BenchResults.Bench bench;
    private final Path benchDir;
    private final Path runsDir;
    private final Path outDir;
    private final List<String> allMethods;
    private final List<String> expectTables = new ArrayList<>();
    private final List<String> expectPlots = new ArrayList<>();
    /** Sections every report has, whatever the runs: the browser check looks for each. */
    private final List<String> expectSections = new ArrayList<>(
            List.of("overview", "comparison", "ranking-cost", "paper", "protocol", "provenance", "not-finished"));
    private final List<String> warnings = new ArrayList<>();

    public ReportModel(List<Run> runs, List<SummaryRow> summaries, List<PaperRow> paper,
                       BenchResults.Bench bench, Path benchDir, Path runsDir, Path outDir) {
        this.runs = runs;
        this.summaries = summaries;
        summaries.forEach(s -> summaryIndex.put(key(s.grid(), s.dataset(), s.method(), s.selection(), s.metric()), s));
        this.paper = paper;
        this.bench = bench;
        this.benchDir = benchDir;
        this.runsDir = runsDir;
        this.outDir = outDir;
        TreeSet<String> methods = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        runs.forEach(r -> methods.add(r.method()));
        this.allMethods = List.copyOf(methods);
    }

    private static String key(String... parts) {
        return String.join("/", parts);
    }

    public View.Report build(String title, String generatedAt) {
        View.Counts counts = new View.Counts(runs.size(),
                count(RunStatus.FINISHED), count(RunStatus.FAILED), count(RunStatus.UNFINISHED));
        duplicates();
        List<View.Group> groups = new ArrayList<>();
        Map<String, Map<String, List<Run>>> byGridDataset = new TreeMap<>();
        for (Run r : runs) {
            byGridDataset.computeIfAbsent(r.grid(), g -> new TreeMap<>())
                    .computeIfAbsent(r.dataset(), d -> new ArrayList<>()).add(r);
        }
        byGridDataset.forEach((grid, byDataset) -> byDataset.forEach((dataset, rs) -> {
            if (rs.stream().anyMatch(Run::finished)) {
                groups.add(group(grid, dataset, rs));
            } else {
                warnings.add("grid " + grid + ", dataset " + dataset + ": no finished run yet, so no comparison table"
                        + " (the runs are listed under 'Failed or unfinished runs')");
            }
        }));
        // Retrieval (the paper's main result) first, the small detection part after it.
        groups.sort(java.util.Comparator.comparing(View.Group::detection));
        runs.forEach(r -> r.notes().forEach(n -> warnings.add(r.relative() + ": " + n)));
        View.Bench benchView = bench();
        List<View.Protocol> protocols = protocols();
        List<View.ProvenanceRow> prov = runs.stream().map(this::provenanceRow).toList();
        expectTables.add("table-provenance");
        List<View.NotFinishedRow> nf = runs.stream().filter(r -> !r.finished()).map(this::notFinishedRow).toList();
        if (!nf.isEmpty()) {
            expectTables.add("table-not-finished");
        }
        expectTables.add("table-paper");
        return new View.Report(title, generatedAt, runsDir.toString(), counts,
                List.copyOf(byGridDataset.keySet()), groups, paperLines(), benchView, protocols,
                provenanceSummary(), prov, nf, List.copyOf(warnings),
                String.join(" ", expectTables), String.join(" ", expectPlots), String.join(" ", expectSections));
    }

    private int count(RunStatus s) {
        return (int) runs.stream().filter(r -> r.status() == s).count();
    }

    /** Two folders for one (grid, method, seed) mean the config changed between runs: both are averaged, so say so. */
    private void duplicates() {
        Map<String, List<Run>> seen = new TreeMap<>();
        runs.forEach(r -> seen.computeIfAbsent(key(r.grid(), r.dataset(), r.method(), "s" + r.seed()),
                k -> new ArrayList<>()).add(r));
        seen.forEach((k, rs) -> {
            if (rs.size() > 1) {
                warnings.add(k + " has " + rs.size() + " run folders (" + rs.stream().map(Run::relative)
                        .collect(Collectors.joining(", ")) + "): the config changed between runs; finished ones"
                        + " all count as seeds in the summaries. Remove the stale folders.");
            }
        });
    }

    // ---------------------------------------------------------------- comparison

    private View.Group group(String grid, String dataset, List<Run> rs) {
        String anchor = slug(grid + "-" + dataset);
        boolean detection = Metrics.isDetection(dataset);
        List<Run> finished = rs.stream().filter(Run::finished).toList();
        List<String> methods = finished.stream().map(Run::method).distinct().sorted(Metrics.METHOD_COMPARATOR).toList();
        List<View.Table> tables = new ArrayList<>();
        for (Selection sel : Selection.values()) {
            // a selection no run reports (detection keeps no best checkpoint) gets no empty table
            if (sel == Selection.LAST || !tableMetrics(grid, dataset, sel).isEmpty()) {
                tables.add(comparisonTable(grid, dataset, methods, sel, anchor, detection));
            }
        }
        List<View.Table> extra = new ArrayList<>();
        List<View.DetectionPaper> detPaper = List.of();
        String honesty = null;
        if (detection) {
            View.Table perClass = perClassTable(grid, dataset, methods, anchor);
            if (perClass != null) {
                extra.add(perClass);
            }
            detPaper = detectionPaper();
            honesty = dataset.equals("synthetic-voc")
                    ? "Synthetic layout, real objects: this is not the VOC07 test set, so these AP50 numbers are not"
                    + " comparable with the paper's; only the change from cross-entropy to RaMBO within this table is."
                    : "Pascal VOC07 test, AP at IoU 0.5.";
        }
        List<View.Plot> plots = new ArrayList<>();
        String curveMetric = detection ? "ap50" : "recall_at_1";
        View.Plot curve = epochPlot(grid, dataset, methods, finished, curveMetric, anchor);
        if (curve != null) {
            plots.add(curve);
        }
        if (!detection) {
            View.Plot rk = recallAtKPlot(grid, dataset, methods, anchor);
            if (rk != null) {
                plots.add(rk);
            }
        }
        View.Timing timing = timing(methods, finished, anchor);
        View.Plot tplot = timingPlot(methods, finished, anchor, dataset);
        if (tplot != null) {
            plots.add(tplot);
        }
        String paperNote = detection || paper.stream().anyMatch(p -> p.dataset().equals(dataset)) ? null
                : "The paper has no numbers for " + dataset + "; its published rows for the paper datasets are listed"
                + " under 'Published numbers'.";
        return new View.Group(anchor, grid, dataset, DATASET_LABELS.getOrDefault(dataset, dataset), detection,
                honesty, tables, extra, detPaper, plots, timing, paperNote);
    }

    /** Columns: every quality metric any method of this group reports, per-class AP aside. */
    private List<String> tableMetrics(String grid, String dataset, Selection sel) {
        TreeSet<String> ms = new TreeSet<>(Metrics.METRIC_ORDER);
        summaries.stream()
                .filter(s -> s.grid().equals(grid) && s.dataset().equals(dataset) && s.selection().equals(sel.id()))
                .map(SummaryRow::metric)
                .filter(Metrics::isQuality)
                .filter(m -> !Metrics.isDetectionClass(m))
                .forEach(ms::add);
        return List.copyOf(ms);
    }

    private View.Table comparisonTable(String grid, String dataset, List<String> methods, Selection sel,
                                       String anchor, boolean detection) {
        List<String> metrics = tableMetrics(grid, dataset, sel);
        // Best per column among our methods (ties all bold); NaN never wins.
        Map<String, Double> best = new TreeMap<>();
        for (String m : metrics) {
            for (String method : methods) {
                SummaryRow s = summaryIndex.get(key(grid, dataset, method, sel.id(), m));
                if (s != null && Double.isFinite(s.mean())) {
                    best.merge(m, s.mean(), Math::max);
                }
            }
        }
        List<String> columns = new ArrayList<>(List.of("method", "seeds"));
        metrics.forEach(m -> columns.add(Metrics.label(m)));
        List<View.Row> rows = new ArrayList<>();
        Map<String, String> footnoteMarks = new LinkedHashMap<>();
        String paperDataset = detection ? null : dataset;
        for (String method : methods) {
            List<View.Cell> cells = new ArrayList<>();
            int n = 0;
            for (String m : metrics) {
                SummaryRow s = summaryIndex.get(key(grid, dataset, method, sel.id(), m));
                if (s == null) {
                    cells.add(new View.Cell("–", null, false, "not reported"));
                    continue;
                }
                n = Math.max(n, s.n());
                boolean isBest = Double.isFinite(s.mean()) && best.containsKey(m) && s.mean() == best.get(m);
                String interval = s.n() > 1 ? "[" + pct(s.ciLow()) + ", " + pct(s.ciHigh()) + "]" : "one seed";
                String title = "mean " + pct(s.mean()) + ", sd " + pct(s.std()) + ", bootstrap 95% interval " + interval
                        + ", n=" + s.n();
                cells.add(new View.Cell(pct(s.mean()), interval, isBest, title));
            }
            rows.add(new View.Row(method, Integer.toString(n), false, cells));
            if (paperDataset != null) {
                View.Row pr = paperRow(paperDataset, method, metrics, footnoteMarks);
                if (pr != null) {
                    rows.add(pr);
                }
            }
        }
        // Paper methods we did not run still belong beside ours.
        if (paperDataset != null) {
            paper.stream().filter(p -> p.dataset().equals(paperDataset)).map(PaperRow::method).distinct()
                    .filter(pm -> !methods.contains(pm)).sorted(Metrics.METHOD_COMPARATOR)
                    .forEach(pm -> {
                        View.Row pr = paperRow(paperDataset, pm, metrics, footnoteMarks);
                        if (pr != null) {
                            rows.add(pr);
                        }
                    });
        }
        List<View.Footnote> notes = new ArrayList<>();
        footnoteMarks.forEach((src, mark) -> notes.add(new View.Footnote(mark, src)));
        String id = "table-" + sel.id() + "-" + anchor;
        expectTables.add(id);
        String caption = (sel == Selection.LAST ? "Last epoch (the fair number)"
                : detection ? "Best checkpoint as final.json records it" : "Checkpoint with the best held-out R@1 (what the paper reported)")
                + ": mean over seeds in percent, bootstrap 95% interval below; best of our methods in bold."
                + (sel == Selection.LAST && paperDataset != null && !footnoteMarks.isEmpty()
                ? " Paper rows are best-checkpoint numbers." : "");
        return new View.Table(id, caption, columns, rows, notes);
    }

    private View.Row paperRow(String dataset, String method, List<String> metrics, Map<String, String> marks) {
        List<PaperRow> ps = paper.stream().filter(p -> p.dataset().equals(dataset) && p.method().equals(method)).toList();
        if (ps.isEmpty()) {
            return null;
        }
        List<View.Cell> cells = new ArrayList<>();
        boolean any = false;
        for (String m : metrics) {
            PaperRow p = ps.stream().filter(x -> x.metric().equals(m)).findFirst().orElse(null);
            if (p == null) {
                cells.add(new View.Cell("–", null, false, "not published"));
            } else {
                any = true;
                cells.add(new View.Cell(String.format(Locale.ROOT, "%.1f", p.value()), null, false, p.source()));
            }
        }
        if (!any) {
            return null;
        }
        Set<String> sources = new LinkedHashSet<>();
        ps.forEach(p -> sources.add(p.source()));
        StringBuilder label = new StringBuilder(method + " (paper");
        for (String src : sources) {
            String mark = marks.computeIfAbsent(src, s -> Integer.toString(marks.size() + 1));
            label.append(' ').append('[').append(mark).append(']');
        }
        label.append(')');
        return new View.Row(label.toString(), "", true, cells);
    }

    private View.Table perClassTable(String grid, String dataset, List<String> methods, String anchor) {
        TreeSet<String> classes = new TreeSet<>();
        summaries.stream().filter(s -> s.grid().equals(grid) && s.dataset().equals(dataset)
                        && s.selection().equals("last") && Metrics.isDetectionClass(s.metric()))
                .forEach(s -> classes.add(s.metric()));
        if (classes.isEmpty()) {
            return null;
        }
        List<String> columns = new ArrayList<>(List.of("class"));
        columns.addAll(methods);
        List<View.Row> rows = new ArrayList<>();
        for (String c : classes) {
            double best = methods.stream().map(m -> summaryIndex.get(key(grid, dataset, m, "last", c)))
                    .filter(Objects::nonNull).mapToDouble(SummaryRow::mean).filter(Double::isFinite).max().orElse(Double.NaN);
            List<View.Cell> cells = new ArrayList<>();
            for (String m : methods) {
                SummaryRow s = summaryIndex.get(key(grid, dataset, m, "last", c));
                cells.add(s == null ? new View.Cell("–", null, false, "not reported")
                        : new View.Cell(pct(s.mean()), null, s.mean() == best, "n=" + s.n()));
            }
            rows.add(new View.Row(Metrics.label(c), "", false, cells));
        }
        String id = "table-perclass-" + anchor;
        expectTables.add(id);
        return new View.Table(id, "AP50 per class, last epoch, mean over seeds (%)", columns, rows, List.of());
    }

    private List<View.DetectionPaper> detectionPaper() {
        Map<String, Map<String, PaperRow>> bySetting = new LinkedHashMap<>();
        paper.stream().filter(p -> p.dataset().equals("voc") && p.metric().equals("ap50")).forEach(p -> {
            int dash = p.method().lastIndexOf('-');
            bySetting.computeIfAbsent(p.method().substring(0, dash), k -> new LinkedHashMap<>())
                    .put(p.method().substring(dash + 1), p);
        });
        List<View.DetectionPaper> out = new ArrayList<>();
        bySetting.forEach((setting, m) -> {
            PaperRow ce = m.get("ce");
            PaperRow rb = m.get("rambo");
            if (ce != null && rb != null) {
                out.add(new View.DetectionPaper(setting, fmt1(ce.value()), fmt1(rb.value()),
                        String.format(Locale.ROOT, "%+.1f", rb.value() - ce.value()), rb.source()));
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- plots

    private View.Plot epochPlot(String grid, String dataset, List<String> methods, List<Run> finished,
                                String metric, String anchor) {
        List<Charts.Band> bands = new ArrayList<>();
        for (String method : methods) {
            TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (Run r : finished) {
                if (!r.method().equals(method)) {
                    continue;
                }
                for (EpochRow e : r.epochs()) {
                    Double v = e.metrics().get(metric);
                    if (v != null && Double.isFinite(v)) {
                        byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(v * 100);
                    }
                }
            }
            if (byEpoch.isEmpty()) {
                continue;
            }
            int k = byEpoch.size();
            double[] x = new double[k];
            double[] mean = new double[k];
            double[] lo = new double[k];
            double[] hi = new double[k];
            int i = 0;
            for (Map.Entry<Integer, List<Double>> e : byEpoch.entrySet()) {
                x[i] = e.getKey();
                mean[i] = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                lo[i] = e.getValue().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                hi[i] = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                i++;
            }
            bands.add(new Charts.Band(method, x, mean, lo, hi));
        }
        if (bands.isEmpty()) {
            return null;
        }
        String id = "plot-epochs-" + anchor;
        expectPlots.add(id);
        String label = Metrics.label(metric);
        String svg = Charts.epochCurve(id, "Held-out " + label + " per epoch — " + dataset, label + " (%)", bands, allMethods);
        return new View.Plot(id, "Held-out " + label + " after each epoch: mean over seeds (line) and the range over"
                + " seeds (band).", svg);
    }

    private View.Plot recallAtKPlot(String grid, String dataset, List<String> methods, String anchor) {
        List<String> ks = tableMetrics(grid, dataset, Selection.LAST).stream().filter(m -> Metrics.recallK(m) >= 0).toList();
        if (ks.size() < 2) {
            return null;
        }
        Map<String, Map<String, Double>> byMethod = new LinkedHashMap<>();
        for (String method : methods) {
            Map<String, Double> vals = new LinkedHashMap<>();
            for (String k : ks) {
                SummaryRow s = summaryIndex.get(key(grid, dataset, method, "last", k));
                if (s != null && Double.isFinite(s.mean())) {
                    vals.put(k, s.mean() * 100);
                }
            }
            if (!vals.isEmpty()) {
                byMethod.put(method, vals);
            }
        }
        if (byMethod.isEmpty()) {
            return null;
        }
        String id = "plot-rk-" + anchor;
        expectPlots.add(id);
        String svg = Charts.recallAtK(id, "Recall@K at the last epoch — " + dataset, byMethod, ks, allMethods);
        return new View.Plot(id, "Recall@K at the last epoch, mean over seeds.", svg);
    }

    /** Per-method step times: the mean over seeds of each run's mean over its steps. */
    private Map<String, Map<String, Double>> phaseMeans(List<String> methods, List<Run> finished) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String method : methods) {
            List<StepTimes> st = finished.stream().filter(r -> r.method().equals(method))
                    .map(Run::stepTimes).filter(Objects::nonNull).toList();
            if (st.isEmpty()) {
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (String p : StepTimes.PHASES) {
                m.put(p, st.stream().mapToDouble(s -> s.phase(p)).average().orElseThrow());
            }
            m.put("total", st.stream().mapToDouble(StepTimes::totalMs).average().orElseThrow());
            m.put("n", (double) st.size());
            out.put(method, m);
        }
        return out;
    }

    private View.Plot timingPlot(List<String> methods, List<Run> finished, String anchor, String dataset) {
        Map<String, Map<String, Double>> means = phaseMeans(methods, finished);
        if (means.isEmpty()) {
            return null;
        }
        String id = "plot-timing-" + anchor;
        expectPlots.add(id);
        String svg = Charts.timing(id, "Time per training step by phase — " + dataset, means, StepTimes.PHASES);
        return new View.Plot(id, "Mean time per training step in each phase. The ranking sort (RaMBO only) runs"
                + " inside the loss and backward phases, so it is drawn beside them, not stacked.", svg);
    }

    private View.Timing timing(List<String> methods, List<Run> finished, String anchor) {
        Map<String, Map<String, Double>> means = phaseMeans(methods, finished);
        List<View.TimingRow> rows = new ArrayList<>();
        for (String method : methods) {
            Map<String, Double> m = means.get(method);
            double wall = finished.stream().filter(r -> r.method().equals(method)).map(Run::wallSeconds)
                    .filter(Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            if (m == null) {
                rows.add(new View.TimingRow(method, "0", "–", StepTimes.PHASES.stream().map(p -> "–").toList(), "–",
                        fmt1(wall)));
                continue;
            }
            double total = m.get("total");
            rows.add(new View.TimingRow(method, Integer.toString(m.get("n").intValue()), fmt2(total),
                    StepTimes.PHASES.stream().map(p -> fmt2(m.get(p))).toList(),
                    total > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * m.get("sort") / total) : "–",
                    fmt1(wall)));
        }
        String id = "table-timing-" + anchor;
        expectTables.add(id);
        return new View.Timing(id, rows);
    }

    // ---------------------------------------------------------------- benchmarks

    private View.Bench bench() {
        String paperSpeed = paper.stream().filter(p -> p.dataset().equals("speed")).findFirst()
                .map(p -> "For scale, the paper reports " + p.value() + " s for the AP loss forward and backward"
                        + " on 100M elements on an NVIDIA V100 (" + p.source() + ").").orElse(null);
        String dir = benchDir == null ? "(none)" : benchDir.toString();
        if (bench == null || bench.series().isEmpty()) {
            List<String> skipped = bench == null ? List.of() : bench.skipped();
            List<String> files = bench == null ? List.of() : bench.files();
            expectSections.add("bench-absent");
            return new View.Bench(false, dir, null, null, null, List.of(), files, List.of(), skipped, paperSpeed);
        }
        List<Charts.CostSeries> cs = new ArrayList<>();
        List<View.BenchRow> rows = new ArrayList<>();
        for (BenchResults.Series s : bench.series()) {
            double[] n = s.points().stream().mapToDouble(BenchResults.Point::n).toArray();
            double[] t = s.points().stream().mapToDouble(BenchResults.Point::seconds).toArray();
            String exp = Double.isFinite(s.exponent()) ? String.format(Locale.ROOT, "%.2f", s.exponent()) : "–";
            cs.add(new Charts.CostSeries(s.name() + " (slope " + exp + ")", n, t));
            rows.add(new View.BenchRow(s.name(), s.mode() == null ? "" : s.mode(),
                    s.points().stream().map(p -> String.format(Locale.ROOT, "%,d", (long) p.n())).collect(Collectors.joining(", ")),
                    seconds(s.points().get(0).seconds()),
                    seconds(s.points().get(s.points().size() - 1).seconds()), exp));
        }
        String id = "plot-ranking-cost";
        expectPlots.add(id);
        expectTables.add("table-bench");
        String svg = Charts.rankingCost(id, "Ranking cost: time per operation against n (log-log)", cs);
        List<View.KeyValue> env = bench.environment().entrySet().stream()
                .map(e -> new View.KeyValue(e.getKey(), e.getValue())).toList();
        return new View.Bench(true, dir, id, svg, "table-bench", rows, bench.files(), env, bench.skipped(), paperSpeed);
    }

    // ---------------------------------------------------------------- protocol and provenance

    private List<View.Protocol> protocols() {
        Map<String, List<Run>> byGrid = new TreeMap<>();
        runs.forEach(r -> byGrid.computeIfAbsent(r.grid(), g -> new ArrayList<>()).add(r));
        List<View.Protocol> out = new ArrayList<>();
        byGrid.forEach((grid, rs) -> {
            Map<String, List<Run>> byProtocol = new LinkedHashMap<>();
            rs.forEach(r -> byProtocol.computeIfAbsent(Objects.requireNonNullElse(r.protocolJson(), "null"),
                    k -> new ArrayList<>()).add(r));
            // The protocol most runs used is shown; any run that differs is named, since the
            // whole point of the suite is that all methods share one protocol.
            String main = byProtocol.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                    .orElseThrow().getKey();
            List<String> diffs = new ArrayList<>();
            byProtocol.forEach((p, prs) -> {
                if (!p.equals(main)) {
                    prs.forEach(r -> diffs.add(r.relative()));
                }
            });
            if (!diffs.isEmpty()) {
                warnings.add("grid " + grid + ": " + diffs.size() + " run(s) used a different protocol than the rest: "
                        + String.join(", ", diffs));
            }
            Map<String, Set<String>> losses = new TreeMap<>(Metrics.METHOD_COMPARATOR);
            rs.forEach(r -> losses.computeIfAbsent(r.method(), k -> new TreeSet<>())
                    .add(Objects.requireNonNullElse(r.loss(), "(not recorded)")));
            List<View.KeyValue> methods = losses.entrySet().stream()
                    .map(e -> new View.KeyValue(e.getKey(), String.join(" | ", e.getValue()))).toList();
            out.add(new View.Protocol(grid, rs.size(), main.equals("null") ? "(config.json has no protocol)" : Json.pretty(main),
                    methods, diffs));
        });
        return out;
    }

    private View.ProvenanceSummary provenanceSummary() {
        Map<String, Function<Provenance, String>> fields = new LinkedHashMap<>();
        fields.put("git commit", p -> p.gitCommit() == null ? null : p.gitCommit() + (Boolean.TRUE.equals(p.gitDirty()) ? " (dirty)" : ""));
        fields.put("Java", p -> join(p.javaVersion(), p.javaVendor()));
        fields.put("machine", p -> join(p.os(), p.arch()));
        fields.put("DJL / PyTorch / native", p -> join(p.djlVersion(), p.pytorchVersion(), p.nativeFlavor()));
        fields.put("device", Provenance::device);
        fields.put("threads", Provenance::threads);
        fields.put("dataset checksum", Provenance::datasetChecksum);
        List<View.KeyValue> shared = new ArrayList<>();
        fields.forEach((name, f) -> {
            Set<String> vals = new TreeSet<>();
            runs.forEach(r -> vals.add(Objects.requireNonNullElse(f.apply(r.provenance()), "(missing)")));
            shared.add(new View.KeyValue(name, vals.size() == 1 ? "all runs: " + vals.iterator().next()
                    : vals.size() + " different values: " + String.join("; ", vals)));
        });
        return new View.ProvenanceSummary(shared);
    }

    private static String join(String... parts) {
        List<String> p = new ArrayList<>();
        for (String s : parts) {
            if (s != null) {
                p.add(s);
            }
        }
        return p.isEmpty() ? null : String.join(" ", p);
    }

    private View.ProvenanceRow provenanceRow(Run r) {
        Provenance p = r.provenance();
        String commit = p.gitCommit() == null ? "(missing)"
                : p.gitCommit().substring(0, Math.min(10, p.gitCommit().length())) + (Boolean.TRUE.equals(p.gitDirty()) ? "-dirty" : "");
        String cs = p.datasetChecksum();
        return new View.ProvenanceRow(href(r), r.relative(), r.status().label(), r.dataset(), r.method(), r.seed(),
                commit, orMissing(join(p.javaVersion(), p.javaVendor())), orMissing(join(p.os(), p.arch())),
                orMissing(join(p.djlVersion() == null ? null : "DJL " + p.djlVersion(),
                        p.pytorchVersion() == null ? null : "PyTorch " + p.pytorchVersion(), p.nativeFlavor())),
                orMissing(p.device()), orMissing(p.threads()), orMissing(p.seeds()), orMissing(cs),
                cs == null ? "(missing)" : cs.substring(0, Math.min(12, cs.length())), orMissing(p.startedAt()));
    }

    private View.NotFinishedRow notFinishedRow(Run r) {
        String epochs = (r.epochsDone() == null ? "0" : r.epochsDone().toString())
                + (r.epochsPlanned() == null ? "" : " of " + r.epochsPlanned());
        return new View.NotFinishedRow(href(r), r.relative(), r.status().label(), r.grid(), r.dataset(), r.method(),
                r.seed(), epochs, r.failure() == null ? "" : r.failure(), String.join("; ", r.notes()));
    }

    /** A link from report.html to the run folder, relative so the pair can be moved together. */
    private String href(Run r) {
        Path target = r.folder().toAbsolutePath().normalize();
        Path from = outDir.toAbsolutePath().normalize();
        String rel;
        try {
            rel = from.relativize(target).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            rel = target.toUri().toString();
            return rel;
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : rel.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.append('/').toString();
    }

    private List<View.PaperLine> paperLines() {
        Map<String, List<PaperRow>> grouped = new LinkedHashMap<>();
        paper.forEach(p -> grouped.computeIfAbsent(p.dataset() + "\u0000" + p.method(), k -> new ArrayList<>()).add(p));
        List<View.PaperLine> out = new ArrayList<>();
        grouped.forEach((k, ps) -> {
            String values = ps.stream().map(p -> Metrics.label(p.metric()).replace("seconds_fwd_bwd_100m_elements_v100", "s (fwd+bwd, 100M, V100)")
                    + " " + (p.dataset().equals("speed") ? p.value() : fmt1(p.value()))).collect(Collectors.joining(", "));
            Collection<String> sources = ps.stream().map(PaperRow::source).collect(Collectors.toCollection(LinkedHashSet::new));
            out.add(new View.PaperLine(ps.get(0).dataset(), ps.get(0).method(), values, String.join("; ", sources)));
        });
        return out;
    }

    // ---------------------------------------------------------------- formatting

    static String pct(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    static String fmt1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String seconds(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.3g s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        }
        if (s >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", s * 1e9);
    }

    private static String orMissing(String s) {
        return s == null ? "(missing)" : s;
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
