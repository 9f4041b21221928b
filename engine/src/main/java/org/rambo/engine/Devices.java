package org.rambo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import org.rambo.runfolder.Provenance;

/**
 * Turns a config's {@link DeviceSpec} into the engine's device, refusing one that is not usable
 * before anything is trained, and describes the engine and device for provenance.json.
 */
public final class Devices {

    /** Where the README explains the GPU set-up; named in every refusal. */
    public static final String GPU_HELP =
            "see 'The paper protocol on a GPU' in the README, or run 'rambo-bench doctor'";

    private Devices() {}

    /** The device to train on; throws with the reason when it is not usable. */
    public static Device resolve(DeviceSpec spec) {
        return resolve(spec, gpuCount(), LoadedLibtorch.current());
    }

    static Device resolve(DeviceSpec spec, int gpus, LoadedLibtorch loaded) {
        return switch (spec.kind()) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new DeviceUnavailableException(
                            "device " + spec + " is not usable: " + whyNoGpu(loaded) + "; " + GPU_HELP);
                }
                if (spec.index() >= gpus) {
                    throw new DeviceUnavailableException("device " + spec + " is not usable: the engine sees " + gpus
                            + " GPU" + (gpus == 1 ? "" : "s") + " (gpu:0" + (gpus > 1 ? " to gpu:" + (gpus - 1) : "")
                            + "); check CUDA_VISIBLE_DEVICES and --gpus-per-task");
                }
                yield Device.gpu(spec.index());
            }
        };
    }

    /** Why the engine sees no GPU, in the words a user can act on. */
    public static String whyNoGpu(LoadedLibtorch loaded) {
        if ("cpu".equals(loaded.flavor())) {
            return "the PyTorch library loaded is the CPU build (" + loaded.source() + ", " + loaded.libraryFolder()
                    + "); a GPU needs PYTORCH_LIBRARY_PATH set to a libtorch 2.7.1+cu128, PYTORCH_FLAVOR=cu128 and a"
                    + " jar built with -Pgpu";
        }
        return "the " + loaded.flavor() + " build of PyTorch is loaded (" + loaded.libraryFolder()
                + ") but finds no GPU: no NVIDIA driver for CUDA 12.8, or no GPU given to this job";
    }

    /** GPUs the loaded engine can use (0 for a CPU build or without a driver). */
    public static int gpuCount() {
        try {
            return Engine.getInstance().getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /**
     * The engine arrays alive now and, on a GPU, the device memory in use (by every process on
     * it, as the CUDA runtime reports it): a run's log prints it after each epoch, so growth shows.
     */
    public static String usage(Device device) {
        String arrays = "live arrays " + LiveArrays.count();
        if (!device.isGpu()) {
            return arrays;
        }
        try {
            MemoryUsage m = CudaUtils.getGpuMemory(device);
            return arrays + ", " + device + " memory used " + m.getUsed() / (1024 * 1024) + " of "
                    + m.getMax() / (1024 * 1024) + " MiB";
        } catch (RuntimeException | LinkageError e) {
            return arrays + ", " + device + " memory unknown (" + e.getMessage() + ")";
        }
    }

    /** provenance.json's engine entry for a run on {@code device}: what was loaded, and the GPU's facts. */
    public static Provenance.EngineInfo provenance(Device device) {
        LoadedLibtorch loaded = LoadedLibtorch.current();
        return new Provenance.EngineInfo(
                loaded.djlVersion(),
                loaded.engineName(),
                loaded.version(),
                loaded.flavor() + " (" + loaded.source() + ")",
                device.toString(),
                loaded.libraryFolder(),
                device.isGpu() ? GpuFacts.of(device.getDeviceId()) : null);
    }
}
