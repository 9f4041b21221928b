package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunConfig;
import org.rambo.harness.train.RunObserver;
import org.rambo.harness.train.RunOptions;
import org.rambo.harness.train.RunOutcome;
import org.rambo.harness.tune.FinalStage;
import org.rambo.harness.tune.TuneStage;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.training.Preemption;

/**
 * `rambo-bench tune` end to end on a tiny grid (2 methods, a budget of 3 trials, 2 folds):
 * every trial x fold is a run folder on the fold's classes, the objective is the mean of the
 * folds' final.json values, each method's best trial is trained with the grid's seeds into the
 * final grid, and a second run trains nothing.
 */
@Tag("integration")
class TuneCommandTest {

    @TempDir
    static Path dir;

    static Path grid;

    static String yaml(Path data) {
        return """
                name: tiny
                dataset: {name: fashion-mnist, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 28, crop: 28, flip: true, channels: 1}
                  sampler: {classes_per_batch: 4, samples_per_class: 4}
                  optimizer: {name: adam, learning_rate: 0.003, embedding_lr_multiplier: 5}
                  epochs: 1
                  steps_per_epoch: 3
                  eval: {ks: [1, 2]}
                  threads: 1
                seeds: [5, 6]
                methods:
                  - {id: rambo-ap, loss: "rambo-ap:lambda=4,margin=0.02,memory=0"}
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                tune:
                  budget: 3
                  folds: 2
                  initial_trials: 2
                  seed: 11
                  sampler: {classes_per_batch: 2, samples_per_class: 6}
                  shared:
                    learning_rate: {dist: log-uniform, low: 0.0003, high: 0.01}
                  methods:
                    rambo-ap:
                      lambda: {dist: log-uniform, low: 0.5, high: 16}
                    contrastive:
                      neg: {dist: uniform, low: 0.2, high: 0.9}
                """.formatted(data.toString().replace("\\", "/"));
    }

