package org.rambo.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.runfolder.CpuInfo;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunStatus;

/**
 * Writes run folders exactly as docs/run-folders.md specifies, with made-up but plausible
 * numbers that tests can predict: R@1 of a method at the last epoch is base(method) + seedOffset(seed).
 */
public final class FixtureRuns {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The commit fixture runs record as their build. */
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    public static final List<String> DEFAULT_METHODS = List.of(
            "rambo-recall-log", "rambo-recall-loglog", "rambo-ap", "contrastive", "triplet", "margin", "smooth-ap");

    static final Map<String, String> LOSSES = Map.of(
            "rambo-recall-log", "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=0",
            "rambo-recall-loglog", "rambo-recall:lambda=4,margin=0.02,weight=loglog1p,memory=0",
            "rambo-ap", "rambo-ap:lambda=4,margin=0.02,memory=0",
            "contrastive", "contrastive:pos=0,neg=0.5",
            "triplet", "triplet:margin=0.1,mining=semihard",
            "margin", "margin:alpha=0.2,beta=1.2",
            "smooth-ap", "smooth-ap:tau=0.01");

    private FixtureRuns() {}

    /** Last-epoch R@1 of a method before the seed offset. */
    public static double base(String method) {
        return switch (method) {
            case "rambo-recall-log" -> 0.742;
            case "rambo-recall-loglog" -> 0.751;
            case "rambo-ap" -> 0.733;
            case "contrastive" -> 0.655;
            case "triplet" -> 0.688;
            case "margin" -> 0.721;
            case "smooth-ap" -> 0.728;
            default -> 0.6;
        };
    }

    public static double seedOffset(long seed) {
        return new double[] {0.0, 0.008, -0.006, 0.004, -0.002}[(int) (seed % 5)];
    }

    public static int[] ks(String dataset) {
        return switch (dataset) {
            case "sop" -> new int[] {1, 10, 100, 1000};
            case "inshop" -> new int[] {1, 10, 20, 30, 40, 50};
            default -> new int[] {1, 2, 4, 8};
        };
    }

    /** Metrics of a method/seed after {@code epoch} of {@code epochs}: R@1 rises towards its last value. */
    public static Map<String, Double> metrics(String dataset, String method, long seed, int epoch, int epochs) {
        double r1 = base(method) + seedOffset(seed) - 0.12 * (epochs - epoch) / Math.max(1, epochs);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k : ks(dataset)) {
            double miss = (1 - r1) * Math.pow(0.62, Math.log(k) / Math.log(2));
            m.put("recall_at_" + k, round(1 - miss));
        }
        m.put("precision_at_1", round(r1));
        m.put("r_precision", round(r1 * 0.52));
        m.put("map_at_r", round(r1 * 0.38));
        m.put("nmi", round(0.45 + r1 * 0.2));
        m.put("queries_skipped", 0.0);
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Protocol object shared by a grid's runs. */
    public static Map<String, Object> protocol(int epochs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("backbone", "small-cnn");
        p.put("embedding_dim", 64);
        p.put("epochs", epochs);
        p.put("steps_per_epoch", 10);
        p.put("sampler", Map.of("classes_per_batch", 5, "samples_per_class", 16));
        p.put("optimizer", Map.of("name", "adam", "learning_rate", 0.001));
        p.put("eval", Map.of("ks", List.of(1, 2, 4, 8)));
        p.put("threads", 2);
        p.put("device", "cpu");
        return p;
    }

    /** A run folder, finished unless {@link #failAt} or {@link #stopAfter} say otherwise. */
    public static final class Run {
        final Path root;
        final String grid;
        final String dataset;
        final String method;
        final long seed;
        int epochs = 4;
        int stepsPerEpoch = 10;
        Integer failAt;
        Integer stopAfter;
        double shift;
        final Map<String, Double> metricShifts = new LinkedHashMap<>();
        String commit = COMMIT;
        boolean dirty;
        Map<String, Object> protocol;

        Run(Path root, String grid, String dataset, String method, long seed) {
            this.root = root;
            this.grid = grid;
            this.dataset = dataset;
            this.method = method;
            this.seed = seed;
        }

        public Run epochs(int e) {
            epochs = e;
            return this;
        }

        /** The run fails during this epoch (final.json status failed). */
        public Run failAt(int epoch) {
            failAt = epoch;
            return this;
        }

        /** The run was interrupted after this many epochs (no final.json). */
        public Run stopAfter(int epoch) {
            stopAfter = epoch;
            return this;
        }

        /** Adds to every metric (a planted regression when negative). */
        public Run shift(double s) {
            shift = s;
            return this;
        }

