package org.rambo.harness.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The smoke run's configs, from the paper's: small images and batches, two training steps and
 * one evaluation, on CPU, one seed, the fixture tree as the dataset root. The retrieval grids get
 * these as `run --set` overrides; the detection config (detect has no --set) is a copy with the
 * same kind of keys changed, each listed in {@link Derived#changes()}. Nothing else differs.
 */
final class SmokeConfigs {

    static final int RESIZE = 72;
    static final int CROP = 64;
    /** The smallest size whose last feature map (stride 256 after the extra layers) is still 1 pixel. */
    static final int VOC_IMAGE = 256;

    static final int VOC_BATCH = 2;
    /** Two training steps of batch 2, one evaluation over 2 test images. */
    static final int VOC_TRAIN_IMAGES = 4;

    static final int VOC_TEST_IMAGES = 2;

    /** A derived config, the keys it changed (key: paper value -> smoke value) and the trunk it uses. */
    record Derived(ObjectNode config, List<String> changedKeys, String trunk) {

        String changes() {
            return String.join(", ", changedKeys);
        }
    }

    /** The --set overrides of `rambo-bench run` for a paper grid, and the trunk they leave it with. */
    record Overrides(List<String> sets, String trunk) {

        /** The command-line arguments: --set KEY=VALUE for each. */
        List<String> arguments() {
            List<String> args = new ArrayList<>();
            sets.forEach(s -> {
                args.add("--set");
                args.add(s);
            });
            return args;
        }
    }

    private SmokeConfigs() {}

    /**
     * configs/paper/{cub,sop,inshop}.yaml for the smoke run, as --set overrides (run's --seeds 0
     * picks the seed). The pretrained trunk is kept when its file is there, else unset (random weights).
     */
    static Overrides retrieval(JsonNode paper, Path root, Path repo) {
        List<String> sets = new ArrayList<>(List.of(
                "dataset.root=" + root,
                "protocol.image.resize=" + RESIZE,
                "protocol.image.crop=" + CROP,
                "protocol.sampler.classes_per_batch=2",
                "protocol.sampler.samples_per_class=2",
                "protocol.epochs=1",
                "protocol.steps_per_epoch=2",
                "protocol.eval_every=1",
                "protocol.device=cpu",
                "protocol.threads=2"));
        JsonNode pretrained = paper.path("protocol").path("pretrained");
        if (pretrained.isTextual() && Files.isRegularFile(repo.resolve(pretrained.asText()))) {
            Path weights = repo.resolve(pretrained.asText());
            sets.add("protocol.pretrained=" + weights);
            return new Overrides(sets, "ResNet-50 trunk from the TorchScript file " + weights);
        }
        if (pretrained.isTextual()) {
            sets.add("protocol.pretrained=");
            return new Overrides(
                    sets,
                    "ResNet-50 trunk with random weights (no " + pretrained.asText()
                            + "; data-scripts/make-resnet50-torchscript.md makes it): the paper's architecture, "
                            + "not its ImageNet initialisation");
        }
        return new Overrides(
                sets,
                paper.path("protocol").path("backbone").asText() + " with random weights, as the paper config says");
    }

    /** configs/paper/voc.json for the smoke run. */
    static Derived voc(ObjectNode paper, Path devkit) {
        ObjectNode c = paper.deepCopy();
        List<String> changed = new ArrayList<>();
        set(c, "", "root", devkit.toString(), changed);
        set(c, "", "imageSize", VOC_IMAGE, changed);
        set(c, "", "batchSize", VOC_BATCH, changed);
        set(c, "", "epochs", 1, changed);
        set(c, "", "maxTrain", VOC_TRAIN_IMAGES, changed);
        set(c, "", "maxTest", VOC_TEST_IMAGES, changed);
        set(c, "", "device", "cpu", changed);
        return new Derived(c, changed, "resnet50 with random weights");
    }

    private static void set(ObjectNode node, String prefix, String key, Object value, List<String> changed) {
        JsonNode before = node.get(key);
        JsonNode after = value instanceof Integer i ? node.numberNode(i) : node.textNode(value.toString());
        if (!after.equals(before)) {
            changed.add(prefix + key + ": " + (before == null ? "(none)" : before) + " -> " + after);
            node.set(key, after);
        }
    }
}
