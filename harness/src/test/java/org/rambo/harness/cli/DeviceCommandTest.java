package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rambo.engine.Devices;

/**
 * The device a config asks for, checked before anything is made: on a machine without a GPU
 * {@code device: gpu} is one line and exit 1, with no run folder; {@code doctor} says what is
 * there and what is missing. (On a machine with a GPU the GPU-tagged tests take over.)
 */
class DeviceCommandTest {

    /** The ci grid on another device; its data folder is not there, and need not be: the device is checked first. */
    private static Path gridWithDevice(String device) throws Exception {
        Path grid = Files.createTempFile("grid", ".yaml");
        Files.writeString(
                grid,
                Files.readString(Path.of("..", "configs", "ci.yaml"))
                        .replace("  device: cpu\n", "  device: " + device + "\n"));
        return grid;
    }

    @Test
    void aGpuGridOnAMachineWithoutAGpuIsOneLineAndNoRunFolder() throws Exception {
        if (Devices.gpuCount() > 0) {
            return; // this machine has a GPU: GpuTrainingTest covers it
        }
        Path runs = Files.createTempDirectory("runs").resolve("runs");
        CliRun r = CliRun.of("run", gridWithDevice("gpu").toString(), "--runs-dir", runs.toString());
        assertEquals(1, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(
                lines[0].startsWith("rambo-bench run: ")
                        && lines[0].contains(
                                "key 'protocol.device' device gpu is not usable: the PyTorch library loaded"
                                        + " is the CPU build"),
                lines[0]);
        assertFalse(Files.exists(runs), "no runs folder may be made for a device that cannot be used");
    }

    @Test
    void aDeviceWordThatIsNoDeviceNamesTheKeyAndTheWordsAllowed() throws Exception {
        CliRun r = CliRun.of("list", gridWithDevice("cuda").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(
                r.err().contains("protocol.device") && r.err().contains("must be cpu, gpu, gpu:N or auto, not 'cuda'"),
                r.err());
    }

    @Test
    void aGpuDetectionConfigOnAMachineWithoutAGpuIsOneLineAndNoRunFolder() throws Exception {
        if (Devices.gpuCount() > 0) {
            return;
        }
        Path config = Files.createTempFile("detection", ".json");
        Files.writeString(
                config,
                Files.readString(Path.of("..", "configs", "detection.json"))
                        .replace("\"protocol\": {", "\"protocol\": {\n    \"device\": \"gpu\","));
        Path runs = Files.createTempDirectory("runs").resolve("runs");
        CliRun r = CliRun.of("detect", config.toString(), "--runs-dir", runs.toString());
        assertEquals(1, r.code(), r.err());
        int line = 1
                + (int) Files.readString(config)
                        .lines()
                        .takeWhile(l -> !l.contains("\"device\""))
                        .count();
        assertEquals(
                "rambo-bench detect: " + config + ":" + line + ": key 'protocol.device': device gpu is not usable:"
                        + " the PyTorch library loaded is the CPU build",
                r.err().strip().substring(0, r.err().strip().indexOf(" (")));
        assertFalse(Files.exists(runs), "no runs folder may be made for a device that cannot be used");
    }

    @Test
    void doctorOnTheCpuGridsExitsZeroAndNamesTheEngineAndDevice() {
        CliRun r = CliRun.of("doctor", "../configs/ci.yaml", "../configs/detection.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("engine     PyTorch 2.7.1 through DJL 0.36.0"), r.out());
        assertTrue(r.out().contains("config     ../configs/ci.yaml: device cpu -> trains on cpu()"), r.out());
        assertTrue(r.out().contains("config     ../configs/detection.json: device cpu -> trains on cpu()"), r.out());
        assertTrue(r.out().contains("check      cpu(): forward and backward ok"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void doctorOnAGpuGridWithoutAGpuNamesTheMissingPieceAndExitsOne() {
        if (Devices.gpuCount() > 0) {
            return;
        }
        CliRun r = CliRun.of("doctor", "../configs/paper/cub.yaml");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("cuda       no GPU: "), r.out());
        assertEquals(1, r.err().strip().split("\n").length, "one line per problem: " + r.err());
        assertTrue(
                r.err().startsWith("rambo-bench doctor: ../configs/paper/cub.yaml: device gpu is not usable: "),
                r.err());
    }
}