        /** Adds to one metric only (a planted regression of that metric when negative). */
        public Run shift(String metric, double s) {
            metricShifts.put(metric, s);
            return this;
        }

        /** The build the run records in provenance.json. */
        public Run build(String gitCommit, boolean gitDirty) {
            commit = gitCommit;
            dirty = gitDirty;
            return this;
        }

        public Run protocol(Map<String, Object> p) {
            protocol = p;
            return this;
        }

        public Path write() {
            Map<String, Object> proto = protocol != null ? protocol : FixtureRuns.protocol(epochs);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("grid", grid);
            // As the harness writes it: the dataset spec object.
            config.put(
                    "dataset",
                    Map.of("name", dataset, "root", "data/" + dataset, "max_train", 10000, "max_eval", 5000));
            config.put("method", method);
            config.put("loss", LOSSES.getOrDefault(method, method + ":default"));
            config.put("seed", seed);
            config.put("protocol", proto);
            String canonical = CanonicalJson.of(config);
            Path dir = root.resolve(grid).resolve(CanonicalJson.folderName(method, seed, canonical));
            AtomicWriter.writeString(dir.resolve(RunFiles.CONFIG), canonical);
            provenance().writeTo(dir);
            int done = stopAfter != null ? stopAfter : failAt != null ? failAt - 1 : epochs;
            StringBuilder ep = new StringBuilder("epoch,train_loss,epoch_seconds");
            int[] ks = ks(dataset);
            boolean det = dataset.contains("voc");
            List<String> cols = det ? List.of("ap50") : metricColumns(ks);
            cols.forEach(c -> ep.append(',').append(c));
            ep.append('\n');
            StringBuilder st =
                    new StringBuilder("epoch,step,data_ms,forward_ms,loss_ms,sort_ms,backward_ms,optimizer_ms,loss\n");
            for (int e = 1; e <= done; e++) {
                Map<String, Double> m = det ? detectionMetrics(e) : metrics(dataset, method, seed, e, epochs);
                ep.append(e).append(',').append(fmt(1.0 / e)).append(',').append(fmt(3.5 + e * 0.1));
                for (String c : cols) {
                    ep.append(',').append(fmt(m.get(c) + shiftOf(c)));
                }
                ep.append('\n');
                for (int s = 1; s <= stepsPerEpoch; s++) {
                    double[] t = stepTimes(method, s);
                    st.append(e).append(',').append(s);
                    for (double x : t) {
                        st.append(',').append(fmt(x));
                    }
                    st.append(',').append(fmt(0.5 / e)).append('\n');
                }
            }
            if (done > 0) {
                AtomicWriter.writeString(dir.resolve(RunFiles.EPOCHS), ep.toString());
                AtomicWriter.writeString(dir.resolve(RunFiles.STEPS), st.toString());
            }
            if (stopAfter != null) {
                return dir;
            }
            String loss = (String) config.get("loss");
            if (failAt != null) {
                new FinalRecord(
                                RunStatus.FAILED,
                                grid,
                                dataset,
                                method,
                                loss,
                                seed,
                                done,
                                Map.of(),
                                Map.of(),
                                3.0 + seed,
                                0,
                                0,
                                null,
                                "loss became NaN at epoch " + failAt + ", step 3",
                                null)
                        .writeTo(dir);
                return dir;
            }
            Map<String, Double> last = det ? detectionMetrics(epochs) : metrics(dataset, method, seed, epochs, epochs);
            last.replaceAll((k, v) -> v + shiftOf(k));
            Map<String, Double> best = new LinkedHashMap<>();
            if (!det) { // detection runs keep no best checkpoint: "best": {} as detection runs write
                best.put("epoch", (double) epochs);
                best.putAll(last);
            }
            Map<String, Object> details = det ? detectionDetails() : null;
            new FinalRecord(
                            RunStatus.FINISHED,
                            grid,
                            dataset,
                            method,
                            loss,
                            seed,
                            epochs,
                            last,
                            best,
                            12.5 + seed,
                            sum(stepTimes(method, 1)) - stepTimes(method, 1)[3],
                            stepTimes(method, 1)[3],
                            null,
                            null,
                            details)
                    .writeTo(dir);
            return dir;
        }

        /** What a metric is moved by: the shift of every metric, plus that metric's own. */
        private double shiftOf(String metric) {
            if (metric.equals("queries_skipped")) {
                return 0;
            }
            return shift + metricShifts.getOrDefault(metric, 0.0);
        }

        private Map<String, Object> detectionDetails() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("test_images", 500);
            d.put("note", "synthetic layout, real objects");
            return d;
        }

