package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.runfolder.RunFiles;

/** `rambo-bench list`: the grid's runs numbered in training order, with the status their folders give. */
class ListCommandTest {

    @TempDir
    Path runs;

    @Test
    void listsEveryRunWithItsIndexFolderAndStatus() {
        GridTaskFixture.writeStates(runs);
        CliRun r = CliRun.of("list", GridTaskFixture.CI_GRID.toString(), "--runs-dir", runs.toString());
        assertEquals(0, r.code(), r.err());
        String[][] expected = {
            {"0", "rambo-recall-log", "0", "finished"},
            {"1", "rambo-ap", "0", "failed"},
            {"2", "contrastive", "0", "unfinished"},
            {"3", "triplet", "0", "new"},
            {"4", "rambo-recall-log", "1", "new"},
            {"5", "rambo-ap", "1", "new"},
            {"6", "contrastive", "1", "new"},
            {"7", "triplet", "1", "new"},
        };
        List<String> lines = r.out().lines().toList();
        assertEquals(21, lines.size(), r.out());
        assertEquals(List.of("index", "method", "seed", "status", "folder"), words(lines.get(0)));
        for (int i = 0; i < expected.length; i++) {
            String folder = runs.resolve("ci")
                    .resolve(expected[i][1] + "-s" + expected[i][2] + "-"
                            + GridTaskFixture.ciRuns().get(i).hash())
                    .toString();
            assertEquals(
                    List.of(expected[i][0], expected[i][1], expected[i][2], expected[i][3], folder),
                    words(lines.get(i + 1)),
                    "line " + (i + 1));
        }
    }

    @Test
    void onlyAndSeedsNarrowTheListAndRenumberIt() {
        CliRun r = CliRun.of(
                "list",
                GridTaskFixture.CI_GRID.toString(),
                "--runs-dir",
                runs.toString(),
                "--only",
                "triplet,rambo-ap",
                "--seeds",
                "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        // grid order (rambo-ap before triplet), not the order of --only
        assertEquals(List.of("0", "rambo-ap", "1", "new"), words(lines.get(1)).subList(0, 4));
        assertEquals(List.of("1", "triplet", "1", "new"), words(lines.get(2)).subList(0, 4));
    }

    @Test
    void aDamagedFinalRecordIsOneLineNamingTheFile() throws Exception {
        GridTaskFixture.writeStates(runs);
        Path fin = GridTaskFixture.folder(runs, 0).resolve(RunFiles.FINAL);
        Files.writeString(fin, "{\"status\": \"done\"}");
        CliRun r = CliRun.of("list", GridTaskFixture.CI_GRID.toString(), "--runs-dir", runs.toString());
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench list: " + fin + ": status must be \"finished\" or \"failed\", got \"done\""
                        + RunFolderAdvice.FINAL_JSON,
                r.err().strip());
    }

    private static List<String> words(String line) {
        return List.of(line.strip().split("\\s+"));
    }
}
