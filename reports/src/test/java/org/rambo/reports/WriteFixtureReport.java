package org.rambo.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the fixture runs (grid "fixture": the default grid's methods on fashion-mnist with 3 seeds, one failed and one
 * interrupted run, a small synthetic-voc detection grid) plus JMH results into DIR and builds
 * DIR/results/report.html: the input of docs/report-screenshot.png until real grid runs exist.
 * Usage: java -cp ... org.rambo.reports.WriteFixtureReport DIR
 */
public final class WriteFixtureReport {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path runs = dir.resolve("runs");
        writeAll(runs);
        Path bench = dir.resolve("bench");
        FixtureRuns.benchJson(
                bench.resolve("ranking.json"),
                Map.of("blackboxRankForwardBackward", 1.08, "smoothApForwardBackward", 2.0, "torchSort", 1.03),
                new long[] {1_000, 10_000, 100_000, 1_000_000});
        Files.writeString(
                bench.resolve("environment.json"),
                "{\"jvm\":\"OpenJDK 17.0.15\",\"threads\":2,\"machine\":\"fixture\"}");
        FixtureRuns.trainingShapes(bench.resolve("training-shapes.csv"));
        int code = new TestCli()
                .run(
                        "report",
                        runs.toString(),
                        "--out",
                        dir.resolve("results").toString(),
                        "--bench",
                        bench.toString(),
                        "--title",
                        "RaMBO reproducibility report: FIXTURE DATA (made-up numbers from the reports tests)");
        System.exit(code);
    }

    static void writeAll(Path runs) {
        FixtureRuns.grid(runs, "fixture", "fashion-mnist", FixtureRuns.DEFAULT_METHODS, 3);
        FixtureRuns.run(runs, "fixture", "fashion-mnist", "smooth-ap", 3)
                .failAt(2)
                .write();
        FixtureRuns.run(runs, "fixture", "fashion-mnist", "margin", 3)
                .stopAfter(2)
                .write();
        for (String m : new String[] {"faster-rcnn-ce", "faster-rcnn-rambo"}) {
            for (long s = 0; s < 2; s++) {
                FixtureRuns.run(runs, "detection-smoke", "synthetic-voc", m, s)
                        .epochs(3)
                        .write();
            }
        }
    }
}
