package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.html.TuningSection;
import org.rambo.runfolder.CanonicalJson;

/**
 * A grid tuned by rambo-bench tune: claims.csv marks its verdicts "tuned, budget N" (others
 * "untuned"), tuning trials validated on a fold make no claim, and report.html has the tuning
 * section: the curves, the chosen settings and the validation-to-test gap from the files.
 */
class TuningReportTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static final String TUNING = """
            {"grid": "ci", "budget": 3, "folds": 2, "initial_trials": 2, "seed": 0, "objective": "map_at_r",
             "train_seed": 0, "tune_runs": "ci-tune",
             "methods": [
              {"method": "rambo-ap", "space": {"lambda": "log-uniform [0.5, 16.0]"}, "chosen_trial": 2,
               "chosen": {"lambda": "3.5"}, "loss": "rambo-ap:lambda=3.5", "learning_rate": 0.002,
               "validation": 0.25,
               "trials": [{"trial": 0, "objective": 0.20}, {"trial": 1, "objective": null}, {"trial": 2, "objective": 0.25}]},
              {"method": "contrastive", "space": {"neg": "uniform [0.2, 1.0]"}, "chosen_trial": 0,
               "chosen": {"neg": "0.61"}, "loss": "contrastive:neg=0.61", "learning_rate": 0.001,
               "validation": 0.22,
               "trials": [{"trial": 0, "objective": 0.22}, {"trial": 1, "objective": 0.21}, {"trial": 2, "objective": 0.18}]}
             ]}
            """;

    private Path runs() {
        return tmp.resolve("runs");
    }

    /** The mean last-epoch map_at_r of a method's finished runs in a grid, read from final.json directly. */
    private double testMean(String grid, String method) throws IOException {
        try (Stream<Path> s = Files.list(runs().resolve(grid))) {
            return s.filter(p -> p.getFileName().toString().startsWith(method + "-s"))
                    .mapToDouble(p -> {
                        try {
                            return CanonicalJson.MAPPER
                                    .readTree(p.resolve("final.json").toFile())
                                    .at("/last/map_at_r")
                                    .asDouble();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .average()
                    .orElseThrow();
        }
    }

    private void writeFoldRun(String method) throws IOException {
        Path dir =
                FixtureRuns.run(runs(), "ci-tune", "fashion-mnist", method, 0).write();
        ObjectNode config = (ObjectNode)
                CanonicalJson.MAPPER.readTree(dir.resolve("config.json").toFile());
        ((ObjectNode) config.get("dataset")).putObject("fold").put("of", 2).put("index", 0);
        Files.writeString(dir.resolve("config.json"), CanonicalJson.of(config));
    }

    @Test
    void claimsSayTunedWithTheBudgetAndTheReportShowsTheSearch() throws IOException {
        FixtureRuns.grid(runs(), "ci-tuned", "fashion-mnist", List.of("rambo-ap", "contrastive"), 2);
        FixtureRuns.grid(runs(), "ci", "fashion-mnist", List.of("rambo-ap", "contrastive"), 2);
        writeFoldRun("rambo-ap");
        writeFoldRun("contrastive");
        Files.writeString(runs().resolve("ci-tuned").resolve("tuning.json"), TUNING);

        ReportBuilder.Outcome o = ReportBuilder.build(runs(), tmp.resolve("out"), tmp.resolve("bench"), null, CLOCK);

        List<String> claims = Files.readAllLines(o.claimsCsv());
        assertTrue(claims.get(0).endsWith(",paper_verdict,tuning"), claims.get(0));
        List<String> tuned =
                claims.stream().filter(l -> l.startsWith("ci-tuned,")).toList();
        List<String> untuned = claims.stream().filter(l -> l.startsWith("ci,")).toList();
        assertFalse(tuned.isEmpty());
        assertEquals(tuned.size(), untuned.size());
        tuned.forEach(l -> assertTrue(l.endsWith(",\"tuned, budget 3\""), l));
        untuned.forEach(l -> assertTrue(l.endsWith(",untuned"), l));
        assertTrue(claims.stream().noneMatch(l -> l.startsWith("ci-tune,")), "fold runs are validation, not claims");

        String html = Files.readString(o.reportHtml());
        assertTrue(html.contains("<section id=\"tuning\">"), "tuning section");
        assertTrue(
                html.contains("<figure class=\"plot\" id=\"plot-tuning-ci-tuned\"><svg"),
                "one plot of every method's curve");
        assertTrue(html.contains("<table id=\"table-tuning-ci-tuned\""));
        double test = testMean("ci-tuned", "rambo-ap");
        // the template escapes '=' as &#61;
        String row =
                "<tr><td class=\"method\">rambo-ap</td><td>3</td><td><code>lambda&#61;3.5 (rambo-ap:lambda&#61;3.5, "
                        + "learning rate 0.002)</code></td><td>25.0</td><td>"
                        + String.format(Locale.ROOT, "%.1f", 100 * test) + "</td><td>2</td><td>"
                        + String.format(Locale.ROOT, "%+.1f", 100 * (test - 0.25)) + "</td></tr>";
        assertTrue(html.contains(row), row + "\n" + html.substring(html.indexOf("table-tuning")));
        assertTrue(html.contains("tuned, budget 3, 2 folds"));
    }

    @Test
    void reportWithoutTuningHasNoTuningSection() throws IOException {
        FixtureRuns.grid(runs(), "ci", "fashion-mnist", List.of("rambo-ap", "contrastive"), 2);
        ReportBuilder.Outcome o = ReportBuilder.build(runs(), tmp.resolve("out"), tmp.resolve("bench"), null, CLOCK);
        assertFalse(Files.readString(o.reportHtml()).contains("id=\"tuning\""));
    }

    @Test
    void bestSoFarKeepsTheBestValueAndSkipsFailedTrials() {
        assertArrayEquals(
                new double[] {20, 20, 25, 25},
                TuningSection.percentBestSoFar(java.util.Arrays.asList(0.20, null, 0.25, 0.21)),
                1e-12);
        double[] late = TuningSection.percentBestSoFar(java.util.Arrays.asList(null, 0.3));
        assertTrue(Double.isNaN(late[0]));
        assertEquals(30, late[1], 1e-12);
    }

    @Test
    void aDamagedTuningFileIsOneLineNamingIt() throws IOException {
        FixtureRuns.grid(runs(), "ci-tuned", "fashion-mnist", List.of("rambo-ap", "contrastive"), 2);
        Path file = runs().resolve("ci-tuned").resolve("tuning.json");
        Files.writeString(file, "{\"budget\": 3}");
        ReportInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                ReportInputException.class,
                () -> ReportBuilder.build(runs(), tmp.resolve("out"), tmp.resolve("bench"), null, CLOCK));
        assertEquals(file + ": not a tuning record: no 'methods'", e.getMessage());
    }
}
