package org.rambo.harness.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.rambo.harness.data.DataException;
import org.rambo.harness.eval.EmbeddingFiles;
import org.rambo.harness.eval.EvalOptions;
import org.rambo.harness.eval.Evaluation;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.harness.eval.RetrievalEvaluator;
import org.rambo.runfolder.AtomicWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench evaluate}: the suite's retrieval metrics for embeddings computed
 * elsewhere, so anyone can compare our metric code with theirs.
 * Exit codes ({@link ExitCode}): 0 ok, 1 bad input data (one line naming file and line), 2 bad command line,
 * 4 the output cannot be written.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Retrieval metrics (recall_at_K, precision_at_1, r_precision, map_at_r, nmi) for embeddings"
                    + " computed elsewhere.",
            "Embeddings: CSV/text (one row per item, optional header) or NumPy .npy (items x dims).",
            "Labels: one integer per line, or a 1-d .npy.",
            "Neighbours: exact squared Euclidean distance on the vectors as given (use --l2-normalize for cosine),"
                    + " ties by index; in the self form each query is removed from its own list; queries with no other"
                    + " item of their class are skipped and counted.",
            "Candidates come from the engine's matrix product, then exact distances decide (docs/protocol.md);"
                    + " the time of each part is printed on standard error, with a progress bar on large sets."
        },
        sortOptions = false)
