package org.rambo.harness.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast a pipeline turns image files into training views: every file decoded once, on a
 * pool of the given size, timed by the wall clock and by the CPU time the decoding threads
 * used. The views are seeded by the file's position, as a training step seeds them.
 */
public final class DecodeThroughput {

    /** One measurement. */
    public record Result(int threads, int images, double wallSeconds, double cpuSeconds) {
        public double imagesPerSecond() {
            return images / wallSeconds;
        }

        public double imagesPerCpuSecond() {
            return images / cpuSeconds;
        }
    }

    private DecodeThroughput() {}

    /** Training views of all files on {@code threads} threads. */
    public static Result measure(List<Path> files, ImagePipeline pipeline, int threads) {
        if (threads < 1 || files.isEmpty()) {
            throw new IllegalArgumentException("need at least one thread and one file");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong cpuNanos = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "data-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<float[]>> views = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                long seed = i;
                views.add(pool.submit(() -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    float[] v = pipeline.train(f, seed);
                    cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                    return v;
                }));
            }
            for (Future<float[]> v : views) {
                v.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new Result(threads, files.size(), wall, cpuNanos.get() / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Cores that deliver {@code target} images per second at the per-thread rate of {@code r}
     * (its wall-clock rate divided by its threads, so imperfect scaling counts), rounded up.
     */
    public static int coresFor(double target, Result r) {
        double perThread = r.imagesPerSecond() / r.threads();
        return (int) Math.ceil(target / perThread - 1e-9);
    }
}
