package org.rambo.detection;

import org.rambo.runfolder.Provenance;

/** The thread counts provenance.json records for a detection run (the engine itself: {@code Devices.provenance}). */
final class EngineFacts {

    private EngineFacts() {}

    /** The JVM's processors and PyTorch's intra- and inter-op threads; no data workers (batches are built inline). */
    static Provenance.Threads threads() {
        return new Provenance.Threads(
                Runtime.getRuntime().availableProcessors(),
                torchThreads("getNumThreads"),
                torchThreads("getNumInteropThreads"),
                null);
    }

    /**
     * A thread count from PyTorch's JNI utilities, looked up by name: the engine jar is a
     * runtime dependency of this module, not a compile-time one. Null under another engine.
     */
    private static Integer torchThreads(String method) {
        try {
            return (Integer) Class.forName("ai.djl.pytorch.jni.JniUtils")
                    .getMethod(method)
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
