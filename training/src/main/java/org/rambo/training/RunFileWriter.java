package org.rambo.training;

import java.nio.file.Path;
import org.rambo.runfolder.AtomicWriter;

/**
 * How the trainer writes the run files it rewrites while training (tables and checkpoint):
 * {@link AtomicWriter} itself, or, in tests, a writer whose stream fails the way a full disk
 * does, to prove that nothing half-written survives.
 */
@FunctionalInterface
public interface RunFileWriter {

    /** The real thing. */
    RunFileWriter ATOMIC = AtomicWriter::write;

    void write(Path target, AtomicWriter.Body body);
}
