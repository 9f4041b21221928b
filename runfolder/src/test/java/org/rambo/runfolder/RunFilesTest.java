package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file names as docs/run-folders.md spells them, written out letter by letter. */
class RunFilesTest {

    @Test
    void fileNames() {
        assertEquals("config.json", RunFiles.CONFIG);
        assertEquals("provenance.json", RunFiles.PROVENANCE);
        assertEquals("epochs.csv", RunFiles.EPOCHS);
        assertEquals("steps.csv", RunFiles.STEPS);
        assertEquals("final.json", RunFiles.FINAL);
        assertEquals("final.failed.json", RunFiles.FAILED_FINAL);
        assertEquals("fingerprints.csv", RunFiles.FINGERPRINTS);
        assertEquals("checkpoint.ndlist", RunFiles.CHECKPOINT);
        assertEquals("log.txt", RunFiles.LOG);
        assertEquals(".lock", RunFiles.LOCK);
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
