package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuInfoTest {

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
        assertEquals(
                List.of(
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
                        "sse4_2"),
                cpu.isaExtensions());
    }

    @Test
    void readsArmFeatures() {
        CpuInfo cpu = CpuInfo.parse("processor : 0\nFeatures : fp asimd evtstrm sve i8mm\nCPU part : 0xd40\n");
        assertEquals("0xd40", cpu.model());
        assertEquals(List.of("asimd", "i8mm", "sve"), cpu.isaExtensions());
    }

    @Test
    void thisMachineReportsItsCores() {
        assertTrue(CpuInfo.current().logicalCores() >= 1);
    }
}
