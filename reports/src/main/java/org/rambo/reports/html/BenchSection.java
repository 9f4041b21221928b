package org.rambo.reports.html;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.rambo.reports.bench.BenchResults;
import org.rambo.reports.io.TrainingShapesCsv;
import org.rambo.reports.io.TrainingShapesCsv.ShapeTime;
import org.rambo.reports.model.PaperRow;

/**
 * The ranking-cost section: JMH time against n (log-log, fitted exponent), the benchmark
 * environment, and RaMBO's ranking against its peers at the shapes training uses.
 */
final class BenchSection {

    static final String PLOT_ID = "plot-ranking-cost";
    static final String TABLE_ID = "table-bench";
    static final String SHAPES_TABLE_ID = "table-training-shapes";

    private BenchSection() {}

    static View.Bench of(BenchResults.Bench bench, List<ShapeTime> shapes, Path benchDir, List<PaperRow> paper) {
        String paperSpeed = paper.stream()
                .filter(p -> p.dataset().equals("speed"))
                .findFirst()
                .map(p -> "For scale, the paper reports " + p.value() + " s for the AP loss forward and backward"
                        + " on 100M elements on an NVIDIA V100 (" + p.source() + ").")
                .orElse(null);
        String dir = benchDir == null ? "(none)" : benchDir.toString();
        View.TrainingShapes shapesView = shapes(shapes, benchDir);
        if (bench == null || bench.series().isEmpty()) {
            List<String> skipped = bench == null ? List.of() : bench.skipped();
            List<String> files = bench == null ? List.of() : bench.files();
            return new View.Bench(
                    false, dir, null, null, null, List.of(), files, List.of(), skipped, paperSpeed, shapesView);
        }
        List<Charts.CostSeries> cs = new ArrayList<>();
        List<View.BenchRow> rows = new ArrayList<>();
        for (BenchResults.Series s : bench.series()) {
            double[] n = s.points().stream().mapToDouble(BenchResults.Point::n).toArray();
            double[] t =
                    s.points().stream().mapToDouble(BenchResults.Point::seconds).toArray();
            String exp = Double.isFinite(s.exponent()) ? String.format(Locale.ROOT, "%.2f", s.exponent()) : "–";
            cs.add(new Charts.CostSeries(s.name() + " (slope " + exp + ")", n, t));
            rows.add(new View.BenchRow(
                    s.name(),
                    s.mode() == null ? "" : s.mode(),
                    s.points().stream()
                            .map(p -> String.format(Locale.ROOT, "%,d", (long) p.n()))
                            .collect(Collectors.joining(", ")),
                    Format.seconds(s.points().get(0).seconds()),
                    Format.seconds(s.points().get(s.points().size() - 1).seconds()),
                    exp));
        }
        String svg = Charts.rankingCost(PLOT_ID, "Ranking cost: time per operation against n (log-log)", cs);
        List<View.KeyValue> env = bench.environment().entrySet().stream()
                .map(e -> new View.KeyValue(e.getKey(), e.getValue()))
                .toList();
        return new View.Bench(
                true, dir, PLOT_ID, svg, TABLE_ID, rows, bench.files(), env, bench.skipped(), paperSpeed, shapesView);
    }

    /**
     * Per shape, each of our measurements against each peer's: both medians, both thread counts
     * and peer / ours (above 1: ours is faster). A shape with no RaMBO row says "not measured".
     */
    static View.TrainingShapes shapes(List<ShapeTime> shapes, Path benchDir) {
        String file = benchDir == null
                ? TrainingShapesCsv.FILE
                : benchDir.resolve(TrainingShapesCsv.FILE).toString();
        if (shapes.isEmpty()) {
            return new View.TrainingShapes(false, file, null, List.of());
        }
        List<View.ShapeRow> rows = new ArrayList<>();
        List<String> order = shapes.stream().map(ShapeTime::shape).distinct().toList();
        for (String shape : order) {
            List<ShapeTime> ours = shapes.stream()
                    .filter(s -> s.shape().equals(shape) && s.implementation().equals("rambo"))
                    .toList();
            List<ShapeTime> peers = shapes.stream()
                    .filter(s -> s.shape().equals(shape) && !s.implementation().equals("rambo"))
                    .toList();
            if (ours.isEmpty()) {
                peers.forEach(p -> rows.add(new View.ShapeRow(
                        shape,
                        "not measured",
                        "–",
                        p.implementation(),
                        ms(p.medianMs()),
                        Integer.toString(p.threads()),
                        "–")));
                continue;
            }
            for (ShapeTime o : ours) {
                if (peers.isEmpty()) {
                    rows.add(new View.ShapeRow(
                            shape, ms(o.medianMs()), Integer.toString(o.threads()), "–", "not measured", "–", "–"));
                }
                for (ShapeTime p : peers) {
                    String ratio =
                            o.medianMs() > 0 ? String.format(Locale.ROOT, "%.2f×", p.medianMs() / o.medianMs()) : "–";
                    rows.add(new View.ShapeRow(
                            shape,
                            ms(o.medianMs()),
                            Integer.toString(o.threads()),
                            p.implementation(),
                            ms(p.medianMs()),
                            Integer.toString(p.threads()),
                            ratio));
                }
            }
        }
        return new View.TrainingShapes(true, file, SHAPES_TABLE_ID, rows);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3g ms", v);
    }
}
