package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam whose state a checkpoint can hold: DJL's own Adam keeps its moments private and keys
 * them by parameter ids that change with every process. This one keys moments and step counts
 * by parameter name and makes the same native update call with the same bias correction as
 * DJL's Adam, so training is what it was with DJL's optimizer.
 */
final class DetectorAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String MEAN = "m:";
    private static final String VARIANCE = "v:";

    private final float learningRate;
    private final Map<String, String> nameById;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    DetectorAdam(float learningRate, Map<String, String> nameById) {
        super(new NoOptions());
        this.learningRate = learningRate;
        this.nameById = Map.copyOf(nameById);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = nameById.get(parameterId);
        if (name == null) {
            throw new IllegalStateException("parameter " + parameterId + " is not one of the model's");
        }
        int t = steps.merge(name, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDArray mean = means.computeIfAbsent(name, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(name, k -> weight.zerosLike());
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, mean, variance),
                        new NDList(weight),
                        learningRate,
                        corrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        false);
    }

    /** The moments ({@code m:NAME}, {@code v:NAME}, in name order), for a checkpoint. */
    NDList moments() {
        NDList list = new NDList();
        for (String name : new TreeMap<>(means).keySet()) {
            NDArray m = means.get(name);
            m.setName(MEAN + name);
            NDArray v = variances.get(name);
            v.setName(VARIANCE + name);
            list.add(m);
            list.add(v);
        }
        return list;
    }

    /** Updates taken per parameter name. */
    Map<String, Integer> stepCounts() {
        return Map.copyOf(steps);
    }

    /** Restores what {@link #moments} and {@link #stepCounts} gave; copies are owned by {@code owner}. */
    void restore(NDList moments, Map<String, Integer> stepCounts, NDManager owner) {
        for (NDArray a : moments) {
            NDArray copy = a.duplicate();
            copy.attach(owner);
            String key = a.getName();
            if (key.startsWith(MEAN)) {
                means.put(key.substring(MEAN.length()), copy);
            } else if (key.startsWith(VARIANCE)) {
                variances.put(key.substring(VARIANCE.length()), copy);
            } else {
                throw new IllegalArgumentException("optimizer state holds an unknown array '" + key + "'");
            }
        }
        steps.clear();
        steps.putAll(stepCounts);
    }

    /** Whether an array of a checkpoint is optimizer state. */
    static boolean isMoment(String arrayName) {
        return arrayName.startsWith(MEAN) || arrayName.startsWith(VARIANCE);
    }

    /** DJL's Optimizer wants a builder; the defaults (no weight decay, no clipping) are what this optimizer uses. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
