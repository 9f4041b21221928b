package org.rambo.harness.cli;

/** What a damaged final.json's line says to do, as the tests expect it written out. */
final class RunFolderAdvice {

    static final String FINAL_JSON = "; delete final.json and train again to rewrite it from the"
            + " checkpoint, or delete the run folder to retrain the run";

    private RunFolderAdvice() {}
}
