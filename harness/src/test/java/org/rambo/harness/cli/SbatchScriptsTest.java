package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch scripts `rambo-bench slurm` writes, against golden texts written by hand. */
class SbatchScriptsTest {

    private static final SbatchScripts PAPER_CUB = new SbatchScripts(
            "paper-cub",
            Path.of("/cluster/rambo/configs/paper/cub.yaml"),
            Path.of("/scratch/me/runs"),
            Path.of("/cluster/rambo/results/paper-cub"),
            Path.of("/cluster/rambo"),
            "java -Dai.djl.offline=true -jar /cluster/rambo/harness/target/rambo-bench.jar",
            List.of("--seeds", "0,1"),
            false,
            new SbatchScripts.Resources("gpu", "proj42", "24:00:00", 1, 8, "32G", 4, List.of("--qos=normal")));

    private static String golden(String name) throws IOException {
        try (InputStream in = SbatchScriptsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void trainingArrayScriptMatchesTheGoldenText() throws IOException {
        assertEquals(golden("train.sbatch.golden"), PAPER_CUB.trainScript(List.of(0, 1, 2, 3, 5, 7)));
    }

    @Test
    void reportScriptMatchesTheGoldenText() throws IOException {
        assertEquals(golden("report.sbatch.golden"), PAPER_CUB.reportScript());
    }

    @Test
    void withoutResourcesOnlyTheArrayOptionsAreWritten() {
        SbatchScripts bare = new SbatchScripts(
                "ci",
                Path.of("/r/configs/ci.yaml"),
                Path.of("/r/runs"),
                Path.of("/r/results/ci"),
                Path.of("/r"),
                "bin/rambo-bench",
                List.of(),
                true,
                new SbatchScripts.Resources(null, null, null, null, null, null, null, null));
        String script = bare.trainScript(List.of(4));
        assertEquals(
                List.of(
                        "#SBATCH --job-name=rambo-ci",
                        "#SBATCH --array=4",
                        "#SBATCH --chdir=/r",
                        "#SBATCH --output=/r/runs/ci/slurm/%A_%a.out",
                        "#SBATCH --open-mode=append",
                        "#SBATCH --requeue",
                        "#SBATCH --signal=USR1@120"),
                script.lines().filter(l -> l.startsWith("#SBATCH")).toList());
        assertEquals(
                List.of(
                        "RAMBO_BENCH=(bin/rambo-bench)",
                        "srun \"${RAMBO_BENCH[@]}\" run /r/configs/ci.yaml --runs-dir /r/runs --retry-failed"
                                + " --task \"$SLURM_ARRAY_TASK_ID\" --no-progress"),
                script.lines()
                        .filter(l -> l.startsWith("RAMBO_BENCH=") || l.startsWith("srun"))
                        .toList());
    }

    @Test
    void arraySpecJoinsConsecutiveTasksIntoRanges() {
        assertEquals("0", SbatchScripts.arraySpec(List.of(0), null));
        assertEquals("0-2", SbatchScripts.arraySpec(List.of(0, 1, 2), null));
        assertEquals("1,3-5,9%2", SbatchScripts.arraySpec(List.of(1, 3, 4, 5, 9), 2));
        assertEquals("0,2,4", SbatchScripts.arraySpec(List.of(0, 2, 4), null));
        assertThrows(IllegalArgumentException.class, () -> SbatchScripts.arraySpec(List.of(), 3));
    }

    @Test
    void pathsWithShellCharactersAreSingleQuoted() {
        assertEquals("/a/b-c_d.yaml", SbatchScripts.quote("/a/b-c_d.yaml"));
        assertEquals("'/my runs'", SbatchScripts.quote("/my runs"));
        assertEquals("'it'\\''s'", SbatchScripts.quote("it's"));
        assertEquals("'$HOME'", SbatchScripts.quote("$HOME"));
    }
}
