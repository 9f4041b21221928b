package org.rambo.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with ordinary JMH command-line options and has JMH write the results of that one run
 * in both of its formats, {@code OUT_DIR/NAME.json} and {@code OUT_DIR/NAME.csv} (JMH's
 * {@code -rf} takes one format per run). Usage:
 * {@code java -cp benchmarks.jar org.rambo.harness.bench.BenchRunner OUT_DIR NAME [JMH options...]}.
 * Forks get the same class path, so {@code -cp other.jar:benchmarks.jar} benchmarks other classes
 * (the before/after runs put an older rambo jar first).
 */
public final class BenchRunner {

    private BenchRunner() {}

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 2) {
            System.err.println("usage: BenchRunner OUT_DIR NAME [JMH options...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String name = args[1];
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(Arrays.copyOfRange(args, 2, args.length));
        } catch (CommandLineOptionException e) {
            System.err.println("bad JMH options: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(out);
        Collection<RunResult> results = new Runner(options).run();
        if (results.isEmpty()) {
            System.err.println("no benchmark matched " + options.getIncludes());
            System.exit(1);
        }
        write(results, ResultFormatType.JSON, out.resolve(name + ".json"));
        write(results, ResultFormatType.CSV, out.resolve(name + ".csv"));
        System.out.println("wrote " + out.resolve(name + ".json") + " and " + out.resolve(name + ".csv"));
    }

    /** JMH's own writer, into a temporary file renamed over the target (no half-written results). */
    private static void write(Collection<RunResult> results, ResultFormatType type, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        ResultFormatFactory.getInstance(type, tmp.toString()).writeOut(results);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
