package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.example.loss.WideMarginContrastiveProvider;
import org.testng.annotations.Test;

/**
 * A grid whose method is a loss from a separate jar runs to the end: the provider is packed into
 * a jar of its own, and a child JVM runs `rambo-bench run` on the main class path plus that jar
 * only (the test classes, where the provider was compiled, are left out).
 */
@Test(groups = "integration")
public class ProvidedLossGridTest {

    @Test
    public void aGridWithALossFromAnotherJarRunsToTheEnd() throws Exception {
        Path tmp = Files.createTempDirectory("provided-loss");
        Path jar = providerJar(tmp.resolve("wide-contrastive.jar"));
        Path data = FashionFixture.write(tmp.resolve("fmnist"), 30, 12, 3);
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(
                grid, TinyGrids.yaml(data, "  - {id: wide, loss: \"wide-contrastive:margin=0.7\"}\n", "0", 1, 3));
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> !entry.contains("test-classes"))
                        .collect(Collectors.joining(File.pathSeparator))
                + File.pathSeparator
                + jar;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                classPath,
                "org.rambo.harness.cli.RamboBench",
                "run",
                grid.toString(),
                "--runs-dir",
                tmp.resolve("runs").toString(),
                "--no-progress"));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child run did not end");
        String output = Files.readString(log);
        assertEquals(p.exitValue(), 0, output);
        Path folder = RunFolders.only(tmp.resolve("runs"), "tiny", "wide");
        assertEquals(RunFolders.json(folder.resolve("final.json")).get("status").asText(), "finished");
        assertEquals(
                RunFolders.json(folder.resolve("config.json")).get("loss").asText(), "wide-contrastive:margin=0.7");
        assertTrue(
                RunFolders.json(folder.resolve("final.json"))
                        .get("last")
                        .get("recall_at_1")
                        .isNumber(),
                output);

        // without the jar the same grid is refused in one line that lists the providers found
        Process without = new ProcessBuilder(cmd.stream()
                        .map(a -> a.equals(classPath)
                                ? classPath.substring(0, classPath.lastIndexOf(File.pathSeparator))
                                : a)
                        .toList())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("without.log").toFile())
                .start();
        assertTrue(without.waitFor(5, TimeUnit.MINUTES));
        String refused = Files.readString(tmp.resolve("without.log"));
        assertEquals(without.exitValue(), 1, refused);
        assertTrue(refused.contains("wide-contrastive") && refused.contains("contrastive, fastap"), refused);
    }

    /** The provider's class file and its services entry, as a user's jar would hold them. */
    private static Path providerJar(Path jar) throws Exception {
        String classFile = WideMarginContrastiveProvider.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                InputStream in =
                        WideMarginContrastiveProvider.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            in.transferTo(out);
            out.putNextEntry(new JarEntry("META-INF/services/org.rambo.baselines.LossProvider"));
            out.write((WideMarginContrastiveProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
