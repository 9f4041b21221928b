package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium through reports/scripts/report-check.sh, as CI's
 * `make report-check` does. Skipped (with the reason) where no Chromium is installed; .ci/run
 * installs Debian's chromium so CI always runs it.
 */
class BrowserCheckTest {

    static final Path SCRIPT = Path.of("scripts/report-check.sh").toAbsolutePath();

    @TempDir
    static Path tmp;

    static Path report;

    record Result(int code, String out, String err) {}

    static boolean chromiumInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String b : List.of("chromium", "chromium-browser", "google-chrome")) {
                if (Files.isExecutable(Path.of(dir, b))) {
                    return true;
                }
            }
        }
        return false;
    }

    @BeforeAll
    static void buildReport() throws IOException {
        assumeTrue(chromiumInstalled(), "no chromium on PATH (apt-get install -y chromium)");
        Path runs = tmp.resolve("runs");
        WriteFixtureReport.writeAll(runs);
        FixtureRuns.benchJson(tmp.resolve("bench/ranking.json"), Map.of("sortRank", 1.05, "smoothAp", 2.0), new long[] {
            1000, 10000, 100000
        });
        FixtureRuns.trainingShapes(tmp.resolve("bench/training-shapes.csv"));
        ReportBuilder.Outcome o =
                ReportBuilder.build(runs, tmp.resolve("results"), tmp.resolve("bench"), null, ReportBuilderTest.CLOCK);
        report = o.reportHtml();
    }

    static Result check(Path html, Path png) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), html.toString(), png.toString())
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile())
                .start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "report-check.sh timed out");
        return new Result(
                p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    static Path variant(String name, String from, String to) throws IOException {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        String changed = html.replaceFirst(from, to);
        assertTrue(!changed.equals(html), "edit did not apply: " + from);
        Path f = report.resolveSibling(name + ".html");
        Files.writeString(f, changed, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void theReportRendersWithEveryTableAndPlotAndAFullPageScreenshot() throws Exception {
        Path png = tmp.resolve("shot.png");
        Result r = check(report, png);
        assertEquals(0, r.code(), r.out() + r.err());
        // Fixture: 12 tables (the verdicts; last, best, timing of the retrieval group; last, timing of
        // the detection group, which keeps no best checkpoint; per-class AP; bench; training shapes;
        // provenance; not-finished; paper), 6 plots (3 retrieval, 2 detection, ranking cost).
        assertTrue(r.out().contains("12 tables, 6 plots, 8 sections, no console messages"), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(img.getHeight() > 5000, "full page, not the first screen: " + img.getHeight());
    }

    @Test
    void aPlotThatDidNotRenderFailsTheCheck() throws Exception {
        Path broken = variant(
                "no-rk-svg", "(<figure class=\"plot\" id=\"plot-rk-fixture-fashion-mnist\">\\s*)<svg", "$1<div");
        Result r = check(broken, tmp.resolve("broken.png"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("missing plot #plot-rk-fixture-fashion-mnist"), r.err());
    }

    @Test
    void anUncaughtScriptErrorFailsTheCheck() throws Exception {
        Path broken = variant("js-error", "</main>", "</main><script>notDefinedAnywhere();</script>");
        Result r = check(broken, tmp.resolve("js.png"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("Uncaught ReferenceError: notDefinedAnywhere is not defined"), r.err());
    }

    @Test
    void anExternalResourceFailsTheCheck() throws Exception {
        Path broken = variant("cdn", "</head>", "<script src=\"https://cdn.example.com/lib.js\"></script></head>");
        Result r = check(broken, tmp.resolve("cdn.png"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("refers to external resources; it must open offline"), r.err());
    }

    @Test
    void aMissingTableFailsTheCheck() throws Exception {
        Path broken = variant("no-provenance", "<table id=\"table-provenance\"", "<table id=\"table-gone\"");
        Result r = check(broken, tmp.resolve("t.png"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("missing table #table-provenance"), r.err());
    }
}
