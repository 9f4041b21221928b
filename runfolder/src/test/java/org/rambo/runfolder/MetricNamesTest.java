package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric names as docs/run-folders.md spells them, written out letter by letter. */
class MetricNamesTest {

    @Test
    void theFixedNamesAreTheDocumentedOnes() {
        assertEquals("precision_at_1", MetricNames.PRECISION_AT_1);
        assertEquals("r_precision", MetricNames.R_PRECISION);
        assertEquals("map_at_r", MetricNames.MAP_AT_R);
        assertEquals("nmi", MetricNames.NMI);
        assertEquals("queries_skipped", MetricNames.QUERIES_SKIPPED);
        assertEquals("ap50", MetricNames.AP50);
        assertEquals("ap50_voc07", MetricNames.AP50_VOC07);
        assertEquals("uncapped_ap50", MetricNames.UNCAPPED_AP50);
    }

    @Test
    void recallNamesCarryTheirCutOff() {
        assertEquals("recall_at_1", MetricNames.recallAt(1));
        assertEquals("recall_at_16", MetricNames.recallAt(16));
        assertEquals(16, MetricNames.recallK("recall_at_16"));
        assertEquals(1000, MetricNames.recallK("recall_at_1000"));
        assertEquals(-1, MetricNames.recallK("recall_at_"));
        assertEquals(-1, MetricNames.recallK("recall_at_k"));
        assertEquals(-1, MetricNames.recallK("recall_at_1_old"));
        assertEquals(-1, MetricNames.recallK("my_recall_at_1"));
        assertEquals(-1, MetricNames.recallK("precision_at_1"));
    }

    @Test
    void retrievalListsRecallsByTheGivenKsThenTheFixedFive() {
        assertEquals(
                List.of(
                        "recall_at_1",
                        "recall_at_2",
                        "recall_at_4",
                        "recall_at_8",
                        "precision_at_1",
                        "r_precision",
                        "map_at_r",
                        "nmi",
                        "queries_skipped"),
                MetricNames.retrieval(1, 2, 4, 8));
        assertEquals(
                List.of(
                        "recall_at_10",
                        "recall_at_1",
                        "precision_at_1",
                        "r_precision",
                        "map_at_r",
                        "nmi",
                        "queries_skipped"),
                MetricNames.retrieval(10, 1));
        assertEquals(
                List.of("precision_at_1", "r_precision", "map_at_r", "nmi", "queries_skipped"),
                MetricNames.retrieval());
    }

    @Test
    void perClassApNamesAreApFiftyUnderscoreClass() {
        assertEquals("ap50_cat", MetricNames.classAp50("cat"));
        assertEquals("ap50_pottedplant", MetricNames.classAp50("pottedplant"));
        assertTrue(MetricNames.isClassAp50("ap50_cat"));
        assertTrue(MetricNames.isClassAp50("ap50_dining table"));
        assertFalse(MetricNames.isClassAp50("ap50_voc07"), "the 11-point mean, not a class");
        assertFalse(MetricNames.isClassAp50("ap50"));
        assertFalse(MetricNames.isClassAp50("uncapped_ap50"));
        assertFalse(MetricNames.isClassAp50("recall_at_1"));
        assertEquals("cat", MetricNames.classOf("ap50_cat"));
        assertEquals("dining table", MetricNames.classOf("ap50_dining table"));
    }

    @Test
    void labelsAreThePapersShortNames() {
        assertEquals("R@1", MetricNames.label("recall_at_1"));
        assertEquals("R@32", MetricNames.label("recall_at_32"));
        assertEquals("P@1", MetricNames.label("precision_at_1"));
        assertEquals("R-Prec", MetricNames.label("r_precision"));
        assertEquals("MAP@R", MetricNames.label("map_at_r"));
        assertEquals("NMI", MetricNames.label("nmi"));
        assertEquals("AP50", MetricNames.label("ap50"));
        assertEquals("AP50 VOC07 11-pt", MetricNames.label("ap50_voc07"));
        assertEquals("AP50 no image cap", MetricNames.label("uncapped_ap50"));
        assertEquals("cat", MetricNames.label("ap50_cat"));
        assertEquals("queries_skipped", MetricNames.label("queries_skipped"));
        assertEquals("train_loss", MetricNames.label("train_loss"));
    }
}