        private Map<String, Double> detectionMetrics(int epoch) {
            Map<String, Double> m = new LinkedHashMap<>();
            double base =
                    (method.contains("rambo") ? 0.62 : 0.60) + seedOffset(seed) - 0.05 * (epochs - epoch) / epochs;
            m.put("ap50", round(base));
            m.put("ap50_voc07", round(base + 0.01));
            m.put("uncapped_ap50", round(base + 0.03));
            String[] classes = {"aeroplane", "bicycle", "bird", "boat", "bottle"};
            for (int i = 0; i < classes.length; i++) {
                m.put("ap50_" + classes[i], round(base + 0.02 * (i - 2)));
            }
            return m;
        }

        private Provenance provenance() {
            Map<String, Long> seeds = new LinkedHashMap<>();
            seeds.put("model_init", seed);
            seeds.put("batch_order", seed + 1000);
            seeds.put("augmentation", seed + 2000);
            seeds.put("loss", seed + 3000);
            return new Provenance(
                    commit,
                    dirty,
                    "2025-11-28T19:00:00Z",
                    "17.0.15",
                    "Debian",
                    "Linux 6.1",
                    "amd64",
                    new CpuInfo(
                            "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
                            List.of("avx", "avx2", "avx512f", "fma"),
                            2),
                    new Provenance.EngineInfo("0.36.0", "PyTorch", "2.7.1", "cpu", "cpu"),
                    new Provenance.Threads(2, 2, 1, 1),
                    Map.of("RAMBO_CPU_MODE", "avx2"),
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "train+eval files",
                    seeds,
                    String.format(Locale.ROOT, "2025-11-28T20:%02d:00Z", (int) (seed * 7 % 60)));
        }
    }

    static List<String> metricColumns(int[] ks) {
        List<String> c = new ArrayList<>();
        for (int k : ks) {
            c.add("recall_at_" + k);
        }
        c.addAll(List.of("precision_at_1", "r_precision", "map_at_r", "nmi", "queries_skipped"));
        return c;
    }

    /** data, forward, loss, sort, backward, optimizer (ms); RaMBO sorts, the others do not. */
    static double[] stepTimes(String method, int step) {
        double jitter = 0.05 * (step % 3);
        boolean rambo = method.startsWith("rambo");
        double loss = rambo ? 1.6 : method.equals("smooth-ap") ? 2.4 : 0.7;
        double sort = rambo ? 0.9 : 0.0;
        return new double[] {1.2 + jitter, 6.0 + jitter, loss, sort, 11.0 + (rambo ? 0.6 : 0), 0.8};
    }

    static double sum(double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i];
        }
        return s;
    }

    static String fmt(double v) {
        return Double.toString(v);
    }

    public static Run run(Path root, String grid, String dataset, String method, long seed) {
        return new Run(root, grid, dataset, method, seed);
    }

    /** The default grid: every method, seeds 0..seeds-1, all finished. */
    public static void grid(Path root, String grid, String dataset, List<String> methods, int seeds) {
        for (String m : methods) {
            for (long s = 0; s < seeds; s++) {
                run(root, grid, dataset, m, s).write();
            }
        }
    }

    /** A JMH JSON result list where time = c * n^exponent for each method. */
    public static void benchJson(Path file, Map<String, Double> exponents, long[] sizes) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : exponents.entrySet()) {
            for (long n : sizes) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("jmhVersion", "1.37");
                b.put("benchmark", "org.rambo.bench.RankingBench." + e.getKey());
                b.put("mode", "avgt");
                b.put("threads", 1);
                b.put("forks", 1);
                b.put("params", Map.of("n", Long.toString(n)));
                double ms = 1e-4 * Math.pow(n, e.getValue());
                b.put(
                        "primaryMetric",
                        Map.of(
                                "score",
                                ms,
                                "scoreError",
                                ms * 0.02,
                                "scoreUnit",
                                "ms/op",
                                "scoreConfidence",
                                List.of(ms * 0.98, ms * 1.02)));
                b.put("secondaryMetrics", Map.of());
                out.add(b);
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    /** reports/bench/training-shapes.csv as the benchmark writes it: ours 2-5x faster than the reference sort. */
    public static void trainingShapes(Path file) {
        AtomicWriter.writeString(
                file,
                String.join(
                        "\n",
                        "shape,implementation,threads,rounds,median_ms",
                        "batch-512-d512,rambo,1,21,0.42",
                        "batch-512-d512,reference,1,21,1.68",
                        "batch-512-d512,pml-contrastive,2,21,0.95",
                        "matrix-128x1280-recall,rambo,1,21,0.88",
                        "matrix-128x1280-recall,reference,1,21,2.2",
                        "paper-1x2^20,rambo,2,9,61.0",
                        ""));
    }
}
