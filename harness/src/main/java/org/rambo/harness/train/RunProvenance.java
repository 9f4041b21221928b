package org.rambo.harness.train;

import org.rambo.engine.Devices;
import org.rambo.runfolder.Provenance;

/** provenance.json of a training run: the engine and threads as DJL reports them, the data and the seeds. */
public final class RunProvenance {

    private RunProvenance() {}

    /** The data loader's threads are the ones that decode the data's images ({@link TrainingData#dataWorkers}). */
    public static Provenance of(RunConfig config, TrainingData data) {
        return Provenance.ofThisProcess(
                Devices.provenance(TrainingDevice.of(config.protocol())),
                threads(data.dataWorkers()),
                data.checksum(),
                "SHA-256 over the " + data.name() + " files the run reads",
                config.seeds().byConcern());
    }

    /** Thread counts of the JVM, PyTorch (intra- and inter-op) and the data loader. */
    public static Provenance.Threads threads(Integer dataWorkers) {
        return new Provenance.Threads(
                Runtime.getRuntime().availableProcessors(),
                torchThreads("getNumThreads"),
                torchThreads("getNumInteropThreads"),
                dataWorkers);
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
