package org.rambo.harness.launcher;

import static org.testng.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * A libtorch named by PYTORCH_* is checked by bin/rambo-bench before the JVM starts: each mistake
 * a GPU user can make is one line naming the variable and the fix, exit 4 (environment).
 */
public class LauncherLibtorchTest {

    private Path dir;

    @BeforeMethod
    public void linuxX86() throws Exception {
        Launcher.requireLinuxX86();
        dir = Files.createTempDirectory("libtorch-check");
    }

    private String failure(Map<String, String> env) throws Exception {
        Launcher.Result r = Launcher.run(dir, env, List.of("--version"));
        assertEquals(r.code(), 4, r.err());
        assertEquals(r.out(), "");
        assertEquals(r.err().lines().count(), 1L, r.err());
        return r.err().strip();
    }

    /** A lib folder with a libtorch file and, optionally, the archive's build-version beside it. */
    private Path libtorch(String buildVersion) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        if (buildVersion != null) {
            Files.writeString(dir.resolve("libtorch/build-version"), buildVersion + "\n");
        }
        return lib;
    }

    @Test
    public void aFlavourTheJniJarLacksIsNamedWithTheOneThatWorks() throws Exception {
        assertEquals(
                failure(Map.of("PYTORCH_FLAVOR", "cu124")),
                "rambo-bench: PYTORCH_FLAVOR=cu124: the JNI bridge (pytorch-jni 2.7.1-0.36.0) exists for cpu, cu128"
                        + " only on Linux x86_64; for a GPU use PYTORCH_FLAVOR=cu128 with a libtorch 2.7.1+cu128"
                        + " (README: The paper protocol on a GPU)");
    }

    @Test
    public void aVersionOtherThanTheJniBridgesIsRefused() throws Exception {
        assertEquals(
                failure(Map.of("PYTORCH_VERSION", "2.5.1")),
                "rambo-bench: PYTORCH_VERSION=2.5.1: this build's JNI bridge is for PyTorch 2.7.1 only; set"
                        + " PYTORCH_VERSION=2.7.1 and use a libtorch 2.7.1");
    }

    @Test
    public void aLibraryPathThatIsNoFolderOrHoldsNoLibtorch() throws Exception {
        Path missing = dir.resolve("nope");
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", missing.toString(), "PYTORCH_FLAVOR", "cu128")),
                "rambo-bench: PYTORCH_LIBRARY_PATH=" + missing + " is not a folder: name the lib folder of libtorch"
                        + " 2.7.1 (libtorch/lib of the archive, or torch/lib of a pip-installed torch 2.7.1)");
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", dir.toString(), "PYTORCH_FLAVOR", "cu128")),
                "rambo-bench: PYTORCH_LIBRARY_PATH=" + dir + " holds no libtorch library: name the lib folder of"
                        + " libtorch 2.7.1 (libtorch/lib of the archive, or torch/lib of a pip-installed torch 2.7.1)");
    }

    @Test
    public void aLibraryPathWithoutAFlavour() throws Exception {
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", libtorch(null).toString())),
                "rambo-bench: PYTORCH_LIBRARY_PATH is set but PYTORCH_FLAVOR is not: set PYTORCH_FLAVOR=cu128 for a"
                        + " CUDA 12.8 libtorch, or cpu");
    }

    @Test
    public void theLibrarysOwnVersionAndFlavourMustMatch() throws Exception {
        Path lib = libtorch("2.5.1+cu121");
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu128")),
                "rambo-bench: PYTORCH_LIBRARY_PATH=" + lib + " is PyTorch 2.5.1+cu121, not 2.7.1: use a libtorch"
                        + " 2.7.1+cu128 (or +cpu)");
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cpu\n");
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu128")),
                "rambo-bench: PYTORCH_FLAVOR=cu128 but PYTORCH_LIBRARY_PATH=" + lib + " is PyTorch 2.7.1+cpu: set"
                        + " PYTORCH_FLAVOR=cpu");
    }

    @Test
    public void aPipInstallsVersionFileIsReadToo() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(
                dir.resolve("site-packages/torch/version.py"), "__version__ = '2.6.0+cu126'\ngit_version = 'x'\n");
        assertEquals(
                failure(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu128")),
                "rambo-bench: PYTORCH_LIBRARY_PATH=" + lib + " is PyTorch 2.6.0+cu126, not 2.7.1: use a libtorch"
                        + " 2.7.1+cu128 (or +cpu)");
    }

    @Test
    public void aGpuBuildWithoutALibraryPathSaysWhatToSet() throws Exception {
        Path jar = Files.writeString(dir.resolve("rambo-bench.jar"), "not run");
        Files.writeString(dir.resolve("rambo-bench.native"), "external\n");
        assertEquals(
                failure(Map.of("RAMBO_BENCH_JAR", jar.toString())),
                "rambo-bench: " + jar + " was built with -Pgpu and holds no PyTorch library: set PYTORCH_LIBRARY_PATH"
                        + " (a libtorch 2.7.1+cu128 lib folder), PYTORCH_FLAVOR=cu128 and PYTORCH_VERSION=2.7.1, or"
                        + " rebuild without -Pgpu for the CPU");
    }
}
