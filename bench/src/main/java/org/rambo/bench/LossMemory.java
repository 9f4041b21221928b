package org.rambo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.baselines.LossRegistry;

/**
 * Memory of one loss step (forward + backward), for the losses and batches of
 * {@link LossBenchmark}: the native bytes of every DJL array the step creates (all alive until
 * the step ends, so this is the DJL-visible peak; PyTorch's own autograd buffers are not
 * visible from Java) and the Java heap bytes the step allocates (the thread's allocation
 * counter; for the RaMBO losses this holds the Java-side sort buffers). Deterministic counts,
 * not timings, so no JMH. Usage: {@code LossMemory OUT.csv}.
 */
public final class LossMemory {

    static final List<String> LOSSES =
            List.of("rambo-recall", "rambo-ap", "smooth-ap", "contrastive", "triplet:mining=batchhard", "margin");
    static final int[] BATCHES = {32, 64, 128, 256, 512, 1024};

    private LossMemory() {}

    /** {native bytes, Java heap bytes} of one step. */
    static long[] measure(String spec, int batch) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray e =
                    manager.create(BenchData.scores(batch * LossBenchmark.DIM, 3), new Shape(batch, LossBenchmark.DIM));
            NDArray labels = manager.create(BenchData.labels(batch));
            NDArray beta = manager.create(new float[] {1.2f});
            Loss loss = LossRegistry.build(spec);
            long[] bytes = new long[1];
            LossBenchmark.step(manager, e, labels, beta, loss, bytes); // warm: lazy buffers, class loading
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            LossBenchmark.step(manager, e, labels, beta, loss, bytes);
            long heap = threads.getThreadAllocatedBytes(id) - before;
            return new long[] {bytes[0], heap};
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LossMemory OUT.csv");
            System.exit(2);
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("loss", "n", "djl_native_bytes", "java_heap_bytes")
                        .setRecordSeparator("\n")
                        .build())) {
            for (String loss : LOSSES) {
                for (int b : BATCHES) {
                    if (LossBenchmark.tooLarge(loss, b)) {
                        p.printRecord(loss, b, "skipped", "skipped");
                        continue;
                    }
                    long[] m = measure(loss, b);
                    p.printRecord(loss, b, m[0], m[1]);
                    System.out.printf("%-26s n=%5d native=%,d heap=%,d%n", loss, b, m[0], m[1]);
                }
            }
        }
        ScalingFit.writeAtomically(Path.of(args[0]), out.toString());
    }
}
