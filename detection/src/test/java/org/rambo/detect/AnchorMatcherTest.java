package org.rambo.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorMatcherTest {

    static {
        TestThreads.pin();
    }

    private static float[] randomBox(Random rnd) {
        float x = rnd.nextFloat() * 0.8f;
        float y = rnd.nextFloat() * 0.8f;
        return new float[] {x, y, x + 0.05f + rnd.nextFloat() * 0.3f, y + 0.05f + rnd.nextFloat() * 0.3f};
    }

    @Test
    void matchesBruteForceJava() {
        Random rnd = new Random(3);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 30; trial++) {
                int a = 5 + rnd.nextInt(60);
                int b = 1 + rnd.nextInt(3);
                int g = 1 + rnd.nextInt(4);
                float threshold = trial % 3 == 0 ? 0.3f : 0.5f;
                float[] anchors = new float[a * 4];
                for (int i = 0; i < a; i++) {
                    System.arraycopy(randomBox(rnd), 0, anchors, i * 4, 4);
                }
                float[] boxes = new float[b * g * 4];
                float[] labels = new float[b * g];
                for (int i = 0; i < b * g; i++) {
                    boolean pad = (i % g) >= 1 && rnd.nextInt(3) == 0;
                    labels[i] = pad ? -1 : rnd.nextInt(5);
                    float[] bx = randomBox(rnd);
                    if (rnd.nextInt(4) == 0) { // exactly an anchor: IoU 1
                        int k = rnd.nextInt(a);
                        bx = java.util.Arrays.copyOfRange(anchors, 4 * k, 4 * k + 4);
                    }
                    System.arraycopy(pad ? new float[4] : bx, 0, boxes, i * 4, 4);
                }
                NDList out = AnchorMatcher.match(m.create(anchors, new Shape(a, 4)), m.create(boxes, new Shape(b, g, 4)),
                        m.create(labels, new Shape(b, g)), threshold);
                int[] cls = out.get(0).toIntArray();
                float[] tgt = out.get(1).toFloatArray();
                float[] mask = out.get(2).toFloatArray();
                int[] idx = out.get(3).toIntArray();
                for (int bi = 0; bi < b; bi++) {
                    int[] expected = bruteForceMatch(anchors, a, boxes, labels, bi, g, threshold);
                    for (int ai = 0; ai < a; ai++) {
                        int e = expected[ai];
                        int at = bi * a + ai;
                        assertEquals(e, idx[at], "trial " + trial + " image " + bi + " anchor " + ai);
                        assertEquals(e < 0 ? 0 : (int) labels[bi * g + e] + 1, cls[at]);
                        for (int k = 0; k < 4; k++) {
                            assertEquals(e < 0 ? 0f : 1f, mask[at * 4 + k]);
                        }
                        if (e >= 0) {
                            float[] anchor = java.util.Arrays.copyOfRange(anchors, ai * 4, ai * 4 + 4);
                            float[] box = java.util.Arrays.copyOfRange(boxes, (bi * g + e) * 4, (bi * g + e) * 4 + 4);
                            double[] enc = bruteEncode(anchor, box);
                            for (int k = 0; k < 4; k++) {
                                assertEquals(enc[k], tgt[at * 4 + k], 1e-3, "offset " + k);
                            }
                            // and decoding gives the box back
                            Box d = AnchorMatcher.decode(anchor, java.util.Arrays.copyOfRange(tgt, at * 4, at * 4 + 4));
                            assertArrayEquals(new double[] {box[0], box[1], box[2], box[3]},
                                    new double[] {d.xmin(), d.ymin(), d.xmax(), d.ymax()}, 1e-4);
                        } else {
                            for (int k = 0; k < 4; k++) {
                                assertEquals(0f, tgt[at * 4 + k]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyBoxGetsItsBestAnchorEvenBelowTheThreshold() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] anchors = {0f, 0f, 0.5f, 0.5f, 0.5f, 0.5f, 1f, 1f};
            // overlaps anchor 0 with IoU 0.25 / (0.25 + 0.04 - ...) < 0.5
            float[] boxes = {0.1f, 0.1f, 0.3f, 0.3f};
            NDList out = AnchorMatcher.match(m.create(anchors, new Shape(2, 4)), m.create(boxes, new Shape(1, 1, 4)),
                    m.create(new float[] {3f}, new Shape(1, 1)), 0.5f);
            assertArrayEquals(new int[] {4, 0}, out.get(0).toIntArray());
        }
    }

    /** For each anchor: the index of its matched box or -1, by the documented rule, with loops. */
    static int[] bruteForceMatch(float[] anchors, int a, float[] boxes, float[] labels, int bi, int g, float threshold) {
        double[][] iou = new double[a][g];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < g; j++) {
                boolean valid = labels[bi * g + j] >= 0;
                iou[i][j] = valid ? bruteIou(anchors, i * 4, boxes, (bi * g + j) * 4) : -1;
            }
        }
        boolean[][] claimed = new boolean[a][g];
        for (int j = 0; j < g; j++) {
            double best = -1;
            for (int i = 0; i < a; i++) {
                best = Math.max(best, iou[i][j]);
            }
            for (int i = 0; i < a; i++) {
                claimed[i][j] = labels[bi * g + j] >= 0 && best > 0 && iou[i][j] == best;
            }
        }
        int[] result = new int[a];
        for (int i = 0; i < a; i++) {
            int pick = -1;
            double pickIou = -2;
            for (int j = 0; j < g; j++) { // claimed boxes first
                if (claimed[i][j] && iou[i][j] > pickIou) {
                    pick = j;
                    pickIou = iou[i][j];
                }
            }
            if (pick < 0) {
                for (int j = 0; j < g; j++) {
                    if (iou[i][j] > pickIou) {
                        pick = j;
                        pickIou = iou[i][j];
                    }
                }
                if (pickIou < threshold) {
                    pick = -1;
                }
            }
            result[i] = pick;
        }
        return result;
    }

    private static double bruteIou(float[] p, int i, float[] q, int j) {
        Box a = new Box(p[i], p[i + 1], p[i + 2], p[i + 3]);
        Box b = new Box(q[j], q[j + 1], q[j + 2], q[j + 3]);
        return (float) Box.iou(a, b);
    }

    private static double[] bruteEncode(float[] a, float[] g) {
        double aw = a[2] - a[0];
        double ah = a[3] - a[1];
        double gw = g[2] - g[0];
        double gh = g[3] - g[1];
        return new double[] {((g[0] + gw / 2) - (a[0] + aw / 2)) / aw / 0.1, ((g[1] + gh / 2) - (a[1] + ah / 2)) / ah / 0.1,
                Math.log(gw / aw) / 0.2, Math.log(gh / ah) / 0.2};
    }
}
