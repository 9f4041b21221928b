package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GpuFactsTest {

    @Test
    void theDriverVersionIsReadFromTheKernelModulesLine() {
        String proc = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\n"
                + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";
        assertEquals("550.54.14", GpuFacts.parseDriverVersion(proc));
        assertEquals(
                "570.86",
                GpuFacts.parseDriverVersion(
                        "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86  Release Build\n"));
        assertNull(GpuFacts.parseDriverVersion("GCC version: 12.2.0\n"));
    }
}
