package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeThroughputTest {

    @Test
    void coresAreTheTargetOverThePerThreadRateRoundedUp() {
        // 2 threads, 100 images in 0.5 s: 200 images/s, 100 per thread
        DecodeThroughput.Result r = new DecodeThroughput.Result(2, 100, 0.5, 0.9);
        assertEquals(200.0, r.imagesPerSecond(), 1e-9);
        assertEquals(100 / 0.9, r.imagesPerCpuSecond(), 1e-9);
        assertEquals(8, DecodeThroughput.coresFor(800, r));
        assertEquals(9, DecodeThroughput.coresFor(801, r));
        assertEquals(1, DecodeThroughput.coresFor(1, r));
    }

    @Test
    void refusesNothingToMeasure() {
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(4, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> DecodeThroughput.measure(List.of(), p, 1));
    }
}
