package org.rambo.baselines;

/**
 * Chooses (anchor, positive, negative) triplets: {@link AllTripletsMiner},
 * {@link SemiHardTripletMiner}, {@link BatchHardTripletMiner}.
 */
public interface TripletMiner extends Miner<Triplet> {

    /**
     * The miner a spec names: all, semihard (with the loss's margin, as the triplets it keeps are
     * those that margin makes active) or batchhard.
     */
    static TripletMiner of(String name, double margin) {
        return switch (name) {
            case "all" -> new AllTripletsMiner();
            case "semihard" -> new SemiHardTripletMiner(margin);
            case "batchhard" -> new BatchHardTripletMiner();
            default ->
                throw new IllegalArgumentException("unknown mining '" + name + "'; valid: all, semihard, batchhard");
        };
    }
}
