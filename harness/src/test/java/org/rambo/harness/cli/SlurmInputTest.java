package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `rambo-bench slurm` on values Slurm would read otherwise than meant: --time and --mem outside
 * sbatch's formats, paths an #SBATCH line cannot hold, an option with a line break; an sbatch
 * that writes much to standard error; and a help text picocli prints without warnings.
 */
class SlurmInputTest {

    @TempDir
    Path dir;

    private Path runs;
    private Path bin;

    @BeforeEach
    void setUp() throws IOException {
        runs = dir.resolve("runs");
        GridTaskFixture.writeStates(runs);
        bin = Files.createDirectories(dir.resolve("bin"));
    }

    private CliRun slurm(Path runsDir, String... args) {
        CommandLine cli = RamboBench.newCommandLine(CliRun.ERROR_LOG);
        SlurmCommand command = cli.getSubcommands().get("slurm").getCommand();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        command.environment = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 4];
        full[0] = "slurm";
        full[1] = GridTaskFixture.CI_GRID.toString();
        full[2] = "--runs-dir";
        full[3] = runsDir.toString();
        System.arraycopy(args, 0, full, 4, args.length);
        int code = cli.execute(full);
        return new CliRun(code, out.toString(), err.toString());
    }

    private void assertRefused(String line, CliRun r) {
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals(line, r.err().strip());
        assertFalse(Files.exists(runs.resolve("ci").resolve("slurm")), "no script written");
    }

    @Test
    void timeAndMemoryOutsideSlurmsFormatsAreRefused() {
        String times = "minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S, e.g. 24:00:00 or 1-12";
        assertRefused("rambo-bench slurm: --time 'abc': not a Slurm value; use " + times, slurm(runs, "--time", "abc"));
        assertRefused(
                "rambo-bench slurm: --time '1:2:3:4': not a Slurm value; use " + times,
                slurm(runs, "--time", "1:2:3:4"));
        String mems = "a whole number with the unit K, M, G or T, e.g. 32G";
        assertRefused("rambo-bench slurm: --mem 'lots': not a Slurm value; use " + mems, slurm(runs, "--mem", "lots"));
        assertRefused("rambo-bench slurm: --mem '-5': not a Slurm value; use " + mems, slurm(runs, "--mem=-5"));
        assertRefused("rambo-bench slurm: --mem '1.5G': not a Slurm value; use " + mems, slurm(runs, "--mem", "1.5G"));
    }

    @Test
    void everyTimeAndMemoryFormatOfSbatchsManualIsWritten() throws IOException {
        for (String time : new String[] {"90", "90:30", "24:00:00", "2-12", "2-12:30", "2-12:30:15", "0"}) {
            CliRun r = slurm(runs, "--time", time, "--mem", "32G", "--dry-run");
            assertEquals(0, r.code(), r.err());
            String script = Files.readString(runs.resolve("ci").resolve("slurm").resolve("train.sbatch"));
            assertTrue(script.contains("#SBATCH --time=" + time + "\n"), script);
            assertTrue(script.contains("#SBATCH --mem=32G\n"), script);
        }
        for (String mem : new String[] {"4096", "512K", "16M", "1T"}) {
            assertEquals(0, slurm(runs, "--mem", mem, "--dry-run").code());
        }
    }

    @Test
    void aRunsFolderWithABlankIsRefusedNotWrittenUnquoted() throws IOException {
        Path blank = dir.resolve("my runs");
        GridTaskFixture.writeStates(blank);
        CliRun r = slurm(blank, "--dry-run");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(
                "rambo-bench slurm: --runs-dir '" + blank.toAbsolutePath() + "': an #SBATCH line cannot hold a path"
                        + " with blanks, quotes, backslashes or '%'; use a path without them (a symbolic link to the"
                        + " folder will do)",
                r.err().strip());
        assertFalse(Files.exists(blank.resolve("ci").resolve("slurm")));
        CliRun percent = slurm(dir.resolve("runs%j"), "--dry-run");
        assertEquals(ExitCode.BAD_INPUT, percent.code());
    }

    @Test
    void anSbatchOptionWithALineBreakIsOneLine() {
        assertRefused(
                "rambo-bench slurm: --sbatch-option '--qos=high\\n#SBATCH --exclusive': must be one sbatch option on"
                        + " one line, e.g. --qos=high",
                slurm(runs, "--sbatch-option", "--qos=high\n#SBATCH --exclusive", "--dry-run"));
    }

    @Test
    // in its own thread: a command blocked on a pipe is not interrupted, and the test must fail, not hang
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anSbatchWritingMuchToStandardErrorIsReadToTheEnd() throws IOException {
        // 1 MB on standard error fills any pipe long before sbatch prints its job id
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/bash\nyes warning | head -c 1000000 >&2\necho 4242\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun r = slurm(runs);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("submitted training array: job 4242"), r.out());
    }

    @Test
    void helpPrintsNoPicocliWarnings() {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun r;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = CliRun.of("slurm", "--help");
        } finally {
            System.setErr(before);
        }
        assertEquals(0, r.code());
        assertTrue(r.out().contains("(--array=...%K)"), r.out());
        assertEquals("", captured.toString(StandardCharsets.UTF_8) + r.err());
    }
}
