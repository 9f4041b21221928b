package org.rambo.harness.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rambo.harness.cli.RamboBench;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunStatus;

/**
 * make paper-smoke: every paper config (configs/paper/{cub,sop,inshop}.yaml, configs/paper/voc.json)
 * through `rambo-bench run`/`detect` and `report` on CPU, two training steps per method and one
 * evaluation, on fixture trees in each dataset's real on-disk format. Only the keys listed in
 * {@link SmokeConfigs} change; the model (ResNet-50), losses, evaluation and report are the paper's.
 * Off unless -Dpaper.smoke=true: it takes minutes, not seconds.
 */
@EnabledIfSystemProperty(named = "paper.smoke", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaperSmokeTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path OUT = Path.of("target", "paper-smoke").toAbsolutePath();

    /** A fresh output folder: finished runs of an earlier smoke run would be read back, not trained. */
    @BeforeAll
    static void clean() throws IOException {
        if (Files.exists(OUT)) {
            try (Stream<Path> s = Files.walk(OUT)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    @Order(1)
    void cub() throws Exception {
        retrieval("cub", PaperFixtures.cub(OUT.resolve("data/cub")));
    }

    @Test
    @Order(2)
    void sop() throws Exception {
        retrieval("sop", PaperFixtures.sop(OUT.resolve("data/sop")));
    }

    @Test
    @Order(3)
    void inShop() throws Exception {
        retrieval("inshop", PaperFixtures.inShop(OUT.resolve("data/inshop")));
    }

    @Test
    @Order(4)
    void vocDetection() throws Exception {
        long t0 = System.nanoTime();
        Path devkit = PaperFixtures.voc(
                OUT.resolve("data/voc/VOCdevkit"), SmokeConfigs.VOC_TRAIN_IMAGES, SmokeConfigs.VOC_TEST_IMAGES);
        ObjectMapper json = new ObjectMapper();
        ObjectNode paper = (ObjectNode)
                json.readTree(REPO.resolve("configs/paper/voc.json").toFile());
        SmokeConfigs.Derived smoke = SmokeConfigs.voc(paper, devkit);
        Path config = OUT.resolve("configs/voc.json");
        Files.createDirectories(config.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), smoke.config());
        say("voc: configs/paper/voc.json with " + smoke.changes());
        say("voc: ResNet-50 backbone with random weights (the paper's detection protocol trains it from scratch too)");
        Path runs = OUT.resolve("runs");
        assertEquals(0, cli("detect", config.toString(), "--runs-dir", runs.toString()), "detect");
        String grid = smoke.config().get("grid").asText();
        assertEveryRunFinished(runs.resolve(grid), 2);
        report(runs.resolve(grid), grid);
        say(String.format("voc: done in %.0f s", (System.nanoTime() - t0) / 1e9));
    }

    private void retrieval(String dataset, Path root) throws Exception {
        long t0 = System.nanoTime();
        Path paperFile = REPO.resolve("configs/paper/" + dataset + ".yaml");
        JsonNode paper = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(paperFile.toFile());
        SmokeConfigs.Overrides smoke = SmokeConfigs.retrieval(paper, root, REPO);
        say(dataset + ": configs/paper/" + dataset + ".yaml --seeds 0 --set " + String.join(" --set ", smoke.sets()));
        say(dataset + ": " + smoke.trunk());
        Path runs = OUT.resolve("runs");
        List<String> args = new ArrayList<>(
                List.of("run", paperFile.toString(), "--runs-dir", runs.toString(), "--seeds", "0", "--no-progress"));
        args.addAll(smoke.arguments());
        assertEquals(0, cli(args.toArray(String[]::new)), "run");
        String grid = paper.get("name").asText();
        assertEveryRunFinished(runs.resolve(grid), paper.get("methods").size());
        report(runs.resolve(grid), grid);
        say(String.format("%s: done in %.0f s", dataset, (System.nanoTime() - t0) / 1e9));
    }

    private static void report(Path gridRuns, String grid) {
        Path results = OUT.resolve("results").resolve(grid);
        assertEquals(0, cli("report", gridRuns.toString(), "--out", results.toString()), "report");
        for (String f : List.of("results.csv", "summary.csv", "report.html")) {
            assertTrue(Files.isRegularFile(results.resolve(f)), results.resolve(f) + " not written");
        }
        say(grid + ": report " + results.resolve("report.html"));
    }

    /** Every run folder of the grid ended finished, with last-epoch metrics (FinalRecord validates them). */
    private static void assertEveryRunFinished(Path gridRuns, int expected) throws Exception {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(gridRuns)) {
            s.filter(RunFiles::isRunFolder).forEach(folders::add);
        }
        assertEquals(expected, folders.size(), "run folders in " + gridRuns);
        for (Path f : folders) {
            FinalRecord fin = FinalRecord.read(f);
            assertEquals(RunStatus.FINISHED, fin.status(), f + ": " + fin.failure());
            assertTrue(fin.last().values().stream().anyMatch(v -> v != null), f + ": no metric in last");
        }
    }

    private static int cli(String... args) {
        return RamboBench.newCommandLine(OUT.resolve("rambo-bench-error.log")).execute(args);
    }

    private static void say(String line) {
        System.out.println("paper-smoke: " + line);
        try {
            Files.createDirectories(OUT);
            Files.writeString(
                    OUT.resolve("summary.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
