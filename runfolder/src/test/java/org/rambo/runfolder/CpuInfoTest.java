package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoTest {

    /** The kernel flags among a Xeon Platinum 8375C's flags, sorted. */
    static final List<String> XEON_KERNEL_FLAGS = List.of(
            "avx",
            "avx2",
            "avx512_vnni",
            "avx512bw",
            "avx512dq",
            "avx512f",
            "avx512vl",
            "f16c",
            "fma",
            "sse4_1",
            "sse4_2");

    @Test
    void readsModelAndKernelFlagsOfTheFirstProcessor() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
                flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni

                processor\t: 1
                model name\t: Other
                flags\t\t: fpu sse
                """;
        CpuInfo cpu = CpuInfo.parse(cpuinfo);
        assertEquals("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", cpu.model());
        assertEquals(XEON_KERNEL_FLAGS, cpu.isaExtensions());
    }

    @Test
    void readsArmFeatures() {
        CpuInfo cpu = CpuInfo.parse("processor : 0\nFeatures : fp asimd evtstrm sve i8mm\nCPU part : 0xd40\n");
        assertEquals("0xd40", cpu.model());
        assertEquals(List.of("asimd", "i8mm", "sve"), cpu.isaExtensions());
    }

    @Test
    void readsACpuinfoFileWithTheCoresItIsGiven() throws Exception {
        Path file =
                Path.of(CpuInfoTest.class.getResource("cpuinfo-two-xeons.txt").toURI());
        CpuInfo cpu = CpuInfo.read(file, 6, "amd64");
        // the first processor's model and the kernel flags among its 100-odd flags; the second
        // processor's amx_tile is not read
        assertEquals(new CpuInfo("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", XEON_KERNEL_FLAGS, 6), cpu);
    }

    @Test
    void withoutACpuinfoFileTheModelIsUnknownOnItsArchitecture(@TempDir Path dir) {
        assertEquals(
                new CpuInfo("unknown (aarch64)", List.of(), 3), CpuInfo.read(dir.resolve("cpuinfo"), 3, "aarch64"));
    }

    @Test
    void aCpuinfoWithoutModelOrFlagsSaysUnknownAndNoExtensions() {
        assertEquals(new CpuInfo("unknown", List.of(), 0), CpuInfo.parse("processor\t: 0\nbogomips\t: 50.00\n"));
    }

    @Test
    void thisMachineCountsTheCoresTheJvmSees() {
        assertEquals(
                Runtime.getRuntime().availableProcessors(), CpuInfo.current().logicalCores());
    }
}
