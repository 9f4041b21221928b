package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table headers as docs/run-folders.md spells them, written out letter by letter. */
class RunColumnsTest {

    @Test
    void stepsHeader() {
        assertEquals(
                "epoch,step,data_ms,forward_ms,loss_ms,sort_ms,backward_ms,optimizer_ms,loss",
                String.join(",", RunColumns.STEPS));
        assertEquals(
                List.of("epoch", "step", "sort_ms", "loss"),
                List.of(RunColumns.EPOCH, RunColumns.STEP, RunColumns.SORT_MS, RunColumns.STEP_LOSS));
    }

    @Test
    void thePhasesAreTheFiveDisjointTimingsWithoutSort() {
        assertEquals("data_ms,forward_ms,loss_ms,backward_ms,optimizer_ms", String.join(",", RunColumns.STEP_PHASES));
    }

    @Test
    void epochsHeaderStartsWithEpochLossAndSeconds() {
        assertEquals("epoch,train_loss,epoch_seconds", String.join(",", RunColumns.EPOCH_LEADING));
        assertEquals(
                List.of("train_loss", "epoch_seconds", "eval_seconds", "cls_loss", "box_loss"),
                List.of(
                        RunColumns.TRAIN_LOSS,
                        RunColumns.EPOCH_SECONDS,
                        RunColumns.EVAL_SECONDS,
                        RunColumns.CLS_LOSS,
                        RunColumns.BOX_LOSS));
    }

    @Test
    void fingerprintsHeader() {
        assertEquals("step,epoch,step_in_epoch,loss,weights_sha256", String.join(",", RunColumns.FINGERPRINTS));
    }
}
