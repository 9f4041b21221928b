package org.rambo.harness.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Writes {@code environment.json} next to the JMH results: JVM, JMH, DJL and PyTorch versions,
 * the threads each side uses (PyTorch intra-op and inter-op threads, the fork-join pool the
 * Java ranking spreads rows over), the machine (CPU model, cores, memory, kernel) and its load
 * average when the run started (the machine is shared: loaded runs are noisy). Extra
 * {@code key=value} arguments are stored as given (e.g. the JMH options). Usage:
 * {@code BenchEnvironment OUT.json [key=value...]}.
 */
public final class BenchEnvironment {

    private BenchEnvironment() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BenchEnvironment OUT.json [key=value...]");
            System.exit(2);
        }
        ObjectNode o = collect(List.of(args).subList(1, args.length));
        Path out = Path.of(args[0]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        ScalingFit.writeAtomically(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(o) + "\n");
        System.out.println("wrote " + out);
    }

    static ObjectNode collect(List<String> extra) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("date", Instant.now().toString());
        o.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                + System.getProperty("java.vm.vendor") + ")");
        o.put("java_version", System.getProperty("java.version"));
        o.put("jmh_version", jmhVersion());
        o.put("available_processors", Runtime.getRuntime().availableProcessors());
        o.put("java_rank_threads", ForkJoinPool.getCommonPoolParallelism() + 1);
        o.put("java_rank_threads_note", "rows of a matrix with >= 2^16 elements are ranked on the common "
                + "fork-join pool plus the calling thread; each row by one thread, results independent of threads");
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        o.put("cpu_model", procField("/proc/cpuinfo", "model name"));
        o.put("cpu_logical_cores", countLines("/proc/cpuinfo", "processor"));
        o.put("memory_total", procField("/proc/meminfo", "MemTotal"));
        o.put("load_average_at_start", firstLine("/proc/loadavg"));
        o.put("runner_jvm_arguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        o.put("env_OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        try {
            Engine engine = Engine.getInstance();
            o.put("djl_version", Engine.getDjlVersion());
            o.put("engine", engine.getEngineName() + " " + engine.getVersion());
            o.put("pytorch_intra_op_threads", JniUtils.getNumThreads());
            o.put("pytorch_inter_op_threads", JniUtils.getNumInteropThreads());
        } catch (RuntimeException | LinkageError e) {
            o.put("engine", "unavailable: " + e);
        }
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + kv);
            }
            o.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return o;
    }

    private static String jmhVersion() {
        Package p = org.openjdk.jmh.Main.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "1.37" : v;
    }

    private static String procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String firstLine(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? "unknown" : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long countLines(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
