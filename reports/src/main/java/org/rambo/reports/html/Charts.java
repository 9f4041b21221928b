package org.rambo.reports.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.rambo.reports.model.Metrics;

/**
 * The report's plots: JFreeChart charts drawn through JFreeSVG's SVGGraphics2D into SVG
 * elements that are inlined in report.html (vector, no images, no scripts, opens offline).
 */
public final class Charts {

    static {
        // Charts are drawn on servers and in CI without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Okabe-Ito colours (readable with colour-vision deficiency); RaMBO variants in blues/green. */
    private static final Color[] METHOD_COLORS = {
        new Color(0x0072B2), new Color(0x56B4E9), new Color(0x009E73), new Color(0xE69F00),
        new Color(0xD55E00), new Color(0xCC79A7), new Color(0x666666), new Color(0x000000),
        new Color(0x8C564B), new Color(0xBCBD22), new Color(0x17BECF), new Color(0x9467BD)
    };

    private static final Map<String, Color> PHASE_COLORS = Map.of(
            "data",
            new Color(0x999999),
            "forward",
            new Color(0x0072B2),
            "loss",
            new Color(0x009E73),
            "sort",
            new Color(0xD55E00),
            "backward",
            new Color(0xE69F00),
            "optimizer",
            new Color(0xCC79A7));

    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 15);
    private static final Font REGULAR = new Font("SansSerif", Font.PLAIN, 12);
    private static final Font SMALL = new Font("SansSerif", Font.PLAIN, 11);

    /** Native width of every chart (px); two fit side by side in the report's 1180px column. */
    static final int WIDTH = 620;

    private Charts() {}

    /** The colour of a method, stable across all plots of one report. */
    public static Color methodColor(String method, List<String> allMethods) {
        int i = allMethods.indexOf(method);
        return METHOD_COLORS[Math.floorMod(i < 0 ? method.hashCode() : i, METHOD_COLORS.length)];
    }

    /** A per-method series of (x, mean, low, high). */
    public record Band(String method, double[] x, double[] mean, double[] low, double[] high) {}

    /** Held-out metric per epoch: mean over seeds as a line, min-max over seeds as a shaded band. */
    public static String epochCurve(String id, String title, String yLabel, List<Band> bands, List<String> allMethods) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Band b : bands) {
            YIntervalSeries s = new YIntervalSeries(b.method());
            for (int i = 0; i < b.x().length; i++) {
                s.add(b.x()[i], b.mean()[i], b.low()[i], b.high()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, "epoch", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        DeviationRenderer r = new DeviationRenderer(true, true);
        r.setAlpha(0.15f);
        for (int i = 0; i < bands.size(); i++) {
            Color c = methodColor(bands.get(i).method(), allMethods);
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setRenderer(r);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return svg(chart, id, WIDTH, 400);
    }

    /** R@K at the chosen checkpoint against K, one line per method (K spaced evenly, as in papers). */
    public static String recallAtK(
            String id,
            String title,
            Map<String, Map<String, Double>> byMethod,
            List<String> ks,
            List<String> allMethods) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Double>> e : byMethod.entrySet()) {
            for (String k : ks) {
                Double v = e.getValue().get(k);
                data.addValue(v, e.getKey(), Metrics.label(k));
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(
                title, "K", "recall@K (%)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        LineAndShapeRenderer r = new LineAndShapeRenderer(true, true);
        int i = 0;
        for (String m : byMethod.keySet()) {
            r.setSeriesPaint(i, methodColor(m, allMethods));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            i++;
        }
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return svg(chart, id, WIDTH, 400);
    }

    /**
     * Mean milliseconds per step in each phase, one group of bars per method. Bars are side by
     * side, not stacked, because the sort time lies inside the loss and backward phases.
     */
    public static String timing(
            String id, String title, Map<String, Map<String, Double>> phaseMsByMethod, List<String> phases) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Double>> e : phaseMsByMethod.entrySet()) {
            for (String p : phases) {
                data.addValue(e.getValue().get(p), p, e.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                title,
                null,
                "ms per step (mean over steps and seeds)",
                data,
                PlotOrientation.HORIZONTAL,
                true,
                false,
                false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.02);
        for (int i = 0; i < phases.size(); i++) {
            r.setSeriesPaint(i, PHASE_COLORS.getOrDefault(phases.get(i), Color.GRAY));
        }
        CategoryAxis cat = plot.getDomainAxis();
        cat.setCategoryMargin(0.25);
        int height = Math.max(300, 90 + 70 * phaseMsByMethod.size());
        return svg(chart, id, WIDTH, height);
    }

    /**
     * Tuning curves: for each method the best validation value among its first t trials against
     * t, one step line per method, so equal budgets sit side by side.
     */
    public static String tuningCurves(
            String id, String title, String yLabel, Map<String, double[]> bestSoFar, List<String> allMethods) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : bestSoFar.entrySet()) {
            XYSeries xy = new XYSeries(e.getKey(), true, true);
            for (int t = 0; t < e.getValue().length; t++) {
                if (!Double.isNaN(e.getValue()[t])) {
                    xy.add(t + 1, e.getValue()[t]);
                }
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, "trials", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (String m : bestSoFar.keySet()) {
            r.setSeriesPaint(i, methodColor(m, allMethods));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            i++;
        }
        plot.setRenderer(r);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return svg(chart, id, WIDTH, 400);
    }

    /** One benchmark series for the log-log plot. */
    public record CostSeries(String label, double[] n, double[] seconds) {}

    /** Time per operation against n on log-log axes; the legend carries the fitted exponent. */
    public static String rankingCost(String id, String title, List<CostSeries> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (CostSeries s : series) {
            XYSeries xy = new XYSeries(s.label(), true, true);
            for (int i = 0; i < s.n().length; i++) {
                xy.add(s.n()[i], s.seconds()[i]);
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title,
                "n (elements ranked)",
                "seconds per operation",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("n (elements ranked)");
        LogAxis y = new LogAxis("seconds per operation");
        DecimalFormat plain = new DecimalFormat("0.######E0");
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        y.setNumberFormatOverride(plain);
        x.setSmallestValue(1e-12);
        y.setSmallestValue(1e-15);
        for (LogAxis a : List.of(x, y)) {
            a.setLabelFont(REGULAR);
            a.setTickLabelFont(SMALL);
        }
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, METHOD_COLORS[i % METHOD_COLORS.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        plot.setRenderer(r);
        return svg(chart, id, WIDTH, 420);
    }

    private static void style(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(TITLE);
        theme.setLargeFont(REGULAR);
        theme.setRegularFont(REGULAR);
        theme.setSmallFont(SMALL);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setShadowVisible(false);
        theme.setBarPainter(new StandardBarPainter());
        theme.apply(chart);
        if (chart.getPlot() instanceof CategoryPlot cp && cp.getOrientation() == PlotOrientation.VERTICAL) {
            cp.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        }
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setFont(TITLE);
        }
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
    }

    /** Draws the chart into an SVG element; ids inside it are prefixed so several SVGs can share a page. */
    static String svg(JFreeChart chart, String id, int w, int h) {
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(0, 0, w, h));
        return g.getSVGElement(id + "-svg", true, new ViewBox(0, 0, w, h), null, null);
    }
}
