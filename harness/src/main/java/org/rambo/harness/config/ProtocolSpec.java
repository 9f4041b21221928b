package org.rambo.harness.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.rambo.engine.DeviceSpec;

/**
 * The training and evaluation protocol every method of a grid shares.
 *
 * @param backbone small-cnn, resnet18 or resnet50
 * @param pretrained optional TorchScript file of an ImageNet backbone (resnet50 only)
 * @param embeddingDim size of the L2-normalised embedding
 * @param image resize / crop sizes and flip augmentation
 * @param sampler P classes x K samples per batch
 * @param optimizer Adam (or SGD) with a learning-rate multiplier for the embedding head
 * @param schedule learning-rate schedule over epochs
 * @param epochs number of epochs
 * @param stepsPerEpoch steps per epoch (0 = one pass of the sampler)
 * @param evalEvery evaluate held-out retrieval every this many epochs (and always at the end)
 * @param eval the retrieval evaluation (Ks)
 * @param threads PyTorch intra-op threads (recorded in provenance)
 * @param device cpu, gpu (the first GPU), gpu:N or auto (a GPU when the engine has one)
 */
public record ProtocolSpec(
        String backbone,
        String pretrained,
        Integer embeddingDim,
        ImageSpec image,
        SamplerSpec sampler,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        Integer epochs,
        Integer stepsPerEpoch,
        Integer evalEvery,
        EvalSpec eval,
        Integer threads,
        String device) {

    public static final List<String> BACKBONES = List.of("small-cnn", "resnet18", "resnet50");

    public ProtocolSpec {
        Checks.require(
                backbone != null && BACKBONES.contains(backbone), "protocol.backbone", "must be one of " + BACKBONES);
        Checks.require(embeddingDim != null && embeddingDim > 0, "protocol.embedding_dim", "must be > 0");
        Checks.require(image != null, "protocol.image", "is required");
        Checks.require(sampler != null, "protocol.sampler", "is required");
        Checks.require(optimizer != null, "protocol.optimizer", "is required");
        schedule = schedule == null ? new ScheduleSpec("constant", null, null) : schedule;
        Checks.require(epochs != null && epochs > 0, "protocol.epochs", "must be > 0");
        stepsPerEpoch = stepsPerEpoch == null ? 0 : stepsPerEpoch;
        Checks.require(stepsPerEpoch >= 0, "protocol.steps_per_epoch", "must be >= 0");
        evalEvery = evalEvery == null ? 1 : evalEvery;
        Checks.require(evalEvery > 0, "protocol.eval_every", "must be > 0");
        Checks.require(eval != null, "protocol.eval", "is required");
        threads = threads == null ? 2 : threads;
        Checks.require(threads > 0, "protocol.threads", "must be > 0");
        try {
            device = DeviceSpec.parse(device == null ? "cpu" : device).toString();
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey("protocol.device", e.getMessage());
        }
    }

    /**
     * Image sizes: resize the shorter side, then crop (random for training, centre for evaluation).
     * {@code prefetch}: batches decoded ahead while a step runs (default {@link #DEFAULT_PREFETCH});
     * it changes no number, so when absent it is left out of the config (and the run folder's hash).
     */
    public record ImageSpec(
            Integer resize,
            Integer crop,
            Boolean flip,
            Integer channels,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer prefetch) {

        public static final int DEFAULT_PREFETCH = 2;

        public ImageSpec {
            Checks.require(
                    prefetch == null || (prefetch >= 1 && prefetch <= 64),
                    "protocol.image.prefetch",
                    "must be between 1 and 64");
            Checks.require(resize != null && resize > 0, "protocol.image.resize", "must be > 0");
            Checks.require(
                    crop != null && crop > 0 && crop <= resize, "protocol.image.crop", "must be > 0 and <= resize");
            flip = flip != null && flip;
            channels = channels == null ? 3 : channels;
            Checks.require(channels == 1 || channels == 3, "protocol.image.channels", "must be 1 or 3");
        }

        /** Batches decoded ahead: the configured depth or the default. */
        public int prefetchDepth() {
            return prefetch == null ? DEFAULT_PREFETCH : prefetch;
        }
    }

    /** P classes x K samples per class in every batch; superClass: all classes of a batch from one super-class. */
    public record SamplerSpec(Integer classesPerBatch, Integer samplesPerClass, Boolean superClass) {
        public SamplerSpec {
            Checks.require(
                    classesPerBatch != null && classesPerBatch > 0,
                    "protocol.sampler.classes_per_batch",
                    "must be > 0");
            Checks.require(
                    samplesPerClass != null && samplesPerClass > 0,
                    "protocol.sampler.samples_per_class",
                    "must be > 0");
            superClass = superClass != null && superClass;
        }

        public int batchSize() {
            return classesPerBatch * samplesPerClass;
        }
    }

    /** Optimizer: adam or sgd; the embedding head's learning rate is multiplied by embeddingLrMultiplier. */
    public record OptimizerSpec(String name, Double learningRate, Double embeddingLrMultiplier, Double weightDecay) {
        public OptimizerSpec {
            Checks.require(
                    name != null && (name.equals("adam") || name.equals("sgd")),
                    "protocol.optimizer.name",
                    "must be adam or sgd");
            Checks.require(learningRate != null && learningRate > 0, "protocol.optimizer.learning_rate", "must be > 0");
            embeddingLrMultiplier = embeddingLrMultiplier == null ? 1.0 : embeddingLrMultiplier;
            Checks.require(embeddingLrMultiplier > 0, "protocol.optimizer.embedding_lr_multiplier", "must be > 0");
            weightDecay = weightDecay == null ? 0.0 : weightDecay;
            Checks.require(weightDecay >= 0, "protocol.optimizer.weight_decay", "must be >= 0");
        }
    }

    /** constant, or step: multiply the learning rate by gamma every everyEpochs epochs. */
    public record ScheduleSpec(String type, Integer everyEpochs, Double gamma) {
        public ScheduleSpec {
            Checks.require(
                    type != null && (type.equals("constant") || type.equals("step")),
                    "protocol.schedule.type",
                    "must be constant or step");
            everyEpochs = everyEpochs == null ? 1 : everyEpochs;
            gamma = gamma == null ? 1.0 : gamma;
            Checks.require(everyEpochs > 0, "protocol.schedule.every_epochs", "must be > 0");
            Checks.require(gamma > 0, "protocol.schedule.gamma", "must be > 0");
        }

        /** Learning-rate factor for a 1-based epoch. */
        public double factor(int epoch) {
            return type.equals("constant") ? 1.0 : Math.pow(gamma, (epoch - 1) / everyEpochs);
        }
    }

    /**
     * Retrieval evaluation: the Ks of recall@K, and whether to compute NMI (k-means with k =
     * number of test classes is slow for SOP's 11,316 classes).
     */
    public record EvalSpec(List<Integer> ks, Boolean nmi) {
        public EvalSpec {
            Checks.require(
                    ks != null && !ks.isEmpty() && ks.stream().allMatch(k -> k != null && k > 0),
                    "protocol.eval.ks",
                    "must list Ks > 0");
            ks = List.copyOf(ks);
            nmi = nmi == null || nmi;
        }

        public int[] ksArray() {
            return ks.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
