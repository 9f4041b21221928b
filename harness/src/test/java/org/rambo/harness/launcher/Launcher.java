package org.rambo.harness.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.SkipException;

/** bin/rambo-bench run as a child process with a chosen environment, as a user's shell would. */
public final class Launcher {

    /** The variables the launcher reads or sets, removed from the child's environment first. */
    public static final List<String> CPU_VARIABLES = List.of(
            "ATEN_CPU_CAPABILITY",
            "ONEDNN_MAX_CPU_ISA",
            "DNNL_MAX_CPU_ISA",
            "MKL_ENABLE_INSTRUCTIONS",
            "MKL_CBWR",
            "RAMBO_CPU_MODE");

    /**
     * The libtorch a user names, how its OpenMP threads wait, and the jar to run: removed from
     * the child's environment too.
     */
    public static final List<String> LIBTORCH_VARIABLES =
            List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR", "PYTORCH_VERSION", "OMP_WAIT_POLICY", "RAMBO_BENCH_JAR");

    private Launcher() {}

    public record Result(int code, String out, String err) {}

    /** The launcher script: bin/ beside the module folder the tests run in. */
    public static Path script() {
        Path script = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../bin/rambo-bench")
                .normalize();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no launcher at " + script);
        }
        return script;
    }

    /** The pin is defined for x86-64 Linux; elsewhere these tests have nothing to check. */
    public static void requireLinuxX86() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.equals("Linux") || !arch.equals("amd64")) {
            throw new SkipException("the AVX2 pin applies to Linux x86_64, not " + os + " " + arch);
        }
    }

    /** The pin guarantees nothing on a CPU below it; there these tests have nothing to check. */
    public static void requireAvx2() throws IOException {
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        if (!cpuinfo.contains(" avx2 ") || !cpuinfo.contains(" fma ")) {
            throw new SkipException("this CPU has no AVX2 with FMA, the level the launcher pins");
        }
    }

    /** Runs the launcher with the CPU variables cleared, then {@code env} set, in {@code dir}. */
    public static Result run(Path dir, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        CPU_VARIABLES.forEach(pb.environment()::remove);
        LIBTORCH_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int code = pb.start().waitFor();
        Result result = new Result(
                code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
