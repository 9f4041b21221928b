package org.rambo.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Adam (or plain SGD: see {@link #sgd}) whose state can be saved and restored, so a resumed run
 * continues exactly where it stopped. DJL's own optimizers keep their moments private. State is
 * keyed by parameter NAME (stable across processes), not by DJL's per-instance parameter ids.
 * The learning rate of each parameter is base rate x epoch schedule factor x a per-parameter
 * multiplier (the retrieval embedding head's is higher).
 *
 * <p>Two Adam kernels, each the one its experiment's numbers were made with: {@link #adam}
 * composes the update from array operations; {@link #fusedAdam} makes the engine's single native
 * Adam call with the bias correction folded into the rate, as DJL's own Adam does. They agree to
 * rounding, not bit for bit, so each experiment keeps its own.
 */
public final class StatefulAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    /** How {@link #update} changes a weight. */
    private enum Kernel {
        SGD,
        ADAM,
        FUSED_ADAM
    }

    private final Kernel kernel;
    private final float baseLearningRate;
    private final float weightDecay;
    private final Map<String, String> nameById;
    private final ToDoubleFunction<String> multiplierByName;
    private final Map<String, NDArray> mean = new HashMap<>();
    private final Map<String, NDArray> variance = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    private volatile double scheduleFactor = 1.0;

    private StatefulAdam(
            Kernel kernel,
            float lr,
            float weightDecay,
            Map<String, String> nameById,
            ToDoubleFunction<String> multiplierByName) {
        super(new NoBuilder());
        this.kernel = kernel;
        this.baseLearningRate = lr;
        this.weightDecay = weightDecay;
        this.nameById = Map.copyOf(nameById);
        this.multiplierByName = multiplierByName;
    }

    public static StatefulAdam adam(
            float lr, float weightDecay, Map<String, String> nameById, ToDoubleFunction<String> multiplierByName) {
        return new StatefulAdam(Kernel.ADAM, lr, weightDecay, nameById, multiplierByName);
    }

    /**
     * Adam through the engine's fused update, one rate for every parameter, no weight decay
     * (the detector's optimizer).
     */
    public static StatefulAdam fusedAdam(float lr, Map<String, String> nameById) {
        return new StatefulAdam(Kernel.FUSED_ADAM, lr, 0f, nameById, name -> 1.0);
    }

    public static StatefulAdam sgd(
            float lr, float weightDecay, Map<String, String> nameById, ToDoubleFunction<String> multiplierByName) {
        return new StatefulAdam(Kernel.SGD, lr, weightDecay, nameById, multiplierByName);
    }

    /** Sets the schedule factor for the epoch about to run. */
    public void setScheduleFactor(double factor) {
        this.scheduleFactor = factor;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = nameById.getOrDefault(parameterId, parameterId);
        float lr = (float) (baseLearningRate * scheduleFactor * multiplierByName.applyAsDouble(name));
        if (kernel == Kernel.FUSED_ADAM) {
            fusedUpdate(name, lr, weight, grad);
            return;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning(); // the scope closes the step's intermediate arrays
            NDArray g = weightDecay > 0 ? grad.add(weight.mul(weightDecay)) : grad;
            if (kernel == Kernel.SGD) {
                weight.subi(g.mul(lr));
                return;
            }
            int t = steps.merge(name, 1, Integer::sum);
            NDArray m = mean.get(name);
            NDArray v = variance.get(name);
            if (m == null) {
                m = weight.zerosLike();
                v = weight.zerosLike();
                NDScope.unregister(m, v);
                mean.put(name, m);
                variance.put(name, v);
            }
            m.muli(BETA1).addi(g.mul(1f - BETA1));
            v.muli(BETA2).addi(g.square().muli(1f - BETA2));
            float c1 = (float) (1.0 - Math.pow(BETA1, t));
            float c2 = (float) (1.0 - Math.pow(BETA2, t));
            NDArray step = m.div(c1).divi(v.div(c2).sqrt().addi(EPSILON)).muli(lr);
            weight.subi(step);
        }
    }

    private void fusedUpdate(String name, float lr, NDArray weight, NDArray grad) {
        int t = steps.merge(name, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        NDArray m = mean.computeIfAbsent(name, k -> weight.zerosLike());
        NDArray v = variance.computeIfAbsent(name, k -> weight.zerosLike());
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, m, v),
                        new NDList(weight),
                        lr,
                        corrected,
                        weightDecay,
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        false);
    }

    /** Whether an array of a checkpoint is optimizer state ("m:NAME", "v:NAME"). */
    public static boolean isMoment(String arrayName) {
        return arrayName.startsWith("m:") || arrayName.startsWith("v:");
    }

    /** The moments as named arrays ("m:NAME", "v:NAME") plus step counts, for a checkpoint. */
    public NDList stateArrays() {
        NDList list = new NDList();
        for (String name : mean.keySet().stream().sorted().toList()) {
            NDArray m = mean.get(name);
            m.setName("m:" + name);
            NDArray v = variance.get(name);
            v.setName("v:" + name);
            list.add(m);
            list.add(v);
        }
        return list;
    }

    public Map<String, Integer> stepCounts() {
        return Map.copyOf(steps);
    }

    /** Restores moments and step counts written by {@link #stateArrays} / {@link #stepCounts}. */
    public void restore(NDList arrays, Map<String, Integer> stepCounts, NDManager owner) {
        for (NDArray a : arrays) {
            String key = a.getName();
            NDArray copy = a.duplicate();
            copy.attach(owner);
            if (key.startsWith("m:")) {
                mean.put(key.substring(2), copy);
            } else if (key.startsWith("v:")) {
                variance.put(key.substring(2), copy);
            } else {
                throw new IllegalArgumentException("optimizer state holds an unknown array '" + key + "'");
            }
        }
        steps.clear();
        steps.putAll(stepCounts);
    }

    /** DJL's Optimizer constructor wants a builder; ours carries no options of DJL's. */
    private static final class NoBuilder extends OptimizerBuilder<NoBuilder> {
        @Override
        protected NoBuilder self() {
            return this;
        }
    }
}
