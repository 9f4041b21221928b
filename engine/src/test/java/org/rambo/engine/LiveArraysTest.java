package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class LiveArraysTest {

    @Test
    void countsArraysInNestedManagersUntilTheyAreClosed() {
        int before = LiveArrays.count();
        try (NDManager outer = NDManager.newBaseManager()) {
            outer.create(new float[] {1, 2});
            assertEquals(before + 1, LiveArrays.count());
            try (NDManager inner = outer.newSubManager()) {
                inner.create(3f);
                NDArray gone = inner.create(4f);
                assertEquals(before + 3, LiveArrays.count());
                gone.close();
                assertEquals(before + 2, LiveArrays.count());
            }
            assertEquals(before + 1, LiveArrays.count());
        }
        assertEquals(before, LiveArrays.count());
    }
}
