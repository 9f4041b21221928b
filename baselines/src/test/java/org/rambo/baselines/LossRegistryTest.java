package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.rank.RecallLoss;

/** Spec strings: parse, defaults, canonical printing that round-trips, and clear errors. */
class LossRegistryTest {

    @ParameterizedTest
    @ValueSource(strings = {"contrastive:pos=0,neg=0.5", "triplet:margin=0.1,mining=semihard", "margin:alpha=0.2,beta=1.2",
        "smooth-ap:tau=0.01", "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=0",
        "rambo-ap:lambda=0.5,margin=0.15,memory=7,apc=0.33", "contrastive", "rambo-ap:noise=true,seed=3"})
    void issueExamplesParseAndRoundTrip(String spec) {
        LossSpec parsed = LossRegistry.parse(spec);
        String canonical = parsed.toString();
        assertEquals(parsed, LossRegistry.parse(canonical));
        assertEquals(canonical, LossRegistry.parse(canonical).toString());
        LossRegistry.build(spec); // builds
    }

    @Test
    void canonicalFormFillsDefaultsInFixedOrder() {
        assertEquals("triplet:margin=0.1,mining=semihard,distance=l2,reduction=nonzero",
                LossRegistry.parse("triplet:mining=semihard, margin=0.10").toString());
        assertEquals("rambo-recall:lambda=4.0,margin=0.02,weight=log1p,memory=0,reduction=reference",
                LossRegistry.parse("rambo-recall").toString());
    }

    @Test
    void ramboSpecsBuildTheConfiguredLosses() {
        RamboRetrievalLoss r = (RamboRetrievalLoss) LossRegistry.build("rambo-recall:lambda=2,weight=loglog1p,memory=3");
        RecallLoss recall = assertInstanceOf(RecallLoss.class, r.rankingLoss());
        assertEquals(2f, recall.lambda());
        assertEquals(RecallLoss.Weight.LOGLOG1P, recall.weight());
        assertEquals(3, r.memory().capacity());
        RamboRetrievalLoss a = (RamboRetrievalLoss) LossRegistry.build("rambo-ap:lambda=0.5,margin=0.15,memory=7,apc=0.33");
        ApLoss ap = assertInstanceOf(ApLoss.class, a.rankingLoss());
        assertEquals(0.15f, ap.margin());
        assertEquals(0.33f, ap.apcWeight());
        assertEquals(7, a.memory().capacity());
        assertInstanceOf(TripletLoss.class, LossRegistry.build("triplet:mining=batchhard"));
        assertEquals(TripletMiner.BATCHHARD, ((TripletLoss) LossRegistry.build("triplet:mining=batchhard")).miner());
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> LossRegistry.parse(spec)).getMessage();
    }

    @Test
    void errorsListTheValidChoices() {
        assertEquals("unknown loss 'tripplet' in spec 'tripplet:margin=1'; valid losses: [contrastive, triplet, "
                + "margin, smooth-ap, rambo-recall, rambo-ap]", error("tripplet:margin=1"));
        assertEquals("loss 'triplet': unknown key 'marg'; valid keys: margin, mining, distance, reduction",
                error("triplet:marg=0.1"));
        assertEquals("loss 'triplet': key 'margin' expects a number, got 'wide'", error("triplet:margin=wide"));
        assertEquals("loss 'triplet': key 'mining' expects one of [all, semihard, batchhard], got 'hard'",
                error("triplet:mining=hard"));
        assertEquals("loss 'rambo-recall': key 'memory' expects an integer, got '1.5'", error("rambo-recall:memory=1.5"));
        assertEquals("loss 'rambo-ap': key 'noise' expects true or false, got 'yes'", error("rambo-ap:noise=yes"));
        assertEquals("loss spec 'contrastive:pos': 'pos' is not key=value", error("contrastive:pos"));
        assertTrue(error(" ").startsWith("empty loss spec"));
        assertTrue(error("smooth-ap:tau=1,tau=2").contains("given twice"));
    }

    @Test
    void badValuesAreRejectedWhenBuilding() {
        assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("smooth-ap:tau=0"));
        assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("rambo-recall:lambda=-1"));
    }

    @Test
    void badInputsToTheLossesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            var loss = LossRegistry.build("contrastive");
            String e1 = assertThrows(IllegalArgumentException.class, () -> loss.evaluate(
                    new NDList(m.create(new float[] {0, 1, 1})), new NDList(m.ones(new Shape(4, 2))))).getMessage();
            assertEquals("labels hold 3 class ids for 4 embeddings", e1);
            String e2 = assertThrows(IllegalArgumentException.class, () -> loss.evaluate(
                    new NDList(m.create(new float[] {0, 1})), new NDList(m.ones(new Shape(2, 2, 2))))).getMessage();
            assertEquals("embeddings must be B x d, got shape (2, 2, 2)", e2);
            String e3 = assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("margin").evaluate(
                    new NDList(m.create(new float[] {0, 1})), new NDList(m.ones(new Shape(2, 2))))).getMessage();
            assertTrue(e3.startsWith("the margin loss needs beta as predictions[1]"), e3);
        }
    }

    @Test
    void markdownTableListsEveryKey() {
        String table = LossRegistry.markdownTable();
        for (LossRegistry.Definition d : LossRegistry.definitions()) {
            for (LossRegistry.Key k : d.keys()) {
                assertTrue(table.contains("| `" + d.name() + "` | `" + k.name() + "` |"), d.name() + "." + k.name());
            }
        }
    }
}
