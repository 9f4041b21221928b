package org.rambo.detect;

import java.util.Random;

/** Simple 28x28 test objects: class 0 filled square, 1 ring, 2 cross, 3 horizontal bar. */
final class Shapes {

    private Shapes() {}

    static final java.util.List<String> NAMES = java.util.List.of("Square/Block", "Ring", "Cross", "Bar");

    static byte[] objects(int n, long seed, int[] labelsOut) {
        Random rnd = new Random(seed);
        byte[] out = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            labelsOut[i] = c;
            int v = 180 + rnd.nextInt(76);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean on = switch (c) {
                        case 0 -> x >= 4 && x < 24 && y >= 4 && y < 24;
                        case 1 -> {
                            double r = Math.hypot(x - 13.5, y - 13.5);
                            yield r > 7 && r < 12;
                        }
                        case 2 -> (Math.abs(x - 13.5) < 3 && y >= 2 && y < 26) || (Math.abs(y - 13.5) < 3 && x >= 2 && x < 26);
                        default -> y >= 10 && y < 18 && x >= 1 && x < 27;
                    };
                    out[i * 784 + y * 28 + x] = (byte) (on ? v : 0);
                }
            }
        }
        return out;
    }
}
