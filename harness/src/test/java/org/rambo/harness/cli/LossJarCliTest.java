package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.example.loss.LevelCheckingProvider;
import org.example.loss.SecondContrastiveProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's loss jar that is wrong is the user's input, told in one line before any run folder
 * exists, never an internal error: a provider whose create() refuses an option, two providers of
 * one name, a services file naming a class that is not there. Each case is `rambo-bench` in a
 * child JVM on the main class path plus the jar (the test classes left out).
 */
class LossJarCliTest {

    private static final String SERVICES = "META-INF/services/org.rambo.baselines.LossProvider";

    @TempDir
    Path dir;

    /** The exit code and everything the child printed. */
    private record Child(int code, String output) {}

    private Child rambo(Path jar, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> !entry.contains("test-classes"))
                        .collect(Collectors.joining(File.pathSeparator))
                + File.pathSeparator
                + jar;
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Drambo.log.file=" + dir.resolve("rambo-bench.log"),
                "-cp",
                classPath,
                "org.rambo.harness.cli.RamboBench"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child did not end");
        return new Child(p.exitValue(), Files.readString(log));
    }

    /** A jar with these classes and a services file of these lines. */
    private Path jar(String name, List<Class<?>> classes, List<String> services) throws Exception {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> c : classes) {
                String classFile = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(classFile)) {
                    out.putNextEntry(new JarEntry(classFile));
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry(SERVICES));
            out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private Path grid(String loss) throws Exception {
        String ci = Files.readString(GridTaskFixture.CI_GRID.toAbsolutePath());
        // without the ci grid's tune section, which names the triplet method this grid replaces
        ci = ci.substring(0, ci.indexOf("\ntune:") + 1);
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(
                grid,
                ci.replace(
                        "  - {id: triplet,          loss: \"triplet:margin=0.1,mining=semihard\"}",
                        "  - {id: mine, loss: \"" + loss + "\"}"));
        return grid;
    }

    @Test
    void anOptionTheProviderRefusesIsAConfigErrorNamingTheLine() throws Exception {
        Path jar = jar(
                "leveled.jar", List.of(LevelCheckingProvider.class), List.of(LevelCheckingProvider.class.getName()));
        Path grid = grid("leveled:level=7");
        int line = (int) Files.readAllLines(grid).stream()
                        .takeWhile(l -> !l.contains("leveled:level=7"))
                        .count()
                + 1;
        Path runs = dir.resolve("runs");
        for (String command : new String[] {"list", "run"}) {
            Child c = rambo(jar, command, grid.toString(), "--runs-dir", runs.toString());
            assertEquals(1, c.code(), c.output());
            assertEquals(
                    "rambo-bench " + command + ": " + grid + ":" + line
                            + ": key 'methods[3].loss' (method 'mine'): key 'level' must be 1, 2 or 3, got 7",
                    c.output().strip());
            assertFalse(Files.exists(runs), "no run folder for a config error");
        }
        assertEquals(0, rambo(jar, "list", grid("leveled:level=2").toString()).code());
    }

    @Test
    void twoProvidersOfOneNameAreOneLineNotAnInternalError() throws Exception {
        Path jar = jar(
                "clash.jar",
                List.of(SecondContrastiveProvider.class),
                List.of(SecondContrastiveProvider.class.getName()));
        Child c = rambo(
                jar,
                "list",
                GridTaskFixture.CI_GRID.toAbsolutePath().normalize().toString());
        assertEquals(1, c.code(), c.output());
        assertEquals(
                "rambo-bench list: " + GridTaskFixture.CI_GRID.toAbsolutePath().normalize()
                        + ": the loss providers on the class path: two loss providers are named 'contrastive': "
                        + "org.rambo.baselines.ContrastiveLossProvider and " + SecondContrastiveProvider.class.getName()
                        + "; remove or fix the jar that adds it (its " + SERVICES + ")",
                c.output().strip());
    }

    @Test
    void aServicesFileNamingAMissingClassIsOneLineNotAnInternalError() throws Exception {
        Path jar = jar("missing.jar", List.of(), List.of("org.example.loss.NotThere"));
        Child c = rambo(
                jar,
                "list",
                GridTaskFixture.CI_GRID.toAbsolutePath().normalize().toString());
        assertEquals(1, c.code(), c.output());
        assertEquals(
                "rambo-bench list: " + GridTaskFixture.CI_GRID.toAbsolutePath().normalize()
                        + ": the loss providers on the class path: a loss provider on the classpath cannot be loaded: "
                        + "org.rambo.baselines.LossProvider: Provider org.example.loss.NotThere not found"
                        + "; remove or fix the jar that adds it (its " + SERVICES + ")",
                c.output().strip());
    }
}
