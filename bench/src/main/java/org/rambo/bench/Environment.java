package org.rambo.bench;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes {@code environment.json} beside the JMH results: JVM, JMH and DJL/PyTorch versions,
 * cores, threads, machine (CPU model, memory, OS), and any {@code key=value} arguments (for
 * example the JMH options of the run). A flat object of strings and numbers, as the reports
 * module reads it. Usage: {@code Environment OUT.json [key=value...]}.
 */
public final class Environment {

    private Environment() {}

    static ObjectNode collect(List<String> extra) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("date", Instant.now().toString());
        o.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        o.put("java.version", System.getProperty("java.version"));
        o.put("jvm.max_heap_bytes", Runtime.getRuntime().maxMemory());
        o.put(
                "jvm.input_arguments",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        o.put("available_processors", Runtime.getRuntime().availableProcessors());
        o.put("forkjoin.common_parallelism", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        o.put("jmh.version", jmhVersion());
        o.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        o.put("cpu.model", procField("/proc/cpuinfo", "model name"));
        o.put("cpu.logical_cores", countProc("/proc/cpuinfo", "processor"));
        o.put("memory.total", procField("/proc/meminfo", "MemTotal"));
        String omp = System.getenv("OMP_NUM_THREADS");
        o.put("env.OMP_NUM_THREADS", omp == null ? "unset" : omp);
        try {
            Engine engine = Engine.getInstance();
            o.put("djl.engine", engine.getEngineName() + " " + engine.getVersion());
            o.put("djl.version", Engine.getDjlVersion());
        } catch (RuntimeException | LinkageError e) {
            o.put("djl.engine", "unavailable: " + e.getMessage());
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
        return v == null ? "1.37 (declared in the root pom.xml)" : v;
    }

    static String procField(String file, String field) {
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

    private static long countProc(String file, String field) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(field))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Environment OUT.json [key=value...]");
            System.exit(2);
        }
        ObjectNode o = collect(List.of(args).subList(1, args.length));
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ScalingFit.writeAtomically(
                out,
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n");
        System.out.println("wrote " + out);
    }
}
