package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.ReadOnlyFolder;

/**
 * Bad input to `list`, `run`, `report` and `check` ends in one line with the documented exit code,
 * before any run folder exists: loss options, keys given twice, repeated seeds, non-finite
 * numbers, a wrong command line, an output folder that cannot be written.
 */
class InputCasesCliTest {

    private static final String CI = GridTaskFixture.CI_GRID.toString();

    @TempDir
    Path dir;

    /** The line of a grid file that holds the text (1-based). */
    private static int lineOf(String text, String part) {
        return 1
                + (int) text.substring(0, text.indexOf(part))
                        .chars()
                        .filter(c -> c == '\n')
                        .count();
    }

    @Test
    void aLossOptionItsProviderRefusesIsOneLineAtLoadAndNoFolderIsMade() {
        Path runs = dir.resolve("runs");
        String set = "methods.rambo-recall-log.loss=rambo-recall:lambda=-4";
        for (String command : new String[] {"list", "run"}) {
            CliRun r = CliRun.of(command, CI, "--runs-dir", runs.toString(), "--set", set);
            assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
            assertEquals(
                    "rambo-bench " + command + ": --set " + set
                            + ": key 'methods[0].loss' (method 'rambo-recall-log'): "
                            + "lambda must be a finite number > 0, got -4.0",
                    r.err().strip());
            assertFalse(Files.exists(runs), "no run folder for a config error");
        }
    }

    @Test
    void aKeySetTwiceIsRefused() {
        CliRun r = CliRun.of("list", CI, "--set", "protocol.epochs=1", "--set", "protocol.epochs=3");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(
                "rambo-bench list: --set protocol.epochs=3: key 'protocol.epochs' is also set by --set protocol.epochs=1;"
                        + " give each key once",
                r.err().strip());
    }

    @Test
    void aSeedListedTwiceIsRefused() throws Exception {
        String ci = Files.readString(GridTaskFixture.CI_GRID);
        Path grid = dir.resolve("seeds.yaml");
        String text = ci.replace("seeds: [0, 1, 2, 3, 4]", "seeds: [0, 0]");
        Files.writeString(grid, text);
        CliRun r = CliRun.of("list", grid.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(
                "rambo-bench list: " + grid + ":" + lineOf(text, "seeds: [0, 0]")
                        + ": key 'seeds' must not repeat a seed, got [0, 0]",
                r.err().strip());

        CliRun cli = CliRun.of("list", CI, "--seeds", "1,1");
        assertEquals(ExitCode.BAD_INPUT, cli.code());
        assertEquals(
                "rambo-bench list: --seeds 1,1: a seed is given twice; give each seed once",
                cli.err().strip());
    }

    @Test
    void notANumberAndInfinityAreRefusedAsWhatTheyAre() throws Exception {
        CliRun nan = CliRun.of("list", CI, "--set", "protocol.optimizer.learning_rate=.nan");
        assertEquals(ExitCode.BAD_INPUT, nan.code());
        assertEquals(
                "rambo-bench list: --set protocol.optimizer.learning_rate=.nan: key 'protocol.optimizer.learning_rate'"
                        + " is NaN; a number in a config must be finite",
                nan.err().strip());
        // infinity passed the range check (> 0) before: a learning rate of infinity trained
        CliRun inf = CliRun.of("list", CI, "--set", "protocol.optimizer.learning_rate=.inf");
        assertEquals(ExitCode.BAD_INPUT, inf.code());
        assertEquals(
                "rambo-bench list: --set protocol.optimizer.learning_rate=.inf: key 'protocol.optimizer.learning_rate'"
                        + " is Infinity; a number in a config must be finite",
                inf.err().strip());
        String ci = Files.readString(GridTaskFixture.CI_GRID);
        Path grid = dir.resolve("nan.yaml");
        String text = ci.replace("learning_rate: 0.001", "learning_rate: .nan");
        Files.writeString(grid, text);
        CliRun file = CliRun.of("list", grid.toString());
        assertEquals(ExitCode.BAD_INPUT, file.code());
        assertEquals(
                "rambo-bench list: " + grid + ":" + lineOf(text, "learning_rate: .nan")
                        + ": key 'protocol.optimizer.learning_rate' is NaN; a number in a config must be finite",
                file.err().strip());
    }

    @Test
    void aWrongCommandLineIsOneLineWithWhereTheOptionsAreListed() {
        CliRun unknown = CliRun.of("list", CI, "--seed", "1");
        assertEquals(ExitCode.USAGE, unknown.code());
        assertEquals(
                "rambo-bench list: Unknown options: '--seed', '1'; did you mean --seeds or --set? "
                        + "(rambo-bench list --help lists the options)",
                unknown.err().strip());
        CliRun missing = CliRun.of("run");
        assertEquals(ExitCode.USAGE, missing.code());
        assertEquals(
                "rambo-bench run: Missing required parameter: 'GRID' (rambo-bench run --help lists the options)",
                missing.err().strip());
        assertEquals("", missing.out());
    }

    @Test
    void reportAndCheckIntoAFolderThatCannotBeWrittenAreTheEnvironment() throws Exception {
        Path runs = dir.resolve("runs");
        GridTaskFixture.writeStates(runs);
        Path out = Files.createDirectories(dir.resolve("results"));
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(out)) {
            assumeTrue(ro.isReadOnly(), "cannot make a read-only folder here");
            CliRun report = CliRun.of(
                    "report",
                    runs.resolve("ci").toString(),
                    "--out",
                    out.resolve("ci").toString());
            assertEquals(ExitCode.ENVIRONMENT, report.code(), report.err());
            assertTrue(report.err().startsWith("rambo-bench report: cannot write " + out.resolve("ci")), report.err());
            assertEquals(1, report.err().strip().lines().count(), report.err());

            CliRun check = CliRun.of(
                    "check",
                    runs.resolve("ci").toString(),
                    "--against",
                    Path.of("..", "reports", "reference", "ci.csv").toString(),
                    "--out",
                    out.resolve("gate.csv").toString());
            assertEquals(ExitCode.ENVIRONMENT, check.code(), check.err());
            assertTrue(
                    check.err().startsWith("rambo-bench check: cannot write " + out.resolve("gate.csv")), check.err());
            assertEquals(1, check.err().strip().lines().count(), check.err());
        }
        assertFalse(Files.exists(out.resolve("ci")));
    }
}
