package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadedLibtorchTest {

    @Test
    void theFlavourComesFromDjlsCacheFolderName() {
        assertEquals(
                "cpu", LoadedLibtorch.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", null, false));
        assertEquals("cu128", LoadedLibtorch.flavorOf("/root/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64", "cpu", false));
        assertEquals("cpu", LoadedLibtorch.flavorOf("/c/2.7.1-cpu-precxx11-linux-x86_64", null, true));
    }

    @Test
    void aUsersFolderTakesTheDeclaredFlavourElseWhatTheEngineSees() {
        assertEquals("cu128", LoadedLibtorch.flavorOf("/opt/libtorch/lib", "cu128", false));
        assertEquals("cuda", LoadedLibtorch.flavorOf("/opt/libtorch/lib", null, true));
        assertEquals("cpu", LoadedLibtorch.flavorOf("/opt/libtorch/lib", " ", false));
        assertEquals("cpu", LoadedLibtorch.flavorOf(null, null, false));
    }
}
