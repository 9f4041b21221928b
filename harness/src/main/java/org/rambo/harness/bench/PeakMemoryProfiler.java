package org.rambo.harness.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof org.rambo.harness.bench.PeakMemoryProfiler}) for the memory a
 * benchmarked operation needs, which JMH's own {@code -prof gc} does not see for PyTorch:
 *
 * <ul>
 *   <li>{@code ·mem.rss.peak.delta}: the process's peak resident memory during an iteration
 *       minus its resident memory when the iteration started (Linux: the peak is reset through
 *       {@code /proc/self/clear_refs} and read from {@code VmHWM}). Operations free their memory
 *       between calls, so this is the memory one call needs on top of what stayed resident: the
 *       native tensors and, once the Java heap has grown, nothing for Java. A lower bound when
 *       the allocator keeps freed blocks resident between calls (run with a pre-touched heap,
 *       {@code -Xms = -Xmx, -XX:+AlwaysPreTouch}, so heap growth does not count).
 *   <li>{@code ·mem.rss.peak}: the absolute peak resident memory in the iteration.
 *   <li>{@code ·mem.djl.bytes}: the largest byte count of DJL arrays alive at the end of one call,
 *       when the benchmark reports it with {@link #recordDjlBytes} (DJL keeps a step's
 *       intermediates until the step's manager closes, so this is the step's tensor memory as
 *       DJL sees it; PyTorch's internal autograd buffers are not visible from Java).
 * </ul>
 *
 * Java heap allocation per call comes from {@code -prof gc} ({@code ·gc.alloc.rate.norm}).
 * Every value is aggregated as the maximum over iterations. Off Linux the RSS values are absent.
 */
public final class PeakMemoryProfiler implements InternalProfiler {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final AtomicLong DJL_BYTES = new AtomicLong(-1);

    private long rssAtStart = -1;

    @Override
    public String getDescription() {
        return "peak resident memory per iteration (VmHWM reset via clear_refs) and DJL array bytes per call";
    }

    /** Records the bytes of DJL arrays alive in {@code scope} (max over the calls of an iteration). */
    public static void recordDjlBytes(NDManager scope) {
        long bytes = djlBytes(scope);
        DJL_BYTES.accumulateAndGet(bytes, Math::max);
    }

    /** Bytes of every array managed by {@code scope} and its sub-managers. */
    static long djlBytes(NDManager scope) {
        long total = 0;
        for (NDArray a : scope.getManagedArrays()) {
            if (!a.isReleased()) {
                total += a.size() * a.getDataType().getNumOfBytes();
            }
        }
        return total;
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        DJL_BYTES.set(-1);
        rssAtStart = resetPeak() ? statusBytes("VmRSS:") : -1;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        List<Result> out = new ArrayList<>();
        long peak = statusBytes("VmHWM:");
        if (rssAtStart >= 0 && peak >= 0) {
            out.add(new ScalarResult("mem.rss.peak.delta", Math.max(0, peak - rssAtStart), "bytes", AggregationPolicy.MAX));
            out.add(new ScalarResult("mem.rss.peak", peak, "bytes", AggregationPolicy.MAX));
        }
        long djl = DJL_BYTES.get();
        if (djl >= 0) {
            out.add(new ScalarResult("mem.djl.bytes", djl, "bytes", AggregationPolicy.MAX));
        }
        return out;
    }

    /** Resets the kernel's peak-RSS mark of this process; false where that is not possible. */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A "kB" field of /proc/self/status in bytes, or -1. */
    static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
