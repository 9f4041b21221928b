package org.rambo.runfolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor a run used and the instruction-set extensions it offers: the CPU kernels that
 * PyTorch, oneDNN and MKL pick depend on them, and so do the last digits of a result.
 *
 * @param model         the model name ({@code unknown} where the platform does not say)
 * @param isaExtensions the vector and matrix extensions among the CPU flags, sorted
 * @param logicalCores  what the JVM sees
 */
public record CpuInfo(String model, List<String> isaExtensions, int logicalCores) {

    /** Flags that decide which numeric kernels run (x86-64 and ARM names). */
    private static final Set<String> KERNEL_FLAGS = Set.of(
            "sse4_1",
            "sse4_2",
            "avx",
            "avx2",
            "fma",
            "f16c",
            "avx512f",
            "avx512bw",
            "avx512dq",
            "avx512vl",
            "avx512_vnni",
            "avx512_bf16",
            "avx512_fp16",
            "avx_vnni",
            "amx_tile",
            "amx_bf16",
            "amx_int8",
            "asimd",
            "sve",
            "sve2",
            "bf16",
            "i8mm");

    /** This machine's CPU, from /proc/cpuinfo where there is one. */
    public static CpuInfo current() {
        return read(
                Path.of("/proc/cpuinfo"), Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    }

    /** The CPU a cpuinfo file describes, with the cores the JVM sees; unknown where the file cannot be read. */
    static CpuInfo read(Path cpuinfo, int cores, String arch) {
        if (Files.isReadable(cpuinfo)) {
            try {
                CpuInfo parsed = parse(Files.readString(cpuinfo));
                return new CpuInfo(parsed.model(), parsed.isaExtensions(), cores);
            } catch (IOException e) {
                // fall through: an unreadable cpuinfo is recorded as unknown, not fatal
            }
        }
        return new CpuInfo("unknown (" + arch + ")", List.of(), cores);
    }

    /** Parses Linux /proc/cpuinfo text: the first processor's model and flags. */
    static CpuInfo parse(String cpuinfo) {
        String model = null;
        Set<String> isa = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (model == null && (key.equals("model name") || key.equals("Model") || key.equals("CPU part"))) {
                model = value;
            } else if (isa.isEmpty() && (key.equals("flags") || key.equals("Features"))) {
                for (String flag : value.split("\\s+")) {
                    if (KERNEL_FLAGS.contains(flag)) {
                        isa.add(flag);
                    }
                }
            }
        }
        return new CpuInfo(model == null ? "unknown" : model, List.copyOf(isa), 0);
    }
}
