package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file names as docs/run-folders.md spells them, written out letter by letter. */
class RunFilesTest {

    @Test
    void fileNames() {
        assertEquals(
                List.of(
                        "config.json",
                        "provenance.json",
                        "epochs.csv",
                        "steps.csv",
                        "final.json",
                        "final.failed.json",
                        "fingerprints.csv",
                        "checkpoint.ndlist",
                        "log.txt",
                        ".lock"),
                List.of(
                        RunFiles.CONFIG,
                        RunFiles.PROVENANCE,
                        RunFiles.EPOCHS,
                        RunFiles.STEPS,
                        RunFiles.FINAL,
                        RunFiles.FAILED_FINAL,
                        RunFiles.FINGERPRINTS,
                        RunFiles.CHECKPOINT,
                        RunFiles.LOG,
                        RunFiles.LOCK));
    }

    @Test
    void aRunFolderIsOneWithAConfigFile(@TempDir Path dir) throws Exception {
        assertFalse(RunFiles.isRunFolder(dir));
        Files.createDirectory(dir.resolve("config.json"));
        assertFalse(RunFiles.isRunFolder(dir), "a directory named config.json is not a config");
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{}");
        assertTrue(RunFiles.isRunFolder(run));
    }
}
