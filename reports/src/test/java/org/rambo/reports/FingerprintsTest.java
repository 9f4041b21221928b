package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.gate.Fingerprints;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.model.Run;

/**
 * The fingerprint verdict of `check`: bit-identical when every reference run measured has the
 * reference's rows, else the earliest step where a run parts and whether the metrics stayed
 * within bands; written references carry the CPU they came from.
 */
class FingerprintsTest {

    @TempDir
    Path root;

    private static final String A1 = "1,1,1,0.693147,aa11";
    private static final String A10 = "10,1,10,0.512345,aa10";
    private static final String A50 = "50,2,25,0.301000,aa50";

    private List<Run> runs(String triplet, String contrastive) throws Exception {
        Path t = FixtureRuns.run(root, "ci", "fashion-mnist", "triplet", 0).write();
        Path c = FixtureRuns.run(root, "ci", "fashion-mnist", "contrastive", 0).write();
        Files.writeString(t.resolve("fingerprints.csv"), "step,epoch,step_in_epoch,loss,weights_sha256\n" + triplet);
        Files.writeString(
                c.resolve("fingerprints.csv"), "step,epoch,step_in_epoch,loss,weights_sha256\n" + contrastive);
        return RunReader.readAll(root);
    }

    private Path reference() throws Exception {
        Path ref = root.resolve("ci-fingerprints.csv");
        Files.writeString(
                ref,
                "# CPU: Test CPU 9000\n"
                        + "grid,method,seed,step,epoch,step_in_epoch,loss,weights_sha256\n"
                        + "ci,triplet,0," + A1 + "\nci,triplet,0," + A10 + "\nci,triplet,0," + A50 + "\n"
                        + "ci,contrastive,0," + A1 + "\nci,contrastive,0," + A10 + "\nci,contrastive,0," + A50 + "\n");
        return ref;
    }

    @Test
    void theSameRowsAreBitIdentical() throws Exception {
        String rows = A1 + "\n" + A10 + "\n" + A50 + "\n";
        List<Run> runs = runs(rows, rows);
        Path ref = reference();
        assertEquals(
                "fingerprints: bit-identical to the reference in 2 runs (" + ref + ", CPU Test CPU 9000)",
                Fingerprints.verdict(ref, runs, true));
    }

    @Test
    void theEarliestPartingStepIsNamedWithBothLosses() throws Exception {
        List<Run> runs = runs(
                A1 + "\n10,1,10,0.512346,bb10\n50,2,25,0.301001,bb50\n",
                "1,1,1,0.693147,cc11\n" + A10 + "\n" + A50 + "\n");
        Path ref = reference();
        assertEquals(
                "fingerprints: not bit-identical to the reference (" + ref + ", CPU Test CPU 9000); first parting:"
                        + " contrastive s0 after step 1 (loss 0.693147 here, 0.693147 there; the weights differ);"
                        + " the metrics are within bands",
                Fingerprints.verdict(ref, runs, true));
        List<Run> later = runs(A1 + "\n10,1,10,0.512346,bb10\n" + A50 + "\n", A1 + "\n" + A10 + "\n" + A50 + "\n");
        assertEquals(
                "fingerprints: not bit-identical to the reference (" + ref + ", CPU Test CPU 9000); first parting:"
                        + " triplet s0 after step 10 (loss 0.512346 here, 0.512345 there);"
                        + " the metrics are NOT within bands",
                Fingerprints.verdict(ref, later, false));
    }

    @Test
    void aWrittenReferenceNamesTheCpuAndReadsBackBitIdentical() throws Exception {
        String rows = A1 + "\n" + A10 + "\n" + A50 + "\n";
        List<Run> runs = runs(rows, rows);
        Path ref = root.resolve("written-fingerprints.csv");
        assertEquals(6, Fingerprints.write(ref, runs));
        String text = Files.readString(ref);
        assertTrue(text.contains("\n# CPU: "), text);
        assertTrue(text.contains("\nci,triplet,0," + A10 + "\n"), text);
        assertTrue(Fingerprints.verdict(ref, runs, true)
                .startsWith("fingerprints: bit-identical to the reference in 2 runs"));
    }

    @Test
    void theReferenceGoesBesideTheGateReference() {
        assertEquals(
                Path.of("reports", "reference", "ci-fingerprints.csv"),
                Fingerprints.besides(Path.of("reports", "reference", "ci.csv")));
    }
}
