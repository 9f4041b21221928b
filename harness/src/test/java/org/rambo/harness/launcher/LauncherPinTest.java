package org.rambo.harness.launcher;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * What bin/rambo-bench hands to Java: a stand-in "java" prints its arguments and environment,
 * so each case checks the exact variables the launcher exports, and the arguments it passes.
 */
public class LauncherPinTest {

    private Path dir;
    private Path fakeJava;

    @BeforeClass
    public void fakeJava() throws IOException {
        Launcher.requireLinuxX86();
        dir = Files.createTempDirectory("launcher-pin");
        fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg=$a\"; done\nenv\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("stand-in.jar"), "");
    }

    private Launcher.Result launch(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new TreeMap<>(env);
        all.put("JAVA", fakeJava.toString());
        all.put("RAMBO_BENCH_JAR", dir.resolve("stand-in.jar").toString());
        return Launcher.run(dir, all, List.of(args));
    }

    /** The CPU variables as the launcher left them ("-" where unset). */
    private static Map<String, String> cpuVariables(String out) {
        Map<String, String> seen = new TreeMap<>();
        Launcher.CPU_VARIABLES.forEach(v -> seen.put(v, "-"));
        out.lines().filter(l -> l.contains("=")).forEach(l -> {
            String name = l.substring(0, l.indexOf('='));
            if (seen.containsKey(name)) {
                seen.put(name, l.substring(l.indexOf('=') + 1));
            }
        });
        return seen;
    }

    private static Map<String, String> expected(
            String aten, String onednn, String dnnl, String mklMachine, String cbwr, String mode) {
        return new TreeMap<>(Map.of(
                "ATEN_CPU_CAPABILITY",
                aten,
                "ONEDNN_MAX_CPU_ISA",
                onednn,
                "DNNL_MAX_CPU_ISA",
                dnnl,
                "MKL_ENABLE_INSTRUCTIONS",
                mklMachine,
                "MKL_CBWR",
                cbwr,
                "RAMBO_CPU_MODE",
                mode));
    }

    @Test
    public void pinsEveryLibraryByDefaultAndPassesArgumentsThrough() throws Exception {
        Launcher.Result r = launch(Map.of(), "run", "configs/a b.yaml", "--runs-dir", "runs");
        assertEquals(r.code(), 0, r.err());
        assertEquals(cpuVariables(r.out()), expected("avx2", "AVX2", "AVX2", "-", "COMPATIBLE", "pinned"));
        List<String> args = r.out().lines().filter(l -> l.startsWith("arg=")).toList();
        assertEquals(
                args,
                List.of(
                        "arg=-Dai.djl.offline=true",
                        "arg=-Xmx8g",
                        "arg=-jar",
                        "arg=" + dir.resolve("stand-in.jar"),
                        "arg=run",
                        "arg=configs/a b.yaml",
                        "arg=--runs-dir",
                        "arg=runs"));
    }

    @Test
    public void lowersLimitsAboveThePinAndKeepsTheMachinesMklLimit() throws Exception {
        Launcher.Result r = launch(
                Map.of(
                        "ATEN_CPU_CAPABILITY",
                        "avx512",
                        "ONEDNN_MAX_CPU_ISA",
                        "AVX512_CORE",
                        "DNNL_MAX_CPU_ISA",
                        "ALL",
                        "MKL_ENABLE_INSTRUCTIONS",
                        "AVX512"),
                "-V");
        assertEquals(r.code(), 0, r.err());
        assertEquals(cpuVariables(r.out()), expected("avx2", "AVX2", "AVX2", "AVX512", "COMPATIBLE", "pinned"));
    }

    @Test
    public void keepsLimitsBelowThePinAsAMachineWithoutAvx2WouldRunThem() throws Exception {
        Launcher.Result r = launch(
                Map.of(
                        "ATEN_CPU_CAPABILITY",
                        "default",
                        "ONEDNN_MAX_CPU_ISA",
                        "sse41",
                        "MKL_ENABLE_INSTRUCTIONS",
                        "SSE4_2"),
                "-V");
        assertEquals(r.code(), 0, r.err());
        assertEquals(cpuVariables(r.out()), expected("default", "sse41", "AVX2", "SSE4_2", "COMPATIBLE", "pinned"));
    }

