package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table headers as docs/run-folders.md spells them, written out letter by letter. */
class RunColumnsTest {

    @Test
    void stepsHeader() {
        assertEquals(
                List.of(
                        "epoch",
                        "step",
                        "data_ms",
                        "forward_ms",
                        "loss_ms",
                        "sort_ms",
                        "backward_ms",
                        "optimizer_ms",
                        "loss"),
                RunColumns.STEPS);
        assertEquals(
                "epoch,step,data_ms,forward_ms,loss_ms,sort_ms,backward_ms,optimizer_ms,loss",
                String.join(",", RunColumns.STEPS));
        assertEquals("epoch", RunColumns.EPOCH);
        assertEquals("step", RunColumns.STEP);
        assertEquals("sort_ms", RunColumns.SORT_MS);
        assertEquals("loss", RunColumns.STEP_LOSS);
    }

    @Test
    void thePhasesAreTheFiveDisjointTimingsWithoutSort() {
        assertEquals(
                List.of("data_ms", "forward_ms", "loss_ms", "backward_ms", "optimizer_ms"), RunColumns.STEP_PHASES);
    }

    @Test
    void epochsHeaderStartsWithEpochLossAndSeconds() {
        assertEquals(List.of("epoch", "train_loss", "epoch_seconds"), RunColumns.EPOCH_LEADING);
        assertEquals("train_loss", RunColumns.TRAIN_LOSS);
        assertEquals("epoch_seconds", RunColumns.EPOCH_SECONDS);
        assertEquals("eval_seconds", RunColumns.EVAL_SECONDS);
        assertEquals("cls_loss", RunColumns.CLS_LOSS);
        assertEquals("box_loss", RunColumns.BOX_LOSS);
    }

    @Test
    void fingerprintsHeader() {
        assertEquals("step,epoch,step_in_epoch,loss,weights_sha256", String.join(",", RunColumns.FINGERPRINTS));
    }
}
