package org.rambo.reports.html;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.reports.io.TrainingShapesCsv.ShapeTime;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.PaperRow;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunState;
import org.rambo.reports.model.Tuning;
import org.rambo.reports.stats.SummaryIndex;

/**
 * The report's view model from its inputs. Every section is a pure function of them (claims,
 * comparison tables, plots, time per step, detection, ranking cost, protocol, provenance), so
 * building twice gives the same report.
 *
 * @param benchDir where the benchmark results were looked for (named in the report)
 * @param outDir   where report.html goes (run folder links are relative to it)
 */
public record ReportModel(
        List<Run> runs,
        SummaryIndex summaries,
        List<ClaimRow> claims,
        List<PaperRow> paper,
        BenchResults.Bench bench,
        List<ShapeTime> shapes,
        Path benchDir,
        Path runsDir,
        Path outDir,
        List<Tuning> tunings) {

    /** A model without tuned grids. */
    public ReportModel(
            List<Run> runs,
            SummaryIndex summaries,
            List<ClaimRow> claims,
            List<PaperRow> paper,
            BenchResults.Bench bench,
            List<ShapeTime> shapes,
            Path benchDir,
            Path runsDir,
            Path outDir) {
        this(runs, summaries, claims, paper, bench, shapes, benchDir, runsDir, outDir, List.of());
    }

    /** Paper datasets by the names training writes; the label is what the table heading shows. */
    private static final Map<String, String> DATASET_LABELS = Map.of(
            "fashion-mnist",
            "Fashion-MNIST (held-out classes 5-9)",
            "cub",
            "CUB-200-2011",
            "sop",
            "Stanford Online Products",
            "inshop",
            "In-shop Clothes",
            "voc",
            "Pascal VOC07 test",
            "synthetic-voc",
            "Synthetic VOC (synthetic layout, real objects)");

    /** Sections every report has, whatever the runs: the browser check looks for each. */
    static final List<String> SECTIONS = List.of(
            "overview", "claims", "comparison", "ranking-cost", "paper", "protocol", "provenance", "not-finished");

    public ReportModel {
        runs = List.copyOf(runs);
        claims = List.copyOf(claims);
        paper = List.copyOf(paper);
        shapes = List.copyOf(shapes);
        tunings = List.copyOf(tunings);
    }

    public View.Report build(String title, String generatedAt) {
        View.Counts counts = new View.Counts(
                runs.size(),
                count(RunState.FINISHED),
                count(RunState.FAILED),
                count(RunState.UNFINISHED),
                count(RunState.DAMAGED));
        List<String> warnings = new ArrayList<>(duplicates());
        List<View.Group> groups = new ArrayList<>();
        Map<String, Map<String, List<Run>>> byGridDataset = new TreeMap<>();
        for (Run r : runs) {
            byGridDataset
                    .computeIfAbsent(r.grid(), g -> new TreeMap<>())
                    .computeIfAbsent(r.dataset(), d -> new ArrayList<>())
                    .add(r);
        }
        List<String> allMethods = runs.stream()
                .map(Run::method)
                .collect(Collectors.toCollection(() -> new TreeSet<>(Metrics.METHOD_COMPARATOR)))
                .stream()
                .toList();
        byGridDataset.forEach((grid, byDataset) -> byDataset.forEach((dataset, rs) -> {
            if (rs.stream().anyMatch(Run::finished)) {
                groups.add(group(grid, dataset, rs, allMethods));
            } else {
                warnings.add("grid " + grid + ", dataset " + dataset + ": no finished run yet, so no comparison table"
                        + " (the runs are listed under 'Failed or unfinished runs')");
            }
        }));
        // Retrieval (the paper's main result) first, the small detection part after it.
        groups.sort(Comparator.comparing(View.Group::detection));
        runs.forEach(r -> r.notes().forEach(n -> warnings.add(r.relative() + ": " + n)));
        List<View.Protocol> protocols = ProtocolSection.of(runs);
        warnings.addAll(ProtocolSection.warnings(protocols));
        View.Bench bench = BenchSection.of(this.bench, shapes, benchDir, paper);
        View.ClaimsView claimsView = ClaimsSection.of(claims);
        List<View.NotFinishedRow> notFinished = ProvenanceSection.notFinished(runs, outDir);
        List<String> tables = new ArrayList<>(expectedTables(claimsView, groups, bench, !notFinished.isEmpty()));
        List<String> plots = new ArrayList<>(expectedPlots(groups, bench));
        List<String> sections = new ArrayList<>(SECTIONS);
        List<View.TuningView> tuning = TuningSection.of(tunings, runs, allMethods);
        if (!tuning.isEmpty()) {
            sections.add("tuning");
            tuning.forEach(t -> {
                plots.add(t.plotId());
                tables.add(t.tableId());
            });
        }
        if (!bench.present()) {
            sections.add("bench-absent");
        }
        return new View.Report(
                title,
                generatedAt,
                runsDir.toString(),
                counts,
                List.copyOf(byGridDataset.keySet()),
                claimsView,
                groups,
                paperLines(),
                bench,
                protocols,
                ProvenanceSection.summary(runs),
                ProvenanceSection.rows(runs, outDir),
                notFinished,
                List.copyOf(warnings),
                String.join(" ", tables),
                String.join(" ", plots),
                String.join(" ", sections),
                tuning);
    }

    private int count(RunState s) {
        return (int) runs.stream().filter(r -> r.status() == s).count();
    }

    /** Two folders for one (grid, method, seed) mean the config changed between runs: both are averaged, so say so. */
    private List<String> duplicates() {
        Map<String, List<Run>> seen = new TreeMap<>();
        runs.forEach(r -> seen.computeIfAbsent(
                        String.join("/", r.grid(), r.dataset(), r.method(), "s" + r.seed()), k -> new ArrayList<>())
                .add(r));
        List<String> out = new ArrayList<>();
        seen.forEach((k, rs) -> {
            if (rs.size() > 1) {
                out.add(k + " has " + rs.size() + " run folders ("
                        + rs.stream().map(Run::relative).collect(Collectors.joining(", "))
                        + "): the config changed between runs; finished ones"
                        + " all count as seeds in the summaries. Remove the stale folders.");
            }
        });
        return out;
    }

    private View.Group group(String grid, String dataset, List<Run> rs, List<String> allMethods) {
        String anchor = Format.slug(grid + "-" + dataset);
        boolean detection = Metrics.isDetection(dataset);
        List<Run> finished = rs.stream().filter(Run::finished).toList();
        List<String> methods = finished.stream()
                .map(Run::method)
                .distinct()
                .sorted(Metrics.METHOD_COMPARATOR)
                .toList();
        List<View.Table> tables = ComparisonTables.of(grid, dataset, methods, summaries, paper, anchor);
        List<View.Table> extra = new ArrayList<>();
        List<View.DetectionPaper> detectionPaper = List.of();
        List<View.KeyValue> details = List.of();
        String comparability = null;
        if (detection) {
            View.Table perClass = DetectionSection.perClass(grid, dataset, methods, summaries, anchor);
            if (perClass != null) {
                extra.add(perClass);
            }
            detectionPaper = DetectionSection.paper(paper);
            details = DetectionSection.details(methods, finished);
            comparability = DetectionSection.comparability(dataset);
        }
        List<View.Plot> plots = Plots.of(grid, dataset, methods, finished, summaries, allMethods, anchor);
        String paperNote = detection || paper.stream().anyMatch(p -> p.dataset().equals(dataset))
                ? null
                : "The paper has no numbers for " + dataset + "; its published rows for the paper datasets are listed"
                        + " under 'Published numbers'.";
        return new View.Group(
                anchor,
                grid,
                dataset,
                DATASET_LABELS.getOrDefault(dataset, dataset),
                detection,
                comparability,
                tables,
                extra,
                detectionPaper,
                details,
                plots,
                TimingSection.of(methods, finished, anchor),
                paperNote);
    }

    /** Every table the page must show with rows: the browser check looks for each. */
    private static List<String> expectedTables(
            View.ClaimsView claims, List<View.Group> groups, View.Bench bench, boolean notFinished) {
        List<String> ids = new ArrayList<>();
        claims.groups().forEach(g -> ids.add(g.tableId()));
        if (claims.hasPaperClaims()) {
            ids.add("table-paper-claims");
        }
        for (View.Group g : groups) {
            g.tables().forEach(t -> ids.add(t.id()));
            g.extraTables().forEach(t -> ids.add(t.id()));
            ids.add(g.timing().tableId());
        }
        if (bench.present()) {
            ids.add(bench.tableId());
        }
        if (bench.shapes().present()) {
            ids.add(bench.shapes().tableId());
        }
        ids.add("table-provenance");
        if (notFinished) {
            ids.add("table-not-finished");
        }
        ids.add("table-paper");
        return ids;
    }

    private static List<String> expectedPlots(List<View.Group> groups, View.Bench bench) {
        List<String> ids = new ArrayList<>();
        groups.forEach(g -> g.plots().forEach(p -> ids.add(p.id())));
        if (bench.present()) {
            ids.add(bench.plotId());
        }
        return ids;
    }

    /** The whole published table, one line per (dataset, method). */
    private List<View.PaperLine> paperLines() {
        Map<String, List<PaperRow>> grouped = new LinkedHashMap<>();
        paper.forEach(p -> grouped.computeIfAbsent(p.dataset() + "\u0000" + p.method(), k -> new ArrayList<>())
                .add(p));
        List<View.PaperLine> out = new ArrayList<>();
        grouped.forEach((k, ps) -> {
            String values = ps.stream()
                    .map(p -> Metrics.label(p.metric())
                                    .replace("seconds_fwd_bwd_100m_elements_v100", "s (fwd+bwd, 100M, V100)")
                            + " " + (p.dataset().equals("speed") ? p.value() : Format.fmt1(p.value())))
                    .collect(Collectors.joining(", "));
            Collection<String> sources =
                    ps.stream().map(PaperRow::source).collect(Collectors.toCollection(LinkedHashSet::new));
            out.add(new View.PaperLine(ps.get(0).dataset(), ps.get(0).method(), values, String.join("; ", sources)));
        });
        return out;
    }
}
