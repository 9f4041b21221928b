package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunStatus;
import org.rambo.training.Seeds;

/**
 * The run folder of a detection run: its name (stable across versions of this code), the seeds
 * by concern in provenance.json, RaMBO's sort time in steps.csv and final.json, the folder lock,
 * and a folder that holds another run's config.
 */
class DetectionRunTest {

    @TempDir
    Path tmp;

    @Test
    void folderNamesAreTheOnesEarlierVersionsGave() {
        // computed by the code before the run-folder module (SHA-256 of the same canonical JSON)
        DetectionConfig synthetic = TestConfigs.synthetic();
        assertEquals("ce-s0-f73f5315ecbb", synthetic.folderName());
        // device cpu, the default, leaves config.json as it was; another device is another run
        assertEquals("cpu", synthetic.device());
        org.junit.jupiter.api.Assertions.assertNotEquals(
                "ce-s0-f73f5315ecbb",
                synthetic.withProtocol(synthetic.protocol().withDevice("gpu")).folderName());
        assertEquals("rambo-ap-s0-b6e451301538", synthetic.with("rambo-ap", 0).folderName());
        assertEquals("ce-s2-08e476d78c16", synthetic.with("ce", 2).folderName());
        assertEquals(
                "rambo-ap-s1-4b9604a76993",
                TestConfigs.read(TestConfigs.CONFIGS.resolve("detection-lambda05.json"))
                        .with("rambo-ap", 1)
                        .folderName());
        // the paper's VOC config trains on a GPU now; on the CPU it is the run it always was
        DetectionConfig voc = TestConfigs.vocPaper().with("rambo-ap", 2);
        assertEquals(
                "rambo-ap-s2-0ab6d1ce7092",
                voc.withProtocol(voc.protocol().withDevice("cpu")).folderName());
        assertEquals("gpu", TestConfigs.vocPaper().device());
        assertEquals(
                "{\"dataset\":\"synthetic-voc\",\"grid\":\"detection-synthetic\",\"loss\":\"ce:hard_negatives=3"
                        + "+smooth-l1\",\"method\":\"ce\",\"protocol\":{\"anchorRatios\":[1.0,2.0,0.5],\"anchorSizes\":"
                        + "[[0.2,0.3],[0.45,0.6]],\"apcWeight\":0.33333334,\"backbone\":\"tiny\",\"batchSize\":16,\"classes\":"
                        + "[],\"epochs\":8,\"imageSize\":64,\"lambda\":4.0,\"learningRate\":0.002,\"margin\":0.15,"
                        + "\"marginNoise\":true,\"matchIou\":0.5,\"maxTest\":0,\"maxTrain\":0,\"memory\":7,\"rankedScores\":"
                        + "\"log-odds\",\"root\":\"data/synthetic-voc/VOCdevkit\"},\"seed\":0}",
                synthetic.canonicalJson());
    }

    @Test
    void seedsByConcernDifferAndStayFixed() {
        Seeds s = Seeds.split(0);
        // the seeds of run seed 0 for the concerns model init 1, batch order 2, augmentation 3, loss 4, as
        // SplittableRandom(seed * 0x9E3779B97F4A7C15 + concern).nextLong() with the sign bit cleared
        assertEquals(
                new Seeds(0, 1227844342346046657L, 1682153688901572302L, 2092789425003139053L, 7958955049054603978L),
                s);
        assertEquals(7958955049054603978L >>> 32, s.loss());
        Set<Long> distinct = new HashSet<>(List.of(
                s.modelInit(),
                s.batchOrder(),
                s.lossStream(),
                Seeds.split(1).modelInit(),
                s.batchOrder(1),
                s.batchOrder(2),
                s.loss(1),
                s.loss(2)));
        assertEquals(8, distinct.size(), distinct.toString());
        assertEquals(
                List.of("run", "model_init", "batch_order", "augmentation", "loss", "loss_stream"),
                List.copyOf(s.byConcern().keySet()));
        assertEquals(s.lossStream(), s.byConcern().get("loss_stream"));
    }

