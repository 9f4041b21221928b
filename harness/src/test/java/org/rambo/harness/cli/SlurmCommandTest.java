package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `rambo-bench slurm` on the ci grid (run 0 finished, 1 failed, 2 started, 3-7 new): which tasks
 * the array gets, what the scripts say, and what a fake sbatch on PATH receives.
 */
class SlurmCommandTest {

    @TempDir
    Path dir;

    private Path runs;
    private Path bin;
    private Path sbatchLog;

    @BeforeEach
    void setUp() throws IOException {
        runs = dir.resolve("runs");
        GridTaskFixture.writeStates(runs);
        bin = Files.createDirectories(dir.resolve("bin"));
        sbatchLog = dir.resolve("sbatch-calls.txt");
    }

    /** A fake sbatch that records its arguments, one call per line, and prints job ids 4242, 4243, ... */
    private void fakeSbatch(String body) throws IOException {
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void recordingSbatch() throws IOException {
        fakeSbatch(
                "echo \"$*\" >> '" + sbatchLog + "'\n" + "n=$(wc -l < '" + sbatchLog + "')\n" + "echo $((4241 + n))\n");
    }

    private CliRun slurm(String... args) {
        return slurmWithPath(bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), args);
    }

    private CliRun slurmWithPath(String path, String... args) {
        CommandLine cli = RamboBench.newCommandLine(CliRun.ERROR_LOG);
        SlurmCommand command = cli.getSubcommands().get("slurm").getCommand();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", path);
        command.environment = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 4];
        full[0] = "slurm";
        full[1] = GridTaskFixture.CI_GRID.toString();
        full[2] = "--runs-dir";
        full[3] = runs.toString();
        System.arraycopy(args, 0, full, 4, args.length);
        int code = cli.execute(full);
        return new CliRun(code, out.toString(), err.toString());
    }

    private Path slurmDir() {
        return runs.toAbsolutePath().resolve("ci").resolve("slurm");
    }

    @Test
    void dryRunWritesBothScriptsAndSubmitsNothing() throws IOException {
        recordingSbatch();
        Path report = dir.resolve("report");
        CliRun r = slurm(
                "--dry-run", "--max-parallel", "3", "--report-dir", report.toString(), "--launcher", "bin/rambo-bench");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(sbatchLog), "sbatch was called");
        Path train = slurmDir().resolve("train.sbatch");
        Path reportScript = slurmDir().resolve("report.sbatch");
        assertEquals(
                List.of(
                        "grid ci: 20 runs; 18 to train (tasks 2-19), 1 finished, 1 failed "
                                + "(left out: --retry-failed trains them again)",
                        "wrote " + train,
                        "wrote " + reportScript,
                        "dry run: nothing submitted; to submit:",
                        "  sbatch --parsable " + train,
                        "  sbatch --parsable --dependency=afterany:<array job id> " + reportScript),
                r.out().lines().toList());
        String script = Files.readString(train);
        assertTrue(script.contains("\n#SBATCH --array=2-19%3\n"), script);
        assertTrue(script.contains("\n#SBATCH --output=" + slurmDir() + "/%A_%a.out\n"), script);
        assertTrue(
                script.contains("\nsrun \"${RAMBO_BENCH[@]}\" run "
                        + GridTaskFixture.CI_GRID.toAbsolutePath().normalize() + " --runs-dir " + runs.toAbsolutePath()
                        + " --task \"$SLURM_ARRAY_TASK_ID\" --no-progress\n"),
                script);
        assertTrue(Files.readString(reportScript)
                .contains("\n\"${RAMBO_BENCH[@]}\" report "
                        + runs.toAbsolutePath().resolve("ci") + " --out " + report.toAbsolutePath() + "\n"));
        try (var left = Files.list(slurmDir())) {
            assertEquals(
                    List.of("report.sbatch", "train.sbatch"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp files left");
        }
    }

    @Test
    void submitsTheArrayThenTheReportJobAfterIt() throws IOException {
        recordingSbatch();
        CliRun r = slurm("--partition", "gpu", "--gpus-per-task", "1", "--sbatch-option=--qos=high");
        assertEquals(0, r.code(), r.err());
        Path train = slurmDir().resolve("train.sbatch");
        Path report = slurmDir().resolve("report.sbatch");
        assertEquals(
                List.of("--parsable " + train, "--parsable --dependency=afterany:4242 " + report),
                Files.readAllLines(sbatchLog));
        List<String> out = r.out().lines().toList();
        assertEquals(
                List.of(
                        "submitted training array: job 4242 (tasks 2-19)",
                        "logs: " + slurmDir() + "/4242_<task>.out",
                        "submitted report job: job 4243 (after the array); it writes "
                                + Path.of("results", "ci", "report.html").toAbsolutePath(),
                        "logs: " + slurmDir() + "/report-4243.out"),
                out.subList(3, out.size()));
        String script = Files.readString(train);
        assertTrue(
                script.contains("\n#SBATCH --partition=gpu\n#SBATCH --gpus-per-task=1\n#SBATCH --qos=high\n"), script);
    }

    @Test
    void overridesAndSeedSelectionArePassedOnToEveryTask() throws IOException {
        recordingSbatch();
        CliRun r = slurm("--seeds", "1", "--set", "protocol.epochs=1", "--dry-run");
        assertEquals(0, r.code(), r.err());
        String script = Files.readString(slurmDir().resolve("train.sbatch"));
        assertTrue(script.contains("\n#SBATCH --array=0-3\n"), script);
        assertTrue(script.contains(" --set protocol.epochs=1 --seeds 1 --task \"$SLURM_ARRAY_TASK_ID\""), script);
    }

    @Test
    void retryFailedPutsFailedRunsInTheArrayAndTellsEveryTask() throws IOException {
        recordingSbatch();
        CliRun r = slurm("--retry-failed", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "grid ci: 20 runs; 19 to train (tasks 1-19), 1 finished, 1 failed (trained again)",
                r.out().lines().findFirst().orElseThrow());
        String script = Files.readString(slurmDir().resolve("train.sbatch"));
        assertTrue(script.contains("\n#SBATCH --array=1-19\n"), script);
        assertTrue(script.contains(" --retry-failed --task \"$SLURM_ARRAY_TASK_ID\""), script);
        assertTrue(
                script.contains("rambo-bench list "
                        + GridTaskFixture.CI_GRID.toAbsolutePath().normalize() + " --runs-dir " + runs.toAbsolutePath()
                        + "\n"),
                "list takes no --retry-failed: " + script);
    }

    @Test
    void whenEveryRunHasEndedOnlyTheReportIsSubmitted() throws IOException {
        recordingSbatch();
        CliRun r = slurm("--only", "rambo-recall-log,rambo-ap", "--seeds", "0");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("--parsable " + slurmDir().resolve("report.sbatch")), Files.readAllLines(sbatchLog));
        assertTrue(r.out().startsWith("grid ci: 2 runs; 0 to train, 1 finished, 1 failed"), r.out());
        assertFalse(Files.exists(slurmDir().resolve("train.sbatch")));
    }

    @Test
    void sbatchMissingFromPathIsAnEnvironmentError() {
        CliRun r = slurmWithPath(bin.toString());
        assertEquals(4, r.code());
        assertEquals(
                "rambo-bench slurm: sbatch not found on PATH (run this on a Slurm login node; "
                        + "--dry-run only writes the scripts)",
                r.err().strip());
    }

    @Test
    void sbatchRefusingTheJobIsOneLineAndExitFour() throws IOException {
        fakeSbatch("echo 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n");
        CliRun r = slurm("--partition", "nope");
        assertEquals(4, r.code());
        assertEquals(
                "rambo-bench slurm: sbatch train.sbatch failed (exit 1): "
                        + "sbatch: error: invalid partition specified: nope",
                r.err().strip());
    }

    @Test
    void badOptionValuesAreOneLineAndExitOne() {
        CliRun zero = slurm("--max-parallel", "0", "--dry-run");
        assertEquals(1, zero.code());
        assertEquals(
                "rambo-bench slurm: --max-parallel 0: must be at least 1",
                zero.err().strip());
        CliRun spaced = slurm("--time", "1 day", "--dry-run");
        assertEquals(1, spaced.code());
        assertEquals(
                "rambo-bench slurm: --time '1 day': must be one word (no spaces or line breaks)",
                spaced.err().strip());
        CliRun option = slurm("--sbatch-option", "qos=high", "--dry-run");
        assertEquals(1, option.code());
        assertEquals(
                "rambo-bench slurm: --sbatch-option 'qos=high': must be one sbatch option on one line, "
                        + "e.g. --qos=high",
                option.err().strip());
    }

    @Test
    void tasksRunThroughTheLauncherBesideTheJarWhenThereIsOne(@TempDir Path root) throws Exception {
        Path jar = root.resolve("harness/target/rambo-bench.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertEquals("java -Dai.djl.offline=true -jar " + jar, SlurmCommand.launcherFor(jar));
        Path launcher = root.resolve("bin/rambo-bench");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        assertEquals(launcher.toString(), SlurmCommand.launcherFor(jar));
    }
}
