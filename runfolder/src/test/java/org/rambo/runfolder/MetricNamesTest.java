package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The metric names as docs/run-folders.md spells them, written out letter by letter. */
class MetricNamesTest {

    @Test
    void theFixedNamesAreTheDocumentedOnes() {
        assertEquals(
                List.of(
                        "precision_at_1",
                        "r_precision",
                        "map_at_r",
                        "nmi",
                        "queries_skipped",
                        "ap50",
                        "ap50_voc07",
                        "uncapped_ap50"),
                List.of(
                        MetricNames.PRECISION_AT_1,
                        MetricNames.R_PRECISION,
                        MetricNames.MAP_AT_R,
                        MetricNames.NMI,
                        MetricNames.QUERIES_SKIPPED,
                        MetricNames.AP50,
                        MetricNames.AP50_VOC07,
                        MetricNames.UNCAPPED_AP50));
    }

    @Test
    void recallNamesCarryTheirCutOff() {
        assertEquals("recall_at_1", MetricNames.recallAt(1));
        assertEquals("recall_at_16", MetricNames.recallAt(16));
        // K of each name; -1 for anything that is not exactly recall_at_<digits>
        assertEquals(
                List.of(16, 1000, -1, -1, -1, -1, -1),
                Stream.of(
                                "recall_at_16",
                                "recall_at_1000",
                                "recall_at_",
                                "recall_at_k",
                                "recall_at_1_old",
                                "my_recall_at_1",
                                "precision_at_1")
                        .map(MetricNames::recallK)
                        .toList());
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
        // ap50_voc07 is the 11-point mean, not a class
        assertEquals(
                List.of(true, true, false, false, false, false),
                Stream.of("ap50_cat", "ap50_dining table", "ap50_voc07", "ap50", "uncapped_ap50", "recall_at_1")
                        .map(MetricNames::isClassAp50)
                        .toList());
        assertEquals("cat", MetricNames.classOf("ap50_cat"));
        assertEquals("dining table", MetricNames.classOf("ap50_dining table"));
    }

    @Test
    void labelsAreThePapersShortNames() {
        assertEquals(
                List.of(
                        "R@1",
                        "R@32",
                        "P@1",
                        "R-Prec",
                        "MAP@R",
                        "NMI",
                        "AP50",
                        "AP50 VOC07 11-pt",
                        "AP50 no image cap",
                        "cat",
                        "queries_skipped",
                        "train_loss"),
                Stream.of(
                                "recall_at_1",
                                "recall_at_32",
                                "precision_at_1",
                                "r_precision",
                                "map_at_r",
                                "nmi",
                                "ap50",
                                "ap50_voc07",
                                "uncapped_ap50",
                                "ap50_cat",
                                "queries_skipped",
                                "train_loss")
                        .map(MetricNames::label)
                        .toList());
    }
}
