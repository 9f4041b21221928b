package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** On a hand-built batch on a line, each strategy chooses exactly the expected triplets. */
class MiningTest {

    // points on a line: 0 -> 0.0, 1 -> 0.5 (class A); 2 -> 0.7, 3 -> 2.0 (class B)
    static final double[] POS = {0.0, 0.5, 0.7, 2.0};
    static final int[] LABELS = {0, 0, 1, 1};

    static double[] distances() {
        double[] d = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                d[i * 4 + j] = Math.abs(POS[i] - POS[j]);
            }
        }
        return d;
    }

    @Test
    void allPairsAreEveryOrderedPairWithItsRelevance() {
        assertEquals(
                List.of(
                        new Pair(0, 1, true),
                        new Pair(0, 2, false),
                        new Pair(0, 3, false),
                        new Pair(1, 0, true),
                        new Pair(1, 2, false),
                        new Pair(1, 3, false),
                        new Pair(2, 0, false),
                        new Pair(2, 1, false),
                        new Pair(2, 3, true),
                        new Pair(3, 0, false),
                        new Pair(3, 1, false),
                        new Pair(3, 2, true)),
                new AllPairsMiner().mine(distances(), LABELS, 1));
    }

    @Test
    void allTriplets() {
        List<Triplet> t = new AllTripletsMiner().mine(distances(), LABELS, 1);
        assertEquals(
                List.of(
                        new Triplet(0, 1, 2), new Triplet(0, 1, 3),
                        new Triplet(1, 0, 2), new Triplet(1, 0, 3),
                        new Triplet(2, 3, 0), new Triplet(2, 3, 1),
                        new Triplet(3, 2, 0), new Triplet(3, 2, 1)),
                t);
    }

    @Test
    void semiHardKeepsNegativesInsideTheMarginBeyondThePositive() {
        // d_ap < d_an < d_ap + 0.3:
        //  (0,1): d_ap 0.5; n=2 d 0.7 yes; n=3 d 2.0 no
        //  (1,0): d_ap 0.5; n=2 d 0.2 no (closer than the positive); n=3 d 1.5 no
        //  (2,3): d_ap 1.3; n=0 d 0.7 no; n=1 d 0.2 no
        //  (3,2): d_ap 1.3; n=0 d 2.0 no; n=1 d 1.5 yes
        assertEquals(
                List.of(new Triplet(0, 1, 2), new Triplet(3, 2, 1)),
                new SemiHardTripletMiner(0.3).mine(distances(), LABELS, 1));
    }

    @Test
    void semiHardWithAWiderMarginAddsTheNegativesItNowReaches() {
        // margin 1.0: (0,1) n=3 d 2.0 < 1.5? no; (1,0) n=3 d 1.5 in (0.5, 1.5)? no (not strictly inside);
        // (2,3) d_ap 1.3: no negative beyond 1.3; (3,2) n=0 d 2.0 < 2.3 yes, n=1 d 1.5 yes
        assertEquals(
                List.of(new Triplet(0, 1, 2), new Triplet(3, 2, 0), new Triplet(3, 2, 1)),
                new SemiHardTripletMiner(1.0).mine(distances(), LABELS, 1));
    }

    @Test
    void batchHardTakesTheFarthestPositiveAndNearestNegativePerAnchor() {
        assertEquals(
                List.of(new Triplet(0, 1, 2), new Triplet(1, 0, 2), new Triplet(2, 3, 1), new Triplet(3, 2, 1)),
                new BatchHardTripletMiner().mine(distances(), LABELS, 1));
    }

    @Test
    void batchHardPicksAmongSeveralPositivesAndNegatives() {
        // class A at 0.0, 0.3, 1.0; class B at 0.8, 1.6, 3.0
        double[] x = {0.0, 0.3, 1.0, 0.8, 1.6, 3.0};
        int[] labels = {0, 0, 0, 1, 1, 1};
        double[] d = new double[36];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                d[i * 6 + j] = Math.abs(x[i] - x[j]);
            }
        }
        assertEquals(
                List.of(
                        new Triplet(0, 2, 3),
                        new Triplet(1, 2, 3),
                        new Triplet(2, 0, 3),
                        new Triplet(3, 5, 2),
                        new Triplet(4, 5, 2),
                        new Triplet(5, 3, 2)),
                new BatchHardTripletMiner().mine(d, labels, 1));
    }
}