    @BeforeAll
    static void tuneOnce() throws IOException {
        Path data = CliFixtures.fashion(dir.resolve("data"), 24, 8, 0.2, 3);
        grid = dir.resolve("tiny.yaml");
        Files.writeString(grid, yaml(data));
        CliRun r = CliRun.of(
                "tune", grid.toString(), "--runs-dir", dir.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private static JsonNode json(Path file) throws IOException {
        return CanonicalJson.MAPPER.readTree(file.toFile());
    }

    private static List<Path> folders(Path gridDir) throws IOException {
        try (Stream<Path> s = Files.list(gridDir)) {
            return s.filter(p -> Files.exists(p.resolve("config.json")))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyTrialTrainsOnEveryFoldAndTheObjectiveIsTheFoldMean() throws IOException {
        List<Path> tune = folders(dir.resolve("runs/tiny-tune"));
        assertEquals(2 * 3 * 2, tune.size(), "methods x budget x folds run folders");
        // (method, loss, learning rate) -> fold index -> map_at_r, read from the run folders themselves
        Map<String, Map<Integer, Double>> byTrial = new TreeMap<>();
        for (Path f : tune) {
            JsonNode c = json(f.resolve("config.json"));
            JsonNode fin = json(f.resolve("final.json"));
            assertEquals("finished", fin.get("status").asText());
            assertEquals(2, c.at("/dataset/fold/of").asInt());
            assertEquals(5, c.get("seed").asLong(), "tuning trains with the grid's first seed");
            assertEquals(2, c.at("/protocol/sampler/classes_per_batch").asInt(), "the tune section's sampler");
            String key = c.get("method").asText() + " " + c.get("loss").asText() + " "
                    + c.at("/protocol/optimizer/learning_rate").asDouble();
            byTrial.computeIfAbsent(key, k -> new TreeMap<>())
                    .put(
                            c.at("/dataset/fold/index").asInt(),
                            fin.at("/last/map_at_r").asDouble());
        }
        assertEquals(6, byTrial.size(), "six distinct trials");
        byTrial.values().forEach(folds -> assertEquals(2, folds.size(), "both folds of each trial"));

        JsonNode record = json(dir.resolve("runs/tiny-tuned/tuning.json"));
        assertEquals(3, record.get("budget").asInt());
        assertEquals(2, record.get("folds").asInt());
        assertEquals(11, record.get("seed").asLong());
        assertEquals("map_at_r", record.get("objective").asText());
        for (JsonNode m : record.get("methods")) {
            double best = Double.NEGATIVE_INFINITY;
            int bestTrial = -1;
            List<String> phases = new ArrayList<>();
            for (JsonNode t : m.get("trials")) {
                Map<Integer, Double> folds = byTrial.get(m.get("method").asText() + " "
                        + t.get("loss").asText() + " " + t.get("learning_rate").asDouble());
                double mean = (folds.get(0) + folds.get(1)) / 2;
                assertEquals(mean, t.get("objective").asDouble(), 1e-12);
                assertEquals(folds.get(0), t.get("folds").get(0).asDouble(), 0.0);
                phases.add(t.get("phase").asText());
                if (mean > best) {
                    best = mean;
                    bestTrial = t.get("trial").asInt();
                }
            }
            assertEquals(List.of("initial", "initial", "tpe"), phases);
            assertEquals(bestTrial, m.get("chosen_trial").asInt());
            assertEquals(best, m.get("validation").asDouble(), 0.0);
        }
    }

    @Test
    void theFinalStageTrainsEachMethodsBestSettingWithEveryGridSeed() throws IOException {
        JsonNode record = json(dir.resolve("runs/tiny-tuned/tuning.json"));
        List<Path> fin = folders(dir.resolve("runs/tiny-tuned"));
        assertEquals(2 * 2, fin.size(), "methods x seeds");
        for (Path f : fin) {
            JsonNode c = json(f.resolve("config.json"));
            assertTrue(c.get("dataset").get("fold") == null, "final runs use all training classes");
            assertEquals(4, c.at("/protocol/sampler/classes_per_batch").asInt(), "the grid's own sampler");
            JsonNode chosen = null;
            for (JsonNode m : record.get("methods")) {
                if (m.get("method").asText().equals(c.get("method").asText())) {
                    chosen = m;
                }
            }
            assertEquals(chosen.get("loss").asText(), c.get("loss").asText());
            assertEquals(
                    chosen.get("learning_rate").asDouble(),
                    c.at("/protocol/optimizer/learning_rate").asDouble(),
                    0.0);
            assertEquals("finished", json(f.resolve("final.json")).get("status").asText());
        }
        assertEquals(
                List.of(5L, 5L, 6L, 6L),
                fin.stream()
                        .map(f -> {
                            try {
                                return json(f.resolve("config.json"))
                                        .get("seed")
                                        .asLong();
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .sorted()
                        .toList());
    }

    @Test
    void runningAgainTrainsNothing() throws IOException {
        Path runs = dir.resolve("runs");
        Map<Path, FileTime> before = new TreeMap<>();
        for (String g : List.of("tiny-tune", "tiny-tuned")) {
            for (Path f : folders(runs.resolve(g))) {
                before.put(f, Files.getLastModifiedTime(f.resolve("final.json")));
            }
        }
        String record = Files.readString(runs.resolve("tiny-tuned/tuning.json"));
        CliRun again = CliRun.of("tune", grid.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(0, again.code(), again.err());
        Map<Path, FileTime> after = new TreeMap<>();
        for (String g : List.of("tiny-tune", "tiny-tuned")) {
            for (Path f : folders(runs.resolve(g))) {
                after.put(f, Files.getLastModifiedTime(f.resolve("final.json")));
            }
        }
        assertEquals(before, after, "no run folder added or retrained");
        assertEquals(record, Files.readString(runs.resolve("tiny-tuned/tuning.json")));
        assertTrue(again.out().contains("SKIPPED"), again.out());
        assertTrue(!again.out().contains("FINISHED"), again.out());
    }

    @Test
    void tasksRunInAnyOrderInOtherProcessesChooseTheSameSettings() throws IOException {
        // as a Slurm array would: every task on its own, the wave the optimiser can propose in reverse order
        Path other = dir.resolve("runs-by-task");
        List<List<Integer>> waves = List.of(List.of(9, 8, 7, 6, 3, 2, 1, 0), List.of(11, 10, 5, 4));
        for (List<Integer> wave : waves) {
            for (int task : wave) {
                CliRun r = CliRun.of(
                        "tune",
                        grid.toString(),
                        "--runs-dir",
                        other.toString(),
                        "--stage",
                        "tune",
                        "--task",
                        String.valueOf(task),
                        "--no-progress");
                assertEquals(0, r.code(), "task " + task + ": " + r.err());
            }
        }
        CliRun fin = CliRun.of("tune", grid.toString(), "--runs-dir", other.toString(), "--no-progress");
        assertEquals(0, fin.code(), fin.err());
        assertEquals(
                Files.readString(dir.resolve("runs/tiny-tuned/tuning.json")),
                Files.readString(other.resolve("tiny-tuned/tuning.json")),
                "same trials, values and chosen settings");
        assertEquals(
                folders(dir.resolve("runs/tiny-tuned")).stream()
                        .map(Path::getFileName)
                        .toList(),
                folders(other.resolve("tiny-tuned")).stream()
                        .map(Path::getFileName)
                        .toList());
    }

    @Test
    void stoppedMidTrialAndRunAgainChoosesTheSameSettings() throws Exception {
        Path other = dir.resolve("runs-stopped");
        GridSpec spec = GridLoader.load(grid);
        Preemption stop = Preemption.manual();
        AtomicInteger batches = new AtomicInteger();
        RunObserver stopper = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                // step 2 of the third run: rambo-ap's trial 1, fold 0, in the middle of its epoch
                if (batches.incrementAndGet() == 8) {
                    stop.request("test");
                }
            }
        };
        RunOptions stopping = new RunOptions(false, false, stopper, null, stop, null);
        List<GridRunner.RunSummary> first = TuneStage.run(spec, other, Path.of("."), stopping, null);
        assertEquals(RunOutcome.Status.INTERRUPTED, first.get(first.size() - 1).status());
        assertEquals(3, first.size(), "two runs ended, the third stopped");

        RunOptions plain = RunOptions.quiet();
        TuneStage.run(spec, other, Path.of("."), plain, null);
        FinalStage.run(spec, other, Path.of("."), RunOptions.quiet(), null);
        assertEquals(
                Files.readString(dir.resolve("runs/tiny-tuned/tuning.json")),
                Files.readString(other.resolve("tiny-tuned/tuning.json")),
                "the same fold values and chosen settings as without the stop");
    }

    @Test
    void aTrialWhoseEarlierTrialsHaveNotEndedIsRefused() {
        // task 4 is rambo-ap's trial 2, proposed by TPE from trials 0 and 1
        CliRun r = CliRun.of(
                "tune",
                grid.toString(),
                "--runs-dir",
                dir.resolve("fresh").toString(),
                "--stage",
                "tune",
                "--task",
                "4");
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench tune: tune task 4 (rambo-ap trial 2): the optimiser proposes it from the trials before "
                        + "it, which have not all ended yet; train those first",
                r.err().strip());
    }

    @Test
    void theReportOfTheTunedGridMarksItsClaimsTunedWithTheBudget() throws IOException {
        Path out = dir.resolve("report");
        CliRun r = CliRun.of("report", dir.resolve("runs/tiny-tuned").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // our rows (the paper-only rows after them have no grid and no runs behind them)
        List<String> claims = Files.readAllLines(out.resolve("claims.csv")).stream()
                .filter(l -> l.startsWith("tiny-tuned,"))
                .toList();
        assertEquals(6, claims.size(), "rambo-ap vs contrastive on R@1, R@2, P@1, R-Prec, MAP@R and NMI");
        claims.forEach(l -> assertTrue(l.endsWith(",\"tuned, budget 3\""), l));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<table id=\"table-tuning-tiny-tuned\""), "tuning table");
    }

    @Test
    void finalStageBeforeTuningIsOneLineAndExitOne() throws IOException {
        CliRun r = CliRun.of(
                "tune", grid.toString(), "--runs-dir", dir.resolve("empty").toString(), "--stage", "final");
        assertEquals(1, r.code(), r.err());
        assertEquals(
                "rambo-bench tune: method 'rambo-ap': 0 of 3 tuning trials have ended; "
                        + "run the tune stage first (rambo-bench tune GRID --stage tune)",
                r.err().strip());
        assertNotEquals(true, Files.exists(dir.resolve("empty/tiny-tuned")));
    }
}