public final class EvaluateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false, heading = "The set against itself:%n")
        Self self;

        @ArgGroup(exclusive = false, heading = "Queries against a gallery (In-shop):%n")
        QueryGallery qg;
    }

    static final class Self {
        @Option(names = "--embeddings", required = true, paramLabel = "FILE", description = "embeddings (.csv or .npy)")
        Path embeddings;

        @Option(names = "--labels", required = true, paramLabel = "FILE", description = "labels, one per row")
        Path labels;
    }

    static final class QueryGallery {
        @Option(names = "--queries", required = true, paramLabel = "FILE", description = "query embeddings")
        Path queries;

        @Option(names = "--query-labels", required = true, paramLabel = "FILE", description = "query labels")
        Path queryLabels;

        @Option(names = "--gallery", required = true, paramLabel = "FILE", description = "gallery embeddings")
        Path gallery;

        @Option(names = "--gallery-labels", required = true, paramLabel = "FILE", description = "gallery labels")
        Path galleryLabels;
    }

    @Option(
            names = "--k",
            split = ",",
            paramLabel = "K",
            defaultValue = "1,2,4,8",
            description = "the K of recall_at_K, comma-separated (default: ${DEFAULT-VALUE})")
    int[] ks;

    @Option(names = "--out", paramLabel = "FILE.json", description = "also write one flat JSON object, metric -> value")
    Path out;

    @Option(names = "--l2-normalize", description = "L2-normalise every vector first (cosine ranking)")
    boolean normalize;

    @Option(names = "--no-nmi", description = "skip k-means/NMI (slow with thousands of classes); nmi is then null")
    boolean noNmi;

    @Option(names = "--seed", defaultValue = "0", description = "k-means seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--kmeans-iterations",
            defaultValue = "100",
            description = "cap on k-means Lloyd iterations for NMI (default: ${DEFAULT-VALUE})")
    int kmeansIterations;

    @Option(names = "--threads", description = "worker threads (default: all processors)")
    Integer threads;

    @Option(names = "--no-progress", description = "no progress bars (neighbours, k-means) on large sets")
    boolean noProgress;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "evaluate N times in this process, printing each one's time: from the second on, with"
                    + " the evaluation's code compiled (default: ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        EvalOptions base = EvalOptions.of(ks)
                .withNmi(!noNmi)
                .withKmeans(seed, kmeansIterations)
                .withProgress(!noProgress);
        EvalOptions opts = threads == null ? base : base.withThreads(threads);
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        Supplier<Evaluation> evaluation;
        if (mode.self != null) {
            EmbeddingFiles.Matrix x = EmbeddingFiles.readMatrix(mode.self.embeddings);
            int[] y = EmbeddingFiles.readLabels(mode.self.labels);
            requireSameCount(x, mode.self.embeddings, y, mode.self.labels);
            loadEngine();
            float[] v = prepare(x);
            evaluation = () -> RetrievalEvaluator.run(v, x.cols(), y, opts);
        } else {
            QueryGallery g = mode.qg;
            EmbeddingFiles.Matrix q = EmbeddingFiles.readMatrix(g.queries);
            int[] ql = EmbeddingFiles.readLabels(g.queryLabels);
            EmbeddingFiles.Matrix gm = EmbeddingFiles.readMatrix(g.gallery);
            int[] gl = EmbeddingFiles.readLabels(g.galleryLabels);
            requireSameCount(q, g.queries, ql, g.queryLabels);
            requireSameCount(gm, g.gallery, gl, g.galleryLabels);
            if (q.cols() != gm.cols()) {
                throw new DataException(
                        g.gallery,
                        "gallery vectors have " + gm.cols() + " dimensions but the" + " queries in " + g.queries
                                + " have " + q.cols());
            }
            loadEngine();
            float[] qv = prepare(q);
            float[] gv = prepare(gm);
            evaluation = () -> RetrievalEvaluator.run(qv, ql, gv, gl, q.cols(), opts);
        }
        Map<String, Double> m = null;
        List<String> times = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
            Evaluation e = evaluation.get();
            if (m != null && !m.equals(e.metrics())) {
                throw new IllegalStateException(
                        "evaluation " + r + " gave other metrics than the first: " + e.metrics() + " against " + m);
            }
            m = e.metrics();
            times.add(timeLine(e, r));
        }

        outw.print(MetricsFormat.table(m));
        if (out != null) {
            writeJson(out, m);
            outw.println("wrote " + out + " (full precision)");
        }
        times.forEach(spec.commandLine().getErr()::println);
        outw.flush();
        return ExitCode.OK;
    }

    /** The timing line for standard error, numbered when the evaluation is repeated. */
    private String timeLine(Evaluation e, int r) {
        return String.format(
                Locale.ROOT,
                "%sneighbours %.2f s (%d queries on the exact path), k-means %.2f s (%d Lloyd iterations)",
                repeat > 1 ? "evaluation " + r + "/" + repeat + ": " : "",
                e.neighbourSeconds(),
                e.exactQueries(),
                e.kmeansSeconds(),
                e.kmeansIterations());
    }

    /** The engine loads once the inputs are valid and before the timed evaluation (as a script imports its libraries). */
    private static void loadEngine() {
        Engine.getInstance();
    }

    private static void requireSameCount(EmbeddingFiles.Matrix x, Path xf, int[] y, Path yf) {
        if (x.rows() != y.length) {
            throw new DataException(yf, y.length + " labels but " + xf + " has " + x.rows() + " rows");
        }
    }

    private float[] prepare(EmbeddingFiles.Matrix x) {
        float[] v = x.data();
        if (!normalize) {
            return v;
        }
        float[] o = v.clone();
        int d = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (double) o[r * d + c] * o[r * d + c];
            }
            double n = Math.sqrt(s);
            if (n > 0) {
                for (int c = 0; c < d; c++) {
                    o[r * d + c] = (float) (o[r * d + c] / n);
                }
            }
        }
        return o;
    }

    /** Flat JSON: queries_skipped as an integer, NaN (no queries, NMI off) as null. Atomic write. */
    static void writeJson(Path file, Map<String, Double> m) {
        Map<String, Object> j = new LinkedHashMap<>();
        m.forEach((k, v) -> j.put(k, k.equals("queries_skipped") ? (Object) v.longValue() : v.isNaN() ? null : v));
        try {
            AtomicWriter.writeString(file, JSON.writeValueAsString(j) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers always serialises", e);
        }
    }
}
