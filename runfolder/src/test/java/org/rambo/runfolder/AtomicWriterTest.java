package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesContentAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("sub/final.json");
        AtomicWriter.writeString(target, "first");
        AtomicWriter.writeString(target, "second");
        assertEquals("second", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("final.json"), names(target.getParent()));
    }

    @Test
    void failedBodyKeepsOldContentAndRemovesTemp() throws IOException {
        Path target = dir.resolve("epochs.csv");
        AtomicWriter.writeString(target, "epoch,loss\n1,0.5\n");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> AtomicWriter.write(target, out -> {
                    out.write("epoch,lo".getBytes());
                    throw new IOException("No space left on device");
                }));
        assertEquals("cannot write " + target.toAbsolutePath() + ": No space left on device", e.getMessage());
        assertEquals("epoch,loss\n1,0.5\n", Files.readString(target));
        assertEquals(List.of("epochs.csv"), names(dir));
    }

    @Test
    void removesOnlyStaleTemps() throws IOException {
        Files.writeString(dir.resolve(".checkpoint.ndlist.123.tmp"), "half");
        Files.writeString(dir.resolve(".final.json4567.tmp"), "half");
        Files.writeString(dir.resolve("steps.csv"), "kept");
        Files.writeString(dir.resolve("notes.tmp"), "kept: not one of ours (no leading dot)");
        List<Path> removed = AtomicWriter.removeStaleTemps(dir);
        assertEquals(2, removed.size());
        assertEquals(List.of("notes.tmp", "steps.csv"), names(dir));
    }

    @Test
    void describesTheRootCause() {
        IOException wrapped = new IOException("write failed", new IOException("No space left on device"));
        assertEquals("No space left on device", AtomicWriter.describe(wrapped));
        assertTrue(AtomicWriter.describe(new NoSuchFileException("/x/y")).contains("/x/y"));
        assertFalse(AtomicWriter.describe(new IOException()).isEmpty());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
