package org.rambo.engine;

import ai.djl.ndarray.NDManager;

/**
 * Counts the engine arrays alive below the engine's system manager, in every manager a program
 * or DJL opened and has not closed. A training loop that releases what each step made holds a
 * constant count from one step to the next; a count that grows is a leak of (device) memory.
 */
public final class LiveArrays {

    private LiveArrays() {}

    public static int count() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
