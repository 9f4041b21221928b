package org.rambo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceSpecTest {

    @Test
    void wordsParseToTheirKindAndIndexAndBackToOneSpelling() {
        assertEquals(new DeviceSpec(DeviceSpec.Kind.CPU, -1), DeviceSpec.parse("cpu"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.AUTO, -1), DeviceSpec.parse(" Auto "));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.GPU, 0), DeviceSpec.parse("gpu"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.GPU, 0), DeviceSpec.parse("gpu:0"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.GPU, 3), DeviceSpec.parse("GPU:3"));
        assertEquals("gpu", DeviceSpec.parse("gpu:0").toString());
        assertEquals("gpu:3", DeviceSpec.parse("gpu:3").toString());
        assertEquals("cpu", DeviceSpec.parse("cpu").toString());
        assertEquals("auto", DeviceSpec.parse("auto").toString());
    }

    @Test
    void otherWordsAreRefusedWithTheAllowedOnes() {
        for (String bad : new String[] {"cuda", "gpu:", "gpu:-1", "gpu:x", "gpu:99999999999", "", "tpu"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(bad));
            assertEquals("must be cpu, gpu, gpu:N or auto, not '" + bad + "'", e.getMessage(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(null));
    }
}
