package org.rambo.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunStatus;

/** The one way every experiment takes up a run folder: skip, leave failed, retry, lock, claim. */
class RunLifecycleTest {

    private static final String CONFIG = "{\"method\":\"m\",\"seed\":0}";

    /** Provenance must not be asked for where the lifecycle does not train. */
    private static final Supplier<Provenance> NO_PROVENANCE = () -> {
        throw new AssertionError("provenance asked for");
    };

    @TempDir
    Path tmp;

    private static FinalRecord record(RunStatus status, String failure) {
        return new FinalRecord(
                status, "g", "d", "m", "loss", 0, 1, Map.of("x", 0.5), Map.of(), 1, 1, 0, 1.0, failure, null);
    }

    @Test
    void aFinishedRunIsNotTakenUpEvenWhenRetrying() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        record(RunStatus.FINISHED, null).writeTo(run);
        RunLifecycle.Opening o = RunLifecycle.open(run, true, CONFIG, NO_PROVENANCE);
        assertEquals(RunLifecycle.State.FINISHED, o.state());
        assertEquals(Map.of("x", 0.5), o.ended().last());
        assertNull(o.folder());
        assertTrue(RunLifecycle.ended(run, true));
        assertFalse(Files.exists(run.resolve(RunFiles.CONFIG)));
    }

    @Test
    void aFailedRunIsLeftAsItIsUnlessRetried() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        record(RunStatus.FAILED, "loss became NaN").writeTo(run);
        String failed = Files.readString(run.resolve(RunFiles.FINAL));

        RunLifecycle.Opening left = RunLifecycle.open(run, false, CONFIG, NO_PROVENANCE);
        assertEquals(RunLifecycle.State.FAILED, left.state());
        assertEquals("loss became NaN", left.ended().failure());
        assertTrue(RunLifecycle.ended(run, false));
        assertFalse(RunLifecycle.ended(run, true));

        Provenance here = Provenance.ofThisProcess(null, null, "abc", "the test", Map.of("run", 0L));
        RunLifecycle.Opening retried = RunLifecycle.open(run, true, CONFIG, () -> here);
        try (RunFolder folder = retried.folder()) {
            assertEquals(RunLifecycle.State.OPEN, retried.state());
            assertFalse(Files.exists(run.resolve(RunFiles.FINAL)), "the failed record is set aside");
            assertEquals(failed, Files.readString(run.resolve(RunFiles.FAILED_FINAL)));
            assertEquals(CONFIG, Files.readString(run.resolve(RunFiles.CONFIG)));
            assertEquals("abc", Provenance.read(run).datasetChecksum());
            assertEquals(RunStatus.UNFINISHED, folder.status());
        }
    }

    @Test
    void aRunAnotherProcessHoldsIsLeftToItWithNothingWritten() throws Exception {
        Path run = tmp.resolve("run");
        RunFolderLock held = RunFolderLock.tryAcquire(run).orElseThrow();
        try {
            RunLifecycle.Opening o = RunLifecycle.open(run, false, CONFIG, NO_PROVENANCE);
            assertEquals(RunLifecycle.State.LOCKED, o.state());
        } finally {
            held.close();
        }
        assertFalse(Files.exists(run.resolve(RunFiles.CONFIG)));
    }

    @Test
    void anotherRunsConfigIsRefusedAndTheLockReleased() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunFiles.CONFIG), "{\"method\":\"other\"}");
        RunFolderException e =
                assertThrows(RunFolderException.class, () -> RunLifecycle.open(run, false, CONFIG, NO_PROVENANCE));
        assertEquals(
                run.resolve(RunFiles.CONFIG) + ": holds a different config than this run's; "
                        + "remove the folder or use another runs directory",
                e.getMessage());
        Optional<RunFolderLock> again = RunFolderLock.tryAcquire(run);
        assertTrue(again.isPresent(), "the lock was released");
        again.get().close();
    }
}
