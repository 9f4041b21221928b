package org.rambo.runfolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One trainer per run folder: an operating-system lock on the folder's {@code .lock} file. The
 * OS releases it when the process ends, however it ends ({@code kill -9} included), so a lock is
 * never stale; the file itself may stay and means nothing without the lock.
 */
public final class RunFolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder's lock if no other process (or other holder in this one) has it; empty
     * when it is held. Creates the folder if needed.
     */
    public static Optional<RunFolderLock> tryAcquire(Path runFolder) {
        Path file = runFolder.resolve(RunFiles.LOCK);
        FileChannel channel = null;
        try {
            Files.createDirectories(runFolder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another thread of this process
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new RunFolderLock(channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + AtomicWriter.describe(e), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the OS drops the lock with the descriptor either way
            }
        }
    }
}