    /** evaluate's numbers do not depend on the kernels (exact distances decide), so it runs the fast ones. */
    @Test
    public void evaluateRunsFastUnlessAModeIsSet() throws Exception {
        Launcher.Result r = launch(Map.of(), "evaluate", "--embeddings", "x.npy");
        assertEquals(r.code(), 0, r.err());
        assertEquals(cpuVariables(r.out()), expected("-", "-", "-", "-", "-", "fast"));
        Launcher.Result pinned = launch(Map.of("RAMBO_CPU_MODE", "pinned"), "evaluate", "--embeddings", "x.npy");
        assertEquals(cpuVariables(pinned.out()), expected("avx2", "AVX2", "AVX2", "-", "COMPATIBLE", "pinned"));
    }

    /** evaluate runs with the quick compiler only, ahead of the user's options (a later option wins); nothing else does. */
    @Test
    public void evaluateAloneRunsWithTheQuickCompiler() throws Exception {
        Launcher.Result r = launch(Map.of(), "evaluate", "--embeddings", "x.npy");
        assertEquals(r.code(), 0, r.err());
        assertEquals(
                javaOptions(r.out()),
                List.of("arg=-Dai.djl.offline=true", "arg=-XX:TieredStopAtLevel=1", "arg=-Xmx8g"));
        Launcher.Result user = launch(
                Map.of("RAMBO_JAVA_OPTS", "-Xmx2g -XX:TieredStopAtLevel=4"), "evaluate", "--embeddings", "x.npy");
        assertEquals(
                javaOptions(user.out()),
                List.of(
                        "arg=-Dai.djl.offline=true",
                        "arg=-XX:TieredStopAtLevel=1",
                        "arg=-Xmx2g",
                        "arg=-XX:TieredStopAtLevel=4"));
        Launcher.Result run = launch(Map.of(), "run", "configs/ci.yaml");
        assertEquals(javaOptions(run.out()), List.of("arg=-Dai.djl.offline=true", "arg=-Xmx8g"));
    }

    /** evaluate tells the engine's OpenMP threads to sleep between products, unless the user chose otherwise. */
    @Test
    public void evaluateAloneLetsTheEnginesThreadsSleep() throws Exception {
        assertEquals(variable(launch(Map.of(), "evaluate").out(), "OMP_WAIT_POLICY"), "PASSIVE");
        assertEquals(
                variable(launch(Map.of("OMP_WAIT_POLICY", "ACTIVE"), "evaluate").out(), "OMP_WAIT_POLICY"), "ACTIVE");
        assertEquals(variable(launch(Map.of(), "run", "configs/ci.yaml").out(), "OMP_WAIT_POLICY"), "-");
    }

    /** A variable of the environment the stand-in java saw, "-" when unset. */
    private static String variable(String out, String name) {
        return out.lines()
                .filter(l -> l.startsWith(name + "="))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElse("-");
    }

    /** The arguments before -jar: the JVM's options. */
    private static List<String> javaOptions(String out) {
        return out.lines()
                .filter(l -> l.startsWith("arg="))
                .takeWhile(l -> !l.equals("arg=-jar"))
                .toList();
    }

    @Test
    public void fastModeLeavesTheLibrariesAlone() throws Exception {
        Launcher.Result r = launch(
                Map.of(
                        "RAMBO_CPU_MODE",
                        "fast",
                        "ONEDNN_MAX_CPU_ISA",
                        "AVX512_CORE",
                        "RAMBO_JAVA_OPTS",
                        "-Xmx2g -Dx=1"),
                "-V");
        assertEquals(r.code(), 0, r.err());
        assertEquals(cpuVariables(r.out()), expected("-", "AVX512_CORE", "-", "-", "-", "fast"));
        assertTrue(r.out().contains("arg=-Xmx2g\narg=-Dx=1\n"), r.out());
        assertFalse(r.out().contains("arg=-Xmx8g"), r.out());
    }

    @Test
    public void unknownModeIsAUsageErrorInOneLine() throws Exception {
        Launcher.Result r = launch(Map.of("RAMBO_CPU_MODE", "turbo"), "-V");
        assertEquals(r.code(), 2);
        assertEquals(r.err(), "rambo-bench: RAMBO_CPU_MODE must be pinned or fast, not 'turbo'\n");
        assertEquals(r.out(), "");
    }

    @Test
    public void missingJarIsAnEnvironmentErrorNamingIt() throws Exception {
        Path absent = dir.resolve("absent.jar");
        Launcher.Result r = Launcher.run(
                dir, Map.of("JAVA", fakeJava.toString(), "RAMBO_BENCH_JAR", absent.toString()), List.of("-V"));
        assertEquals(r.code(), 4);
        assertEquals(
                r.err(), "rambo-bench: " + absent + " is not built: run 'make build' (or 'mvn -DskipTests package')\n");
    }
}
