package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * Wraps an embedding model so it outputs [embeddings, β]: β, the margin loss's learnable
 * boundary (one global value or one per class), is a parameter of the MODEL, so DJL's trainer
 * hands it to the optimizer with every other parameter. DJL losses have no parameters of their
 * own; this is how β reaches the optimizer. {@link MarginLoss} reads β from predictions[1].
 */
public final class MarginBeta extends AbstractBlock {

    private final Block embedding;
    private final Parameter beta;
    private final int classes;

    /**
     * @param embedding the model whose first output is the embeddings
     * @param initialBeta β at initialisation (Wu et al.: 1.2)
     * @param classes 0 for one global β, else the number of classes (labels 0..classes-1)
     */
    public MarginBeta(Block embedding, float initialBeta, int classes) {
        if (classes < 0) {
            throw new IllegalArgumentException("classes must be >= 0 (0 = one global beta), got " + classes);
        }
        this.embedding = addChildBlock("embedding", embedding);
        this.classes = classes;
        this.beta = addParameter(Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(Math.max(1, classes)))
                .optInitializer(new ConstantInitializer(initialBeta))
                .build());
    }

    public int classes() {
        return classes;
    }

    /** The β parameter (shape [1] or [classes]); trained by the optimizer like any weight. */
    public Parameter beta() {
        return beta;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = embedding.forward(store, inputs, training, params);
        NDArray b = store.getValue(beta, out.head().getDevice(), training);
        return new NDList(out.head(), b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] e = embedding.getOutputShapes(inputShapes);
        return new Shape[] {e[0], new Shape(Math.max(1, classes))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes);
    }
}
