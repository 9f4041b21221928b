package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sizes and offsets computed by hand from torchvision's formulas. */
class TorchvisionGeometryTest {

    @Test
    void resizeTruncatesTheLongSide() {
        // 256 * 500 / 375 = 341.33 -> 341
        assertArrayEquals(new int[] {341, 256}, TorchvisionGeometry.resized(500, 375, 256));
        assertArrayEquals(new int[] {256, 341}, TorchvisionGeometry.resized(375, 500, 256));
        // 256 * 500 / 300 = 426.67 -> 426 (rounding would give 427)
        assertArrayEquals(new int[] {426, 256}, TorchvisionGeometry.resized(500, 300, 256));
        // 256 * 500 / 333 = 384.38 -> 384
        assertArrayEquals(new int[] {256, 384}, TorchvisionGeometry.resized(333, 500, 256));
        assertArrayEquals(new int[] {256, 256}, TorchvisionGeometry.resized(300, 300, 256));
        // upscaling: 256 * 100 / 50 = 512
        assertArrayEquals(new int[] {512, 256}, TorchvisionGeometry.resized(100, 50, 256));
        // 10 * 13 / 7 = 18.57 -> 18
        assertArrayEquals(new int[] {10, 18}, TorchvisionGeometry.resized(7, 13, 10));
    }

    @Test
    void centreOffsetRoundsHalvesToEven() {
        assertEquals(16, TorchvisionGeometry.centreOffset(256, 224)); // 32 / 2
        assertEquals(58, TorchvisionGeometry.centreOffset(341, 224)); // 58.5 -> 58
        assertEquals(60, TorchvisionGeometry.centreOffset(343, 224)); // 59.5 -> 60 (floor would give 59)
        assertEquals(101, TorchvisionGeometry.centreOffset(426, 224)); // 101
        assertEquals(0, TorchvisionGeometry.centreOffset(225, 224)); // 0.5 -> 0
        assertEquals(2, TorchvisionGeometry.centreOffset(227, 224)); // 1.5 -> 2
        assertEquals(0, TorchvisionGeometry.centreOffset(224, 224));
    }

    @Test
    void pipelineWindowsUseTheGeometry() {
        ImagePipeline p = new ImagePipeline(PipelineConfig.paper());
        assertEquals(new ImagePipeline.Window(341, 256, 58, 16, false), p.window(500, 375, false, 0));
        assertEquals(new ImagePipeline.Window(256, 384, 16, 80, false), p.window(333, 500, false, 0));
        // random crops: every offset in 0 .. n - crop, and no other
        Set<Integer> lefts = new HashSet<>();
        Set<Integer> tops = new HashSet<>();
        int flips = 0;
        for (long s = 0; s < 4000; s++) {
            ImagePipeline.Window w = p.window(500, 300, true, s);
            assertEquals(426, w.width());
            assertEquals(256, w.height());
            assertTrue(w.left() >= 0 && w.left() <= 426 - 224, "left " + w.left());
            assertTrue(w.top() >= 0 && w.top() <= 256 - 224, "top " + w.top());
            assertEquals(w, p.window(500, 300, true, s));
            lefts.add(w.left());
            tops.add(w.top());
            flips += w.flip() ? 1 : 0;
        }
        assertEquals(426 - 224 + 1, lefts.size());
        assertEquals(256 - 224 + 1, tops.size());
        assertTrue(flips > 1800 && flips < 2200, flips + " flips of 4000");
    }
}
