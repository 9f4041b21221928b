package org.rambo.training;

import ai.djl.Device;
import org.rambo.engine.Devices;
import org.rambo.runfolder.Provenance;

/** provenance.json of a training run: the engine and threads as DJL reports them, the data and the seeds. */
public final class RunProvenance {

    private RunProvenance() {}

    /**
     * The process about to train on {@code device}.
     *
     * @param dataWorkers    the threads that prepare the training data (null: batches are built inline)
     * @param dataChecksum   a hash of the data files the run reads
     * @param checksumScope  which files the hash covers
     */
    public static Provenance of(
            Device device, Integer dataWorkers, String dataChecksum, String checksumScope, Seeds seeds) {
        return Provenance.ofThisProcess(
                Devices.provenance(device), threads(dataWorkers), dataChecksum, checksumScope, seeds.byConcern());
    }

    /** Thread counts of the JVM, PyTorch (intra- and inter-op) and the data loader. */
    public static Provenance.Threads threads(Integer dataWorkers) {
        return new Provenance.Threads(
                Runtime.getRuntime().availableProcessors(),
                torchThreads("getNumThreads"),
                torchThreads("getNumInteropThreads"),
                dataWorkers);
    }

    /**
     * A thread count from PyTorch's JNI utilities, looked up by name: the engine jar is a runtime
     * dependency here, not a compile-time one. Null under another engine.
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
