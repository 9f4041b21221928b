package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.rambo.harness.eval.EmbeddingFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench embed RUN_DIR --out DIR}: a finished run's embeddings as files anyone can
 * evaluate ({@code rambo-bench evaluate} gives back final.json's {@code last} exactly) or load
 * in NumPy.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a finished run's embeddings: DIR/embeddings.npy (float32, items x dims) and"
                    + " DIR/labels.csv (one label per line).",
            "The weights are the run's checkpoint after its last epoch: the weights final.json's \"last\" metrics"
                    + " were measured with, so `rambo-bench evaluate --embeddings DIR/embeddings.npy --labels"
                    + " DIR/labels.csv` reproduces them.",
            "In-shop (queries against a gallery): DIR/queries.npy, DIR/query-labels.csv, DIR/gallery.npy,"
                    + " DIR/gallery-labels.csv."
        })
public final class EmbedCommand implements Callable<Integer> {

    /** Which items to embed. */
    enum Split {
        test,
        train
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "a finished run folder, runs/<grid>/<method>-s<seed>-<hash>")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the files")
    Path out;

    @Option(
            names = "--split",
            defaultValue = "test",
            paramLabel = "SPLIT",
            description = "test (the held-out set final.json is measured on) or train (fashion-mnist only;"
                    + " default: ${DEFAULT-VALUE})")
    Split split;

    @Option(
            names = "--base-dir",
            defaultValue = ".",
            description = "folder that the run's dataset root is relative to, as for run (default: ${DEFAULT-VALUE})")
    Path baseDir;

    @Override
    public Integer call() throws Exception {
        RunEmbeddings.RunSpec runSpec = RunEmbeddings.read(run);
        // PyTorch reads its thread count when the engine starts: the run's, so the arithmetic is the run's
        System.setProperty(
                "ai.djl.pytorch.num_threads", String.valueOf(runSpec.protocol().threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        RunEmbeddings.Result r = split == Split.test
                ? RunEmbeddings.test(run, runSpec, baseDir)
                : RunEmbeddings.train(run, runSpec, baseDir);
        PrintWriter w = spec.commandLine().getOut();
        int n = r.labels().length;
        int d = r.dim();
        if (r.queries() > 0) {
            int q = r.queries();
            write(
                    w,
                    "queries.npy",
                    "query-labels.csv",
                    Arrays.copyOfRange(r.vectors(), 0, q * d),
                    Arrays.copyOfRange(r.labels(), 0, q),
                    d);
            write(
                    w,
                    "gallery.npy",
                    "gallery-labels.csv",
                    Arrays.copyOfRange(r.vectors(), q * d, n * d),
                    Arrays.copyOfRange(r.labels(), q, n),
                    d);
        } else {
            write(w, "embeddings.npy", "labels.csv", r.vectors(), r.labels(), d);
        }
        w.flush();
        return ExitCode.OK;
    }

    private void write(PrintWriter w, String vectors, String labels, float[] x, int[] y, int d) {
        EmbeddingFiles.writeNpy(out.resolve(vectors), x, y.length, d);
        EmbeddingFiles.writeLabels(out.resolve(labels), y);
        w.printf("wrote %s (%d x %d float32) and %s%n", out.resolve(vectors), y.length, d, out.resolve(labels));
    }
}
