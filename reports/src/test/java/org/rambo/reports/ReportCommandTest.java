package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.io.PaperResults;

class ReportCommandTest {

    @TempDir
    Path tmp;

    String out;
    String err;

    int run(String... args) {
        TestCli cli = new TestCli();
        int code = cli.run(args);
        out = cli.out;
        err = cli.err;
        return code;
    }

    @Test
    void writesTheThreeFilesAndSaysWhatItSaw() {
        FixtureRuns.grid(tmp.resolve("runs"), "default", "fashion-mnist", List.of("triplet"), 2);
        FixtureRuns.run(tmp.resolve("runs"), "default", "fashion-mnist", "triplet", 5)
                .failAt(3)
                .write();
        Path outDir = tmp.resolve("results/default");
        int code = run(
                "report",
                tmp.resolve("runs/default").toString(),
                "--out",
                outDir.toString(),
                "--bench",
                tmp.resolve("no-bench").toString());
        assertEquals(0, code, err);
        assertTrue(out.contains("3 run folders: 2 finished, 1 failed, 0 unfinished, 0 damaged"), out);
        assertTrue(out.contains("failed, unfinished and damaged runs are listed in the report"), out);
        assertTrue(out.contains("no benchmark results in " + tmp.resolve("no-bench")), out);
        assertTrue(Files.isRegularFile(outDir.resolve("results.csv")));
        assertTrue(Files.isRegularFile(outDir.resolve("summary.csv")));
        assertTrue(Files.isRegularFile(outDir.resolve("report.html")));
        assertTrue(Files.isRegularFile(outDir.resolve("claims.csv")));
        assertTrue(Files.isRegularFile(outDir.resolve("results-table.md")));
        assertTrue(out.contains("wrote " + outDir.resolve("claims.csv")), out);
    }

    @Test
    void badInputExitsWithOneAndNamesTheFile() throws IOException {
        Path dir = FixtureRuns.run(tmp.resolve("runs"), "default", "fashion-mnist", "triplet", 0)
                .write();
        Files.writeString(dir.resolve("epochs.csv"), "epoch,train_loss\n1,0.5\n");
        assertEquals(
                1,
                run(
                        "report",
                        tmp.resolve("runs").toString(),
                        "--out",
                        tmp.resolve("out").toString()));
        assertEquals(
                "rambo-bench report: " + dir.resolve("epochs.csv") + " line 1: header lacks column 'epoch_seconds'"
                        + " (header is epoch,train_loss)",
                err.strip());
        assertTrue(Files.notExists(tmp.resolve("out/report.html")), "nothing half-written");
    }

    @Test
    void aMissingRunsDirIsBadInputAndAMissingArgumentIsUsage() {
        assertEquals(
                1,
                run(
                        "report",
                        tmp.resolve("nothing").toString(),
                        "--out",
                        tmp.resolve("out").toString()));
        assertTrue(err.contains("runs directory does not exist"), err);
        assertEquals(2, run("report"));
        assertTrue(err.contains("Missing required parameter: 'RUNS_DIR'"), err);
    }

    @Test
    void helpTextsRenderCleanly() {
        // picocli reports an unescaped '%' in a description on System.err, not the command's writer.
        PrintStream saved = System.err;
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("report", "--help"));
            assertEquals(0, run("check", "--help"));
        } finally {
            System.setErr(saved);
        }
        assertEquals("", sysErr.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("report", "--help"));
        String flat = out.replaceAll("\\s+", " "); // picocli wraps at 80 columns
        assertTrue(flat.contains("bootstrap 95% interval over seeds") && flat.contains("--out=DIR"), out);
        assertEquals(0, run("check", "--help"));
        assertTrue(
                out.replaceAll("\\s+", " ")
                        .contains("tolerance = sqrt(max(k * std * sqrt(1/m + 1/n), floor)^2" + " + machine_spread^2)"),
                out);
        assertEquals("", err, "picocli format warnings go to stderr");
    }

    @Test
    void aUserPaperTableReplacesTheBundledOne() throws IOException {
        FixtureRuns.grid(tmp.resolve("runs"), "default", "fashion-mnist", List.of("triplet"), 1);
        Path paper = tmp.resolve("paper.csv");
        Files.writeString(
                paper,
                "dataset,method,metric,value,source\nfashion-mnist,triplet,recall_at_1,81.5,\"A. Person, 2031\"\n");
        assertEquals(
                0,
                run(
                        "report",
                        tmp.resolve("runs").toString(),
                        "--out",
                        tmp.resolve("out").toString(),
                        "--paper",
                        paper.toString()),
                err);
        String html = Files.readString(tmp.resolve("out/report.html"));
        assertTrue(html.contains("triplet (paper [1])") && html.contains("<span class=\"v\">81.5</span>"));
        assertTrue(html.contains("[1] A. Person, 2031"));

        Files.writeString(paper, "dataset,method,metric,value,source\nfashion-mnist,triplet,recall_at_1,81.5,\n");
        assertEquals(
                1,
                run(
                        "report",
                        tmp.resolve("runs").toString(),
                        "--out",
                        tmp.resolve("out").toString(),
                        "--paper",
                        paper.toString()));
        assertTrue(err.contains(paper + " record 1: every published number needs its source"), err);
    }

    @Test
    void theBundledPaperTableHasTheDesignNumbers() {
        var rows = PaperResults.bundled();
        assertEquals(20 + 25 + 15 + 6 + 1, rows.size()); // CUB, SOP (+ Smooth-AP), In-shop, VOC, speed
        assertTrue(rows.stream()
                .anyMatch(r -> r.dataset().equals("sop")
                        && r.method().equals("smooth-ap")
                        && r.metric().equals("recall_at_1")
                        && r.value() == 80.1
                        && r.source().startsWith("Brown et al.")));
        assertTrue(rows.stream()
                .anyMatch(r -> r.dataset().equals("inshop")
                        && r.method().equals("rambo-recall-log")
                        && r.metric().equals("recall_at_50")
                        && r.value() == 98.8));
        assertTrue(
                rows.stream().noneMatch(r -> r.metric().equals("recall_at_40")), "the paper gives no R@40 for In-shop");
        assertTrue(rows.stream().anyMatch(r -> r.method().equals("resnet50-voc07-rambo") && r.value() == 75.7));
    }
}
