package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Resolution against a made-up engine (GPU count, build): no GPU is needed to check the rules. */
class DevicesTest {

    static final LoadedLibtorch CPU_BUILD = new LoadedLibtorch(
            "0.36.0", "PyTorch", "2.7.1", "/x/2.7.1-cpu-linux-x86_64", "cpu", "pytorch-native-cpu jar");
    static final LoadedLibtorch CUDA_BUILD =
            new LoadedLibtorch("0.36.0", "PyTorch", "2.7.1", "/opt/libtorch/lib", "cu128", "PYTORCH_LIBRARY_PATH");

    @Test
    void cpuAndAutoWithoutGpuTrainOnTheCpu() {
        assertEquals(Device.cpu(), Devices.resolve(DeviceSpec.parse("cpu"), 0, CPU_BUILD));
        assertEquals(Device.cpu(), Devices.resolve(DeviceSpec.parse("auto"), 0, CPU_BUILD));
        assertEquals(Device.cpu(), Devices.resolve(DeviceSpec.parse("cpu"), 2, CUDA_BUILD));
    }

    @Test
    void autoAndGpuTakeTheGpuAskedFor() {
        assertEquals(Device.gpu(0), Devices.resolve(DeviceSpec.parse("auto"), 2, CUDA_BUILD));
        assertEquals(Device.gpu(0), Devices.resolve(DeviceSpec.parse("gpu"), 2, CUDA_BUILD));
        assertEquals(Device.gpu(1), Devices.resolve(DeviceSpec.parse("gpu:1"), 2, CUDA_BUILD));
    }

    @Test
    void aGpuOnTheCpuBuildSaysWhichBuildIsLoadedAndWhatAGpuNeeds() {
        DeviceUnavailableException e = assertThrows(
                DeviceUnavailableException.class, () -> Devices.resolve(DeviceSpec.parse("gpu"), 0, CPU_BUILD));
        assertEquals(
                "device gpu is not usable: the PyTorch library loaded is the CPU build (pytorch-native-cpu jar,"
                        + " /x/2.7.1-cpu-linux-x86_64); a GPU needs PYTORCH_LIBRARY_PATH set to a libtorch 2.7.1+cu128,"
                        + " PYTORCH_FLAVOR=cu128 and a jar built with -Pgpu; " + Devices.GPU_HELP,
                e.getMessage());
    }

    @Test
    void aCudaBuildWithoutGpuPointsAtTheDriver() {
        DeviceUnavailableException e = assertThrows(
                DeviceUnavailableException.class, () -> Devices.resolve(DeviceSpec.parse("gpu"), 0, CUDA_BUILD));
        assertTrue(
                e.getMessage().contains("the cu128 build of PyTorch is loaded (/opt/libtorch/lib) but finds no GPU"),
                e.getMessage());
    }

    @Test
    void aGpuIndexPastTheCountNamesTheOnesThereAre() {
        DeviceUnavailableException e = assertThrows(
                DeviceUnavailableException.class, () -> Devices.resolve(DeviceSpec.parse("gpu:2"), 2, CUDA_BUILD));
        assertEquals(
                "device gpu:2 is not usable: the engine sees 2 GPUs (gpu:0 to gpu:1); check CUDA_VISIBLE_DEVICES"
                        + " and --gpus-per-task",
                e.getMessage());
    }

    @Test
    void onThisMachineTheCpuResolvesAndProvenanceNamesTheLoadedBuild() {
        assertEquals(Device.cpu(), Devices.resolve(DeviceSpec.CPU));
        var info = Devices.provenance(Device.cpu());
        assertEquals("cpu()", info.device());
        assertEquals("2.7.1", info.version());
        assertTrue(info.nativeFlavor().startsWith("cpu ("), info.nativeFlavor());
        assertTrue(info.libraryFolder() != null && !info.libraryFolder().isBlank());
        assertEquals(null, info.gpu());
    }
}
