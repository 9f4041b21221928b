package org.rambo.harness.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rambo.engine.DeviceCheck;
import org.rambo.engine.DeviceSpec;
import org.rambo.engine.DeviceUnavailableException;
import org.rambo.engine.Devices;
import org.rambo.engine.GpuFacts;
import org.rambo.engine.LoadedLibtorch;
import org.rambo.harness.config.DetectionLoader;
import org.rambo.harness.config.GridLoader;
import org.rambo.runfolder.CpuInfo;
import org.rambo.runfolder.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench doctor [GRID...]}: what this machine would train with. Prints the PyTorch
 * build the engine loaded and from where, the CPU and its numeric pin, CUDA and each GPU, and
 * the device each config asks for; runs one small forward and backward on every such device.
 * Exit 0 when everything the configs need is there, 1 with one line per problem otherwise.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Check the engine, CUDA, GPUs and the device each config would train on.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything the configs need is here", "1:one line per problem on standard error"})
public final class DoctorCommand implements Callable<Integer> {

    private static final String PREFIX = "rambo-bench doctor: ";

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "GRID",
            arity = "0..*",
            description = "grid files (YAML/JSON) or detection configs (JSON with a 'method' key); "
                    + "without any, the CPU is checked")
    List<Path> configs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();
        LoadedLibtorch loaded = LoadedLibtorch.current();
        out.printf("engine     %s %s through DJL %s%n", loaded.engineName(), loaded.version(), loaded.djlVersion());
        out.printf("libtorch   %s build, from the %s (%s)%n", loaded.flavor(), loaded.source(), loaded.libraryFolder());
        CpuInfo cpu = CpuInfo.current();
        out.printf(
                "cpu        %s, %d logical cores, %s%n",
                cpu.model(), cpu.logicalCores(), String.join(" ", cpu.isaExtensions()));
        out.printf("cpu pin    %s%n", pin());
        int gpus = Devices.gpuCount();
        if (gpus == 0) {
            out.printf("cuda       no GPU: %s%n", Devices.whyNoGpu(loaded));
        } else {
            out.printf("cuda       usable, %d GPU%s%n", gpus, gpus == 1 ? "" : "s");
            for (int i = 0; i < gpus; i++) {
                out.printf("gpu %-6d %s%n", i, describe(GpuFacts.of(i)));
            }
        }
        Set<Device> devices = new LinkedHashSet<>();
        if (configs.isEmpty()) {
            devices.add(Device.cpu());
        }
        for (Path config : configs) {
            String word;
            try {
                word = deviceWord(config);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            try {
                Device device = Devices.resolve(DeviceSpec.parse(word));
                devices.add(device);
                out.printf("config     %s: device %s -> trains on %s%n", config, word, device);
            } catch (DeviceUnavailableException e) {
                out.printf("config     %s: device %s -> not usable%n", config, word);
                problems.add(config + ": " + e.getMessage());
            }
        }
        for (Device device : devices) {
            DeviceCheck.Result r = DeviceCheck.run(device);
            if (r.ok()) {
                out.printf(
                        "check      %s: forward and backward ok (gradient within %.1e of the hand-worked one, %.0f ms)%n",
                        device, r.maxError(), r.millis());
            } else {
                out.printf("check      %s: forward and backward FAILED%n", device);
                problems.add(device + ": a forward and backward failed: " + r.problem());
            }
        }
        out.flush();
        if (problems.isEmpty()) {
            out.println(configs.isEmpty() ? "ok: the CPU trains" : "ok: everything these configs need is here");
            out.flush();
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String p : problems) {
            err.println(PREFIX + p);
        }
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    /** protocol.device of a grid, or device of a detection config (a JSON object with a 'method'). */
    private static String deviceWord(Path config) {
        String name = config.getFileName() == null ? "" : config.getFileName().toString();
        if (name.endsWith(".json") && isDetection(config)) {
            return DetectionLoader.read(config, List.of(), note -> {}).value().device();
        }
        return GridLoader.load(config).protocol().device();
    }

    private static boolean isDetection(Path config) {
        try {
            Map<?, ?> top = new ObjectMapper().readValue(config.toFile(), Map.class);
            return top.containsKey("method") && !top.containsKey("methods");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(config + ": not readable as JSON (" + e.getMessage() + ")", e);
        }
    }

    /** The numeric libraries' pin as the launcher set it (docs/determinism.md). */
    private static String pin() {
        String mode = System.getenv("RAMBO_CPU_MODE");
        StringBuilder b = new StringBuilder(mode == null ? "not started through bin/rambo-bench" : mode);
        List<String> set = new ArrayList<>();
        for (String name : List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_CBWR")) {
            String v = System.getenv(name);
            if (v != null) {
                set.add(name + "=" + v);
            }
        }
        if (!set.isEmpty()) {
            b.append(" (").append(String.join(", ", set)).append(')');
        }
        return b.toString();
    }

    private static String describe(Provenance.GpuInfo g) {
        return (g.model() == null ? "model unknown (no nvidia-smi)" : g.model())
                + ", " + (g.memoryMib() == null ? "memory unknown" : g.memoryMib() + " MiB")
                + ", compute capability " + orUnknown(g.computeCapability())
                + ", driver " + orUnknown(g.driver())
                + ", CUDA runtime " + orUnknown(g.cudaRuntime())
                + ", cuDNN " + orUnknown(g.cudnn());
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
