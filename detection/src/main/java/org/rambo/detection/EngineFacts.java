package org.rambo.detection;

import ai.djl.engine.Engine;
import org.rambo.runfolder.Provenance;

/** What provenance.json records about the engine that trains a detection run. */
final class EngineFacts {

    private EngineFacts() {}

    static Provenance.EngineInfo engine() {
        Engine engine = Engine.getInstance();
        return new Provenance.EngineInfo(
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                nativeFlavor(),
                engine.defaultDevice().toString());
    }

    /** The JVM's processors and PyTorch's intra- and inter-op threads; no data workers (batches are built inline). */
    static Provenance.Threads threads() {
        return new Provenance.Threads(
                Runtime.getRuntime().availableProcessors(),
                torchThreads("getNumThreads"),
                torchThreads("getNumInteropThreads"),
                null);
    }

    /** The PyTorch native in use: the CPU jar's unless the user pointed DJL elsewhere. */
    private static String nativeFlavor() {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        if (flavor == null) {
            flavor = System.getProperty("PYTORCH_FLAVOR");
        }
        String libPath = System.getenv("PYTORCH_LIBRARY_PATH");
        if (flavor == null && libPath == null) {
            return "cpu (pytorch-native-cpu jar)";
        }
        return (flavor == null ? "" : flavor) + (libPath == null ? "" : " (" + libPath + ")");
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
