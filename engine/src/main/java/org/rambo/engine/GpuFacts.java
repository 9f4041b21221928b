package org.rambo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rambo.runfolder.Provenance;

/**
 * What is known about one GPU: the model and memory (from the CUDA runtime and
 * {@code nvidia-smi}), the driver (from the kernel module), the CUDA runtime DJL found, and
 * whether the engine was built with cuDNN. A fact that cannot be read is null, never guessed.
 */
public final class GpuFacts {

    private GpuFacts() {}

    /** Facts of GPU {@code index} as the engine numbers them. */
    public static Provenance.GpuInfo of(int index) {
        Device device = Device.gpu(index);
        Long memoryMib = null;
        try {
            MemoryUsage usage = CudaUtils.getGpuMemory(device);
            memoryMib = usage.getMax() > 0 ? usage.getMax() / (1024 * 1024) : null;
        } catch (RuntimeException | LinkageError e) {
            // no CUDA runtime by name: the memory stays unknown
        }
        String capability = null;
        String runtime = null;
        try {
            capability = CudaUtils.getComputeCapability(index);
            runtime = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
        } catch (RuntimeException | LinkageError e) {
            // as above
        }
        return new Provenance.GpuInfo(index, smiModel(index), memoryMib, capability, driverVersion(), runtime, cudnn());
    }

    /** The NVIDIA kernel module's version, from /proc (Linux); null elsewhere or without the module. */
    static String driverVersion() {
        Path file = Path.of("/proc/driver/nvidia/version");
        try {
            return parseDriverVersion(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 ..." -> 550.54.14. */
    static String parseDriverVersion(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("NVRM version:")) {
                for (String word : line.split("\\s+")) {
                    if (word.matches("\\d+\\.\\d+(\\.\\d+)?")) {
                        return word;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The model name from {@code nvidia-smi}, which numbers GPUs by PCI bus like CUDA does when
     * {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}; through {@code CUDA_VISIBLE_DEVICES} the engine's
     * index i is the i-th id listed there.
     */
    private static String smiModel(int index) {
        String id = String.valueOf(index);
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible != null && !visible.isBlank()) {
            String[] ids = visible.split(",");
            if (index < ids.length) {
                id = ids[index].trim();
            }
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--id=" + id, "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            String name = new String(out, StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? null : name;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Whether the engine was built with cuDNN and, where a {@code libcudnn.so.N} sits beside the
     * loaded libtorch (the libtorch archive) or in a pip install's {@code nvidia/cudnn/lib}, that file.
     */
    static String cudnn() {
        boolean built;
        try {
            built = Engine.getInstance().hasCapability(StandardCapabilities.CUDNN);
        } catch (RuntimeException e) {
            return null;
        }
        if (!built) {
            return "not in this build";
        }
        List<Path> places = new ArrayList<>();
        try {
            Path lib = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
            places.add(lib);
            if (lib.getParent() != null && lib.getParent().getParent() != null) {
                places.add(lib.getParent().getParent().resolve("nvidia/cudnn/lib"));
            }
        } catch (RuntimeException e) {
            // no folder to look in
        }
        for (Path place : places) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(place, "libcudnn.so.*")) {
                for (Path f : files) {
                    return "built in; " + f.getFileName() + " in " + place;
                }
            } catch (IOException e) {
                // not there
            }
        }
        return "built in";
    }
}
