package org.rambo.harness.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a number came from: code version, software, machine, threads, data and seeds. */
public final class Provenance {

    private Provenance() {}

    public static Map<String, Object> collect(RunConfig config, String datasetChecksum, int dataWorkers) {
        Map<String, Object> p = new LinkedHashMap<>();
        putCodeVersion(p);
        p.put("java_version", System.getProperty("java.version"));
        p.put("java_vendor", System.getProperty("java.vendor"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        p.put("arch", System.getProperty("os.arch"));
        Engine engine = Engine.getInstance();
        p.put("djl_version", Engine.getDjlVersion());
        p.put("engine", engine.getEngineName());
        p.put("pytorch_version", engine.getVersion());
        p.put("native_flavor", nativeFlavor());
        p.put("device", config.protocol().device());
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("java_available_processors", Runtime.getRuntime().availableProcessors());
        threads.put("torch_intra_op", torchThreads("getNumThreads"));
        threads.put("torch_inter_op", torchThreads("getNumInteropThreads"));
        threads.put("data_workers", dataWorkers);
        p.put("threads", threads);
        p.put("dataset_checksum", datasetChecksum);
        Seeds s = config.seeds();
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("run", config.seed());
        seeds.put("model_init", s.modelInit());
        seeds.put("batch_order", s.batchOrder());
        seeds.put("augmentation", s.augmentation());
        seeds.put("loss", s.loss());
        seeds.put("data_subset", s.dataSubset());
        p.put("seeds", seeds);
        p.put("started_at", Instant.now().toString());
        return p;
    }

    /**
     * What any run records besides its config: the code version (git commit, dirty flag), the
     * PyTorch native flavour and the engine's thread counts. Used by runs the harness does not
     * train itself (the detection pair).
     */
    public static Map<String, Object> codeAndEngine() {
        Map<String, Object> p = new LinkedHashMap<>();
        putCodeVersion(p);
        p.put("native_flavor", nativeFlavor());
        p.put("torch_intra_op_threads", torchThreads("getNumThreads"));
        p.put("torch_inter_op_threads", torchThreads("getNumInteropThreads"));
        return p;
    }

    /** git_commit and git_dirty of the working directory's checkout ("unknown" / null outside git). */
    private static void putCodeVersion(Map<String, Object> p) {
        Path repo = Path.of("").toAbsolutePath();
        String commit = git(repo, "rev-parse", "HEAD");
        String status = git(repo, "status", "--porcelain", "--untracked-files=no");
        p.put("git_commit", commit == null ? "unknown" : commit.trim());
        p.put("git_dirty", status == null ? null : !status.isBlank());
    }

    /** The PyTorch native in use: the CPU jar's flavour unless the user pointed elsewhere. */
    static String nativeFlavor() {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        if (flavor == null) {
            flavor = System.getProperty("PYTORCH_FLAVOR");
        }
        String libPath = System.getenv("PYTORCH_LIBRARY_PATH");
        if (flavor != null || libPath != null) {
            return (flavor == null ? "" : flavor) + (libPath == null ? "" : " (" + libPath + ")");
        }
        return "cpu (pytorch-native-cpu jar)";
    }

    /** The engine's thread counts, read through its JNI utilities when it is PyTorch. */
    static Integer torchThreads(String method) {
        try {
            return (Integer) Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod(method).invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out;
            try (InputStream in = proc.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