    @Test
    void ramboRecordsItsSortTimeAndTheSeedsByConcern() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 16, 8);
        DetectionConfig rambo = TinyDetection.config(devkit, "rambo-ap", 1);
        Path folder = tmp.resolve("runs").resolve(rambo.folderName());
        DetectionResult r = DetectionRun.run(rambo, folder);

        assertTrue(r.meanSortMs() > 0, r.toString());
        FinalRecord fin = FinalRecord.read(folder);
        assertEquals(r.meanSortMs(), fin.meanSortMs());
        assertTrue(fin.meanSortMs() > 0 && fin.meanSortMs() < fin.meanStepMs(), fin.toString());
        List<String> steps = Files.readAllLines(folder.resolve("steps.csv"));
        assertEquals("epoch,step,data_ms,forward_ms,loss_ms,sort_ms,backward_ms,optimizer_ms,loss", steps.get(0));
        assertEquals(3, steps.size(), "16 images in batches of 8: " + steps);
        for (String row : steps.subList(1, steps.size())) {
            assertTrue(Double.parseDouble(row.split(",")[5]) > 0, row);
        }
        Provenance p = Provenance.read(folder);
        assertEquals(Seeds.split(5).byConcern(), p.seeds());
        assertEquals(DetectionData.annotationChecksum(devkit), p.datasetChecksum());
        assertTrue(p.datasetChecksum().matches("[0-9a-f]{64}"), p.datasetChecksum());
        assertEquals("PyTorch", p.engine().name());
        assertTrue(
                p.threads().torchIntraOp() >= 1 && p.threads().torchInterOp() >= 1,
                p.threads().toString());
        assertEquals(
                Map.of("train_images", 16, "test_images", 8),
                Map.of(
                        "train_images",
                        fin.details().get("train_images"),
                        "test_images",
                        fin.details().get("test_images")));
    }

    @Test
    void crossEntropySortsNothing() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 8, 8);
        DetectionConfig ce = TinyDetection.config(devkit, "ce", 1);
        DetectionResult r = DetectionRun.run(ce, tmp.resolve("ce"));
        assertEquals(0.0, r.meanSortMs());
        assertEquals(
                "0.0", Files.readAllLines(tmp.resolve("ce/steps.csv")).get(1).split(",")[5]);
    }

    @Test
    void aFailedRunIsReadBackUnlessRetriedAndThenItsRecordIsKept() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 8, 8);
        DetectionConfig ce = TinyDetection.config(devkit, "ce", 1);
        Path folder = tmp.resolve("failed");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), ce.canonicalJson());
        new FinalRecord(
                        RunStatus.FAILED,
                        ce.grid(),
                        ce.dataset(),
                        ce.method(),
                        ce.lossSpec(),
                        ce.seed(),
                        0,
                        Map.of(),
                        Map.of(),
                        0,
                        0,
                        0,
                        1.0,
                        "loss became NaN at epoch 1, step 1",
                        null)
                .writeTo(folder);
        String failed = Files.readString(folder.resolve("final.json"));

        DetectionResult left = DetectionRun.run(ce, folder);
        assertEquals("loss became NaN at epoch 1, step 1", left.failure());
        assertEquals(failed, Files.readString(folder.resolve("final.json")), "not trained again");

        DetectionResult retried = DetectionRun.run(ce, folder, true, new DetectionRun.Observer() {});
        assertEquals("finished", retried.status());
        assertEquals(failed, Files.readString(folder.resolve("final.failed.json")));
        assertEquals(RunStatus.FINISHED, FinalRecord.read(folder).status());
    }

    @Test
    void aRunAnotherProcessHoldsIsLeftToIt() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 8, 8);
        DetectionConfig ce = TinyDetection.config(devkit, "ce", 1);
        Path folder = tmp.resolve("held");
        RunFolderLock held = RunFolderLock.tryAcquire(folder).orElseThrow();
        try {
            RunLockedException e = assertThrows(RunLockedException.class, () -> DetectionRun.run(ce, folder));
            assertEquals(folder + ": another process is training this run", e.getMessage());
        } finally {
            held.close();
        }
        assertFalse(Files.exists(folder.resolve("config.json")), "nothing written into a held folder");
    }

    @Test
    void aFolderOfAnotherConfigIsRefusedNamingTheFile() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 8, 8);
        DetectionConfig ce = TinyDetection.config(devkit, "ce", 1);
        Path folder = tmp.resolve("other");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), ce.with("ce", 9).canonicalJson());
        RunFolderException e = assertThrows(RunFolderException.class, () -> DetectionRun.run(ce, folder));
        assertEquals(
                folder.resolve("config.json") + ": holds a different config than this run's; remove the folder or use "
                        + "another runs directory",
                e.getMessage());
        assertNotEquals(ce.canonicalJson(), Files.readString(folder.resolve("config.json")));
    }
}
