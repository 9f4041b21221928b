package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NDArray anchor matching and offset encoding against plain-Java brute force. */
class AnchorMatcherTest {

    static float[] randomBoxes(Random r, int n) {
        float[] b = new float[n * 4];
        for (int i = 0; i < n; i++) {
            float x = r.nextFloat() * 0.8f;
            float y = r.nextFloat() * 0.8f;
            b[i * 4] = x;
            b[i * 4 + 1] = y;
            b[i * 4 + 2] = x + 0.05f + r.nextFloat() * 0.3f;
            b[i * 4 + 3] = y + 0.05f + r.nextFloat() * 0.3f;
        }
        return b;
    }

    static double iou(float[] a, int i, float[] b, int j) {
        double w = Math.max(0, Math.min(a[i * 4 + 2], b[j * 4 + 2]) - Math.max(a[i * 4], b[j * 4]));
        double h = Math.max(0, Math.min(a[i * 4 + 3], b[j * 4 + 3]) - Math.max(a[i * 4 + 1], b[j * 4 + 1]));
        double inter = w * h;
        double ua = (a[i * 4 + 2] - a[i * 4]) * (a[i * 4 + 3] - a[i * 4 + 1]);
        double ub = (b[j * 4 + 2] - b[j * 4]) * (b[j * 4 + 3] - b[j * 4 + 1]);
        return inter / (ua + ub - inter);
    }

    static int[] bruteMatch(float[] anchors, float[] boxes, float threshold) {
        int a = anchors.length / 4;
        int g = boxes.length / 4;
        int[] m = new int[a];
        Arrays.fill(m, -1);
        for (int i = 0; i < a; i++) {
            double best = -1;
            int arg = -1;
            for (int j = 0; j < g; j++) {
                if (iou(anchors, i, boxes, j) > best) {
                    best = iou(anchors, i, boxes, j);
                    arg = j;
                }
            }
            if (best >= threshold) {
                m[i] = arg;
            }
        }
        for (int j = 0; j < g; j++) {
            double best = -1;
            int arg = -1;
            for (int i = 0; i < a; i++) {
                if (iou(anchors, i, boxes, j) > best) {
                    best = iou(anchors, i, boxes, j);
                    arg = i;
                }
            }
            m[arg] = j;
        }
        return m;
    }

    @Test
    void iouMatchingAndEncodingAgreeWithBruteForce() {
        Random r = new Random(2);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 10; trial++) {
                float[] anchors = randomBoxes(r, 40);
                float[] boxes = randomBoxes(r, 1 + r.nextInt(5));
                NDArray an = m.create(anchors, new Shape(40, 4));
                NDArray bx = m.create(boxes, new Shape(boxes.length / 4, 4));
                float[] iou = AnchorMatcher.iou(an, bx).toFloatArray();
                for (int i = 0; i < 40; i++) {
                    for (int j = 0; j < boxes.length / 4; j++) {
                        assertEquals(iou(anchors, i, boxes, j), iou[i * (boxes.length / 4) + j], 1e-5);
                    }
                }
                int[] matched = AnchorMatcher.match(an, bx, 0.3f);
                assertArrayEquals(bruteMatch(anchors, boxes, 0.3f), matched, "trial " + trial);
                float[] enc = AnchorMatcher.encode(an, bx, matched).toFloatArray();
                for (int i = 0; i < 40; i++) {
                    if (matched[i] < 0) {
                        assertArrayEquals(new float[4], Arrays.copyOfRange(enc, i * 4, i * 4 + 4), 0f);
                        continue;
                    }
                    int g = matched[i];
                    double aw = anchors[i * 4 + 2] - anchors[i * 4];
                    double ah = anchors[i * 4 + 3] - anchors[i * 4 + 1];
                    double gw = boxes[g * 4 + 2] - boxes[g * 4];
                    double gh = boxes[g * 4 + 3] - boxes[g * 4 + 1];
                    double dx = (boxes[g * 4] + gw / 2 - anchors[i * 4] - aw / 2) / aw / 0.1;
                    double dy = (boxes[g * 4 + 1] + gh / 2 - anchors[i * 4 + 1] - ah / 2) / ah / 0.1;
                    assertEquals(dx, enc[i * 4], 1e-3);
                    assertEquals(dy, enc[i * 4 + 1], 1e-3);
                    assertEquals(Math.log(gw / aw) / 0.2, enc[i * 4 + 2], 1e-3);
                    assertEquals(Math.log(gh / ah) / 0.2, enc[i * 4 + 3], 1e-3);
                }
            }
        }
    }
}
