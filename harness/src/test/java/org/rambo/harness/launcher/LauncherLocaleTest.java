package org.rambo.harness.launcher;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.testng.SkipException;
import org.testng.annotations.Test;

/**
 * A runs folder named with non-ASCII letters under a non-UTF-8 locale (LC_ALL=C): through
 * bin/rambo-bench the command works; plain Java, which cannot name the path in that locale,
 * says so in one line with what to do, not with the usage text.
 */
public class LauncherLocaleTest {

    private static final String RUNS = "läufe-é";

    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path grid() {
        return Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../configs/ci.yaml")
                .normalize();
    }

    private static void requireUtf8Here() {
        Launcher.requireLinuxX86();
        if (!"UTF-8".equals(System.getProperty("sun.jnu.encoding"))) {
            throw new SkipException("this JVM cannot pass a non-ASCII argument itself");
        }
    }

    @Test
    public void theLauncherRunsANonAsciiRunsFolderUnderTheCLocale() throws Exception {
        requireUtf8Here();
        Path dir = Files.createTempDirectory("locale");
        Launcher.Result r = Launcher.run(
                dir,
                Map.of("LC_ALL", "C", "LANG", "C", "RAMBO_BENCH_CLASSPATH", classPath()),
                List.of(
                        "list",
                        grid().toString(),
                        "--runs-dir",
                        dir.resolve(RUNS).toString(),
                        "--only",
                        "contrastive"));
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.out().contains(dir.resolve(RUNS).resolve("ci").toString()), r.out());
        assertEquals(r.out().lines().count(), 1 + 5, r.out());
    }

    @Test
    public void plainJavaUnderTheCLocaleSaysWhatToDoInOneLine() throws Exception {
        requireUtf8Here();
        Path dir = Files.createTempDirectory("locale");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drambo.log.file=" + dir.resolve("rambo-bench.log"),
                "-cp",
                classPath(),
                "org.rambo.harness.cli.RamboBench",
                "list",
                grid().toString(),
                "--runs-dir",
                dir.resolve(RUNS).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(p.exitValue(), 4, out);
        assertEquals(out.lines().count(), 1, out);
        assertTrue(
                out.startsWith("rambo-bench list: '")
                        && out.strip()
                                .endsWith(
                                        "': not a path in this locale's character set (ANSI_X3.4-1968); run with a UTF-8 locale,"
                                                + " e.g. LC_ALL=C.UTF-8 (bin/rambo-bench does this)"),
                out);
    }
}
