package org.rambo.detect;

/**
 * One PyTorch thread in tests unless set otherwise: on this shared 2-core machine several
 * OpenMP threads per JVM oversubscribe the cores and a step of the tiny detector goes from ~40 ms
 * to seconds. Must run before the engine loads (first DJL use in the JVM).
 */
final class TestThreads {

    private TestThreads() {}

    static void pin() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
