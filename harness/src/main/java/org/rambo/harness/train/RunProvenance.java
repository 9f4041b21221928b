package org.rambo.harness.train;

import ai.djl.engine.Engine;
import org.rambo.runfolder.Provenance;

/** provenance.json of a training run: the engine and threads as DJL reports them, the data and the seeds. */
public final class RunProvenance {

    private RunProvenance() {}

    /** The data loader's threads are the ones that decode the data's images ({@link TrainingData#dataWorkers}). */
    public static Provenance of(RunConfig config, TrainingData data) {
        return Provenance.ofThisProcess(
                engine(config.protocol().device()),
                threads(data.dataWorkers()),
                data.checksum(),
                "SHA-256 over the " + data.name() + " files the run reads",
                config.seeds().byConcern());
    }

    /** The engine in use (starting it if needed). */
    public static Provenance.EngineInfo engine(String device) {
        Engine engine = Engine.getInstance();
        return new Provenance.EngineInfo(
                Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(), nativeFlavor(), device);
    }

    /** Thread counts of the JVM, PyTorch (intra- and inter-op) and the data loader. */
    public static Provenance.Threads threads(Integer dataWorkers) {
        return new Provenance.Threads(
                Runtime.getRuntime().availableProcessors(),
                torchThreads("getNumThreads"),
                torchThreads("getNumInteropThreads"),
                dataWorkers);
    }

    /** The PyTorch native in use: the CPU jar's flavour unless the user pointed elsewhere. */
    static String nativeFlavor() {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        if (flavor == null) {
            flavor = System.getProperty("PYTORCH_FLAVOR");
        }
        String libPath = System.getenv("PYTORCH_LIBRARY_PATH");
        if (flavor != null || libPath != null) {
            return (flavor == null ? "" : flavor) + (libPath == null ? "" : " (" + libPath + ")");
        }
        return "cpu (pytorch-native-cpu jar)";
    }

    /** The engine's thread counts, read through its JNI utilities when it is PyTorch. */
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
