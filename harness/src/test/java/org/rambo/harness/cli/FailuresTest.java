package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.data.DataException;
import org.rambo.runfolder.BuildInfo;
import org.rambo.runfolder.RunFolderException;
import picocli.CommandLine;

/**
 * How a failure is told: the user's input (exit 1) and the environment (exit 4) in one line
 * naming the file; a bug (exit 70) in one line pointing at the stack trace in the error log.
 * Failures no test can provoke on this machine (a full disk; permissions, as root) are built
 * as the JDK reports them.
 */
class FailuresTest {

    private static void assertVerdict(int code, String line, Throwable e) {
        Failures.Verdict v = Failures.classify(e);
        assertEquals(code, v.exitCode(), String.valueOf(v.line()));
        assertEquals(line, v.line());
    }

    @Test
    void badInputIsExitOneWithTheMessageAsItIs() {
        assertVerdict(
                1,
                "g.yaml:9: key 'protocol.epochs' must be > 0",
                new ConfigException("g.yaml:9: key 'protocol.epochs' must be > 0"));
        DataException data = new DataException(Path.of("data/cub/images.txt"), 3, "image id 'x' is not an integer");
        assertVerdict(1, "data/cub/images.txt:3: image id 'x' is not an integer", data);
        // a loader thread's failure arrives wrapped
        assertVerdict(
                1,
                "data/cub/images.txt:3: image id 'x' is not an integer",
                new IllegalStateException("preparing a batch failed", data));
        assertVerdict(
                1,
                "runs/g/m/final.json: status must be \"finished\" or \"failed\", got none",
                new RunFolderException(
                        Path.of("runs/g/m/final.json"), "status must be \"finished\" or \"failed\", got none"));
        assertVerdict(
                1,
                "unknown method 'x' in --methods; valid: ce, rambo-ap",
                new IllegalArgumentException("unknown method 'x' in --methods; valid: ce, rambo-ap"));
        assertVerdict(1, "grid.yaml: no such file or folder", new NoSuchFileException("grid.yaml"));
        assertVerdict(
                1,
                "runs/g/m/final.json: not valid JSON (Unexpected end-of-input)",
                new RunFolderException(
                        Path.of("runs/g/m/final.json"),
                        "not valid JSON (Unexpected end-of-input)",
                        new JsonParseException(null, "Unexpected end-of-input")));
    }

    @Test
    void aFileThatIsNotTheExpectedJsonIsBadInputNamedByTheOuterMessage() {
        assertVerdict(
                1,
                "configs/d.json: not a detection config (Cannot construct instance, problem: epochs must be"
                        + " positive",
                new UncheckedIOException(
                        "configs/d.json: not a detection config (Cannot construct"
                                + " instance, problem: epochs must be positive\n at [Source: d.json; line: 1])",
                        new JsonParseException(null, "Cannot construct instance")));
    }

    @Test
    void aFullDiskIsTheEnvironmentNamedByFile() {
        // AtomicWriter's wording, with the JDK's bare IOException from a write on a full disk
        assertVerdict(
                4,
                "cannot write runs/g/m-s0-1a2b3c4d5e6f/final.json: No space left on device",
                new UncheckedIOException(
                        "cannot write runs/g/m-s0-1a2b3c4d5e6f/final.json: No space left on device",
                        new IOException("No space left on device")));
        assertVerdict(
                4,
                "runs/g/.final.json.123.tmp: No space left on device",
                new UncheckedIOException(
                        "cannot write runs/g/final.json",
                        new FileSystemException("runs/g/.final.json.123.tmp", null, "No space left on device")));
        assertVerdict(
                4,
                "runs/g/m/final.json: No space left on device",
                new RunFolderException(
                        Path.of("runs/g/m/final.json"),
                        "No space left on device",
                        new IOException("No space left on device")));
    }

    @Test
    void permissionDeniedIsTheEnvironment() {
        assertVerdict(
                4,
                "runs/g: permission denied",
                new UncheckedIOException("cannot write runs/g/config.json", new AccessDeniedException("runs/g")));
        assertVerdict(4, "runs: permission denied", new AccessDeniedException("runs"));
    }

    @Test
    void aBugIsOneLineAndItsStackTraceGoesToTheLog(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("logs/rambo-bench-error.log");
        CommandLine cli = RamboBench.newCommandLine(log);
        CommandLine.ParseResult parsed = cli.parseArgs("evaluate", "--embeddings", "e.csv", "--labels", "l.csv");
        CommandLine evaluate = cli.getSubcommands().get("evaluate");
        StringWriter err = new StringWriter();
        evaluate.setErr(new PrintWriter(err));
        int code = RamboBench.handleFailure(new NullPointerException("boom"), evaluate, parsed, log);
        assertEquals(70, code);
        assertEquals(
                "rambo-bench evaluate: internal error: NullPointerException: boom (stack trace in " + log + ")"
                        + System.lineSeparator(),
                err.toString());
        String trace = Files.readString(log);
        assertTrue(
                trace.contains(" rambo-bench evaluate --embeddings e.csv --labels l.csv\n"
                        + BuildVersion.line(BuildInfo.current()) + "\njava.lang.NullPointerException: boom\n"
                        + "\tat org.rambo.harness.cli.FailuresTest.aBugIsOneLineAndItsStackTraceGoesToTheLog"),
                trace);
    }

    @Test
    void versionComesFromTheBuild() {
        assertEquals(
                "rambo-bench 0.1.0 (commit 0123456, uncommitted changes)",
                BuildVersion.line(new BuildInfo("0123456789abcdef", true, null, "0.1.0")));
        assertEquals(
                "rambo-bench 0.1.0 (commit 0123456)",
                BuildVersion.line(new BuildInfo("0123456789abcdef", false, null, "0.1.0")));
        assertEquals(
                "rambo-bench (version unknown) (commit unknown)",
                BuildVersion.line(new BuildInfo("unknown", null, null, null)));
        CliRun v = CliRun.of("-V");
        assertEquals(0, v.code());
        assertEquals(BuildVersion.line(BuildInfo.current()) + System.lineSeparator(), v.out());
        assertTrue(v.out().matches("rambo-bench \\S+ \\(commit [0-9a-f]{7}(, uncommitted changes)?\\)\\R"), v.out());
    }
}
