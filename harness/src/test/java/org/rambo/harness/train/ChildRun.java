package org.rambo.harness.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `rambo-bench run GRID` in a child JVM with the test classpath; its output goes to a file. */
final class ChildRun {

    final Process process;
    final Path output;

    private ChildRun(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ChildRun start(Path grid, Path runs, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                "org.rambo.harness.cli.RamboBench",
                "run",
                grid.toString(),
                "--runs-dir",
                runs.toString(),
                "--no-progress"));
        cmd.addAll(List.of(extra));
        Path output = Files.createTempFile("child-run", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ChildRun(p, output);
    }

    /** Waits for the process to end; its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("child run did not end within 10 minutes");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output);
    }
}
