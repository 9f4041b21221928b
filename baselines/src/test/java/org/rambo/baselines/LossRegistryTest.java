package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.rank.RecallLoss;

/** Spec strings: parse, defaults, canonical printing that round-trips, what gets built, and clear errors. */
class LossRegistryTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "contrastive:pos=0,neg=0.5",
                "triplet:margin=0.1,mining=semihard",
                "margin:alpha=0.2,beta=1.2",
                "smooth-ap:tau=0.01",
                "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=0",
                "rambo-ap:lambda=0.5,margin=0.15,memory=7,apc=0.33",
                "contrastive",
                "rambo-ap:noise=true,seed=3",
                "fastap:bins=20",
                "margin:classes=10,nu=0.01,seed=4",
                "smooth-ap:tau=1e-4,chunk=3"
            })
    void exampleSpecsParseAndRoundTrip(String spec) {
        LossSpec parsed = LossRegistry.parse(spec);
        String canonical = parsed.toString();
        assertEquals(parsed, LossRegistry.parse(canonical));
        assertEquals(canonical, LossRegistry.parse(canonical).toString());
        Loss loss = LossRegistry.build(spec);
        assertEquals(
                loss.toString(), LossRegistry.build(canonical).toString(), "the canonical spec builds the same loss");
    }

    @Test
    void canonicalFormFillsDefaultsInFixedOrder() {
        assertEquals(
                "triplet:margin=0.1,mining=semihard,distance=l2,reduction=nonzero",
                LossRegistry.parse("triplet:mining=semihard, margin=0.10").toString());
        assertEquals(
                "rambo-recall:lambda=4.0,margin=0.02,weight=log1p,memory=0,reduction=reference",
                LossRegistry.parse("rambo-recall").toString());
        assertEquals(
                "contrastive:pos=0.0,neg=1.0,distance=l2,reduction=nonzero",
                LossRegistry.parse("contrastive").toString());
        assertEquals(
                "margin:alpha=0.2,beta=1.2,classes=0,nu=0.0,cutoff=0.5,nonzero_cutoff=1.4,seed=0",
                LossRegistry.parse("margin").toString());
        assertEquals(
                "smooth-ap:tau=0.01,chunk=16", LossRegistry.parse("smooth-ap").toString());
        assertEquals("fastap:bins=10", LossRegistry.parse("fastap").toString());
        assertEquals(
                "rambo-ap:lambda=4.0,margin=0.02,memory=0,apc=0.0,noise=false,seed=0",
                LossRegistry.parse("rambo-ap").toString());
    }

    @Test
    void everyDefaultInTheListingIsWhatTheBareNameBuilds() {
        for (KeyedLossProvider d : LossRegistry.definitions()) {
            LossSpec bare = LossRegistry.parse(d.name());
            assertEquals(
                    d.keys().stream().map(LossKey::name).toList(),
                    List.copyOf(bare.params().keySet()));
            for (LossKey k : d.keys()) {
                assertEquals(
                        LossRegistry.parse(d.name() + ":" + k.name() + "=" + k.defaultValue()),
                        bare,
                        d.name() + "." + k.name());
                assertTrue(!k.source().isBlank(), "every default names its source");
            }
        }
    }

    @Test
    void specsBuildTheConfiguredLosses() {
        RamboRetrievalLoss r =
                (RamboRetrievalLoss) LossRegistry.build("rambo-recall:lambda=2,weight=loglog1p,memory=3");
        RecallLoss recall = assertInstanceOf(RecallLoss.class, r.rankingLoss());
        assertEquals(2f, recall.lambda());
        assertEquals(RecallLoss.Weight.LOGLOG1P, recall.weight());
        assertEquals(3, r.memory().capacity());
        RamboRetrievalLoss a =
                (RamboRetrievalLoss) LossRegistry.build("rambo-ap:lambda=0.5,margin=0.15,memory=7,apc=0.33");
        ApLoss ap = assertInstanceOf(ApLoss.class, a.rankingLoss());
        assertEquals(0.15f, ap.margin());
        assertEquals(0.33f, ap.apcWeight());
        assertEquals(7, a.memory().capacity());
        assertInstanceOf(
                BatchHardTripletMiner.class, ((TripletLoss) LossRegistry.build("triplet:mining=batchhard")).miner());
        SemiHardTripletMiner semiHard = assertInstanceOf(
                SemiHardTripletMiner.class,
                ((TripletLoss) LossRegistry.build("triplet:mining=semihard,margin=0.25")).miner());
        assertEquals(0.25f, (float) semiHard.margin(), "semi-hard mining uses the loss's margin");
        assertEquals(
                "TripletLoss[margin=0.1, mining=semihard, distance=cosine, reduction=all]",
                LossRegistry.build("triplet:margin=0.1,mining=semihard,distance=cosine,reduction=all")
                        .toString());
        assertEquals(
                "ContrastiveLoss[pos=0.1, neg=0.5, distance=cosine, miner=all, reduction=all]",
                LossRegistry.build("contrastive:pos=0.1,neg=0.5,distance=cosine,reduction=all")
                        .toString());
        assertEquals(0.05f, ((SmoothApLoss) LossRegistry.build("smooth-ap:tau=0.05")).temperature());
        assertEquals(20, ((FastApLoss) LossRegistry.build("fastap:bins=20")).bins());
        MarginLoss m = (MarginLoss) LossRegistry.build("margin:beta=1.1,classes=5");
        assertEquals(1.1f, m.initialBeta());
        assertEquals(5, m.classes());
    }

    @Test
    void marginCutoffsReachTheSampler() {
        // anchor 0; negatives 1 at 1.3 and 2 at 1.0 (dim 3: weight 1/d)
        int[] labels = {0, 1, 1};
        double[] d = {0, 1.3, 1.0, 1.3, 0, 0, 1.0, 0, 0};
        DistanceWeightedSampler wide = (DistanceWeightedSampler) ((MarginLoss) LossRegistry.build("margin")).miner();
        assertArrayEquals(
                new double[] {0, (1 / 1.3) / (1 / 1.3 + 1), 1 / (1 / 1.3 + 1)},
                wide.probabilities(d, labels, 3, 0),
                1e-7);
        DistanceWeightedSampler narrow = (DistanceWeightedSampler)
                ((MarginLoss) LossRegistry.build("margin:cutoff=1.1,nonzero_cutoff=1.2")).miner();
        assertArrayEquals(new double[] {0, 0, 1}, narrow.probabilities(d, labels, 3, 0), 1e-7);
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> LossRegistry.parse(spec))
                .getMessage();
    }

    @Test
    void errorsListTheValidChoices() {
        assertEquals(
                "unknown loss 'tripplet' in spec 'tripplet:margin=1'; valid losses: [contrastive, fastap, "
                        + "margin, rambo-ap, rambo-recall, smooth-ap, test-echo, triplet]",
                error("tripplet:margin=1"));
        assertEquals(
                "loss 'triplet': unknown key 'marg'; valid keys: margin, mining, distance, reduction",
                error("triplet:marg=0.1"));
        assertEquals("loss 'triplet': key 'margin' expects a number, got 'wide'", error("triplet:margin=wide"));
        assertEquals("loss 'triplet': key 'margin' expects a number, got ''", error("triplet:margin="));
        assertEquals("loss 'smooth-ap': key 'tau' expects a number, got 'NaN'", error("smooth-ap:tau=NaN"));
        assertEquals(
                "loss 'triplet': key 'mining' expects one of [all, semihard, batchhard], got 'hard'",
                error("triplet:mining=hard"));
        assertEquals(
                "loss 'contrastive': key 'distance' expects one of [l2, cosine], got 'L2'",
                error("contrastive:distance=L2"));
        assertEquals(
                "loss 'rambo-recall': key 'memory' expects an integer, got '1.5'", error("rambo-recall:memory=1.5"));
        assertEquals(
                "loss 'fastap': key 'bins' expects an integer, got '99999999999'", error("fastap:bins=99999999999"));
        assertEquals("loss 'rambo-ap': key 'noise' expects true or false, got 'yes'", error("rambo-ap:noise=yes"));
        assertEquals("loss spec 'contrastive:pos': 'pos' is not key=value", error("contrastive:pos"));
        assertEquals("loss spec 'contrastive:pos=0,': '' is not key=value", error("contrastive:pos=0,"));
        assertEquals("loss spec 'contrastive:=0': '=0' is not key=value", error("contrastive:=0"));
        assertTrue(error(" ").startsWith("empty loss spec; valid losses: [contrastive,"));
        assertEquals("loss spec 'smooth-ap:tau=1,tau=2': key 'tau' given twice", error("smooth-ap:tau=1,tau=2"));
    }

    @Test
    void badValuesAreRejectedWhenBuilding() {
        assertEquals(
                "temperature tau must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("smooth-ap:tau=0"))
                        .getMessage());
        assertEquals(
                "bins must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("fastap:bins=0"))
                        .getMessage());
        assertEquals(
                "classes must be >= 0 (0 = one global beta), got -2",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("margin:classes=-2"))
                        .getMessage());
        assertEquals(
                "triplet margin must be a finite number >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("triplet:margin=-0.1"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> LossRegistry.build("rambo-recall:lambda=-1"));
    }

    private String inputError(String spec, NDList labels, NDList predictions) {
        Loss loss = LossRegistry.build(spec);
        return assertThrows(IllegalArgumentException.class, () -> loss.evaluate(labels, predictions))
                .getMessage();
    }

    @Test
    void badInputsToTheLossesAreNamed() {
        NDList twoByTwo = new NDList(manager.ones(new Shape(2, 2)));
        for (String spec : new String[] {"contrastive", "triplet", "smooth-ap", "fastap"}) {
            assertEquals(
                    "labels hold 3 class ids for 4 embeddings",
                    inputError(
                            spec,
                            new NDList(manager.create(new float[] {0, 1, 1})),
                            new NDList(manager.ones(new Shape(4, 2)))),
                    spec);
            assertEquals(
                    "embeddings must be B x d, got shape (2, 2, 2)",
                    inputError(
                            spec,
                            new NDList(manager.create(new float[] {0, 1})),
                            new NDList(manager.ones(new Shape(2, 2, 2)))),
                    spec);
            assertEquals(
                    "class ids must be integers, found 1.5 at 1",
                    inputError(spec, new NDList(manager.create(new float[] {0, 1.5f})), twoByTwo),
                    spec);
            assertEquals(
                    "class ids must be an integer or floating-point array, got boolean",
                    inputError(spec, new NDList(manager.create(new boolean[] {true, false})), twoByTwo),
                    spec);
            assertEquals(
                    "embeddings must be floating point, got int32",
                    inputError(
                            spec,
                            new NDList(manager.create(new float[] {0, 1})),
                            new NDList(manager.ones(new Shape(2, 2), DataType.INT32))),
                    spec);
            assertEquals("labels must hold the class ids [B]", inputError(spec, new NDList(), twoByTwo), spec);
            assertEquals(
                    "predictions must hold the embeddings B x d",
                    inputError(spec, new NDList(manager.create(new float[] {0, 1})), new NDList()),
                    spec);
        }
        NDList labels = new NDList(manager.create(new float[] {0, 1}));
        assertTrue(inputError("margin", labels, twoByTwo).startsWith("the margin loss needs beta as predictions[1]"));
        assertEquals(
                "beta holds 1 values, the margin loss expects 3 (one per class)",
                inputError(
                        "margin:classes=3",
                        labels,
                        new NDList(manager.ones(new Shape(2, 2)), manager.ones(new Shape(1)))));
        assertEquals(
                "class id 3 is outside 0..2 of the per-class beta",
                inputError(
                        "margin:classes=3",
                        new NDList(manager.create(new float[] {3, 3})),
                        new NDList(
                                manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)),
                                manager.ones(new Shape(3)))));
    }

    @Test
    void markdownTableListsEveryKey() {
        String table = LossRegistry.markdownTable();
        for (KeyedLossProvider d : LossRegistry.definitions()) {
            for (LossKey k : d.keys()) {
                assertTrue(
                        table.contains("| `" + d.name() + "` | `" + k.name() + "` | " + k.defaultValue() + " |"),
                        d.name() + "." + k.name());
            }
        }
    }
}
