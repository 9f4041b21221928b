package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.data.Fixtures;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunStatus;

/** `rambo-bench run GRID --task I`: trains run I of `list`, and only it. */
class RunTaskTest {

    @TempDir
    Path dir;

    @Test
    void outOfRangeTaskIsOneLineAndExitOne() {
        CliRun r = CliRun.of("run", GridTaskFixture.CI_GRID.toString(), "--runs-dir", dir.toString(), "--task", "20");
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench run: --task 20 is out of range: grid ci has 20 runs, numbered 0 to 19 "
                        + "(rambo-bench list shows them)",
                r.err().strip());
        assertTrue(!Files.exists(dir.resolve("ci")), "nothing trained");
    }

    @Test
    void negativeTaskIsOutOfRangeToo() {
        CliRun r = CliRun.of(
                "run",
                GridTaskFixture.CI_GRID.toString(),
                "--runs-dir",
                dir.toString(),
                "--only",
                "triplet",
                "--task",
                "-1");
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench run: --task -1 is out of range: grid ci has 5 runs, numbered 0 to 4 "
                        + "(rambo-bench list shows them)",
                r.err().strip());
    }

    @Test
    void trainsOnlyTheRunListedAtThatIndex() throws Exception {
        Path grid = tinyImageGrid();
        Path runs = dir.resolve("runs");
        CliRun listed = CliRun.of("list", grid.toString(), "--runs-dir", runs.toString());
        String line3 = listed.out().lines().toList().get(4);
        List<String> words = List.of(line3.strip().split("\\s+"));
        assertEquals(List.of("3", "rambo-recall-log", "7", "new"), words.subList(0, 4), listed.out());

        CliRun r = CliRun.of("run", grid.toString(), "--runs-dir", runs.toString(), "--task", "3", "--no-progress");
        assertEquals(0, r.code(), r.err());
        Path folder = Path.of(words.get(4));
        try (Stream<Path> made = Files.list(runs.resolve("tiny-folder"))) {
            assertEquals(List.of(folder), made.toList());
        }
        FinalRecord fin = FinalRecord.read(folder);
        assertEquals(RunStatus.FINISHED, fin.status());
        assertEquals("rambo-recall-log", fin.method());
        assertEquals(7, fin.seed());
        assertTrue(Files.isRegularFile(folder.resolve(RunFiles.CONFIG)));
        CliRun after = CliRun.of("list", grid.toString(), "--runs-dir", runs.toString());
        assertEquals(
                List.of("new", "new", "new", "finished"),
                after.out().lines().skip(1).map(l -> l.strip().split("\\s+")[3]).toList());
    }

    /** seeds [3, 7] x methods [contrastive, rambo-recall-log]: run 3 is rambo-recall-log with seed 7. */
    private Path tinyImageGrid() throws IOException {
        Path data = dir.resolve("images");
        for (int c = 0; c < 6; c++) {
            for (int i = 0; i < 4; i++) {
                Fixtures.writeImage(data.resolve("class" + c).resolve("img" + i + ".png"), 20, 18, 10 * c + i);
            }
        }
        Path grid = dir.resolve("tiny.yaml");
        Files.writeString(grid, """
                name: tiny-folder
                dataset: {name: imagefolder, root: "%s"}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 4
                  image: {resize: 16, crop: 12, flip: false, channels: 3}
                  sampler: {classes_per_batch: 3, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 1
                  steps_per_epoch: 1
                  eval: {ks: [1]}
                  threads: 1
                seeds: [3, 7]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                  - {id: rambo-recall-log, loss: "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=0"}
                """.formatted(data.toString()));
        return grid;
    }
}
