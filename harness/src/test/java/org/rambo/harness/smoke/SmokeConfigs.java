package org.rambo.harness.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The smoke run's configs, derived from the paper's: small images and batches, two training
 * steps and one evaluation, on CPU, one seed, the fixture tree as the dataset root. Every key it
 * changes is listed in {@link Derived#changes()}; nothing else differs from the paper config.
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

    private SmokeConfigs() {}

    /** configs/paper/{cub,sop,inshop}.yaml for the smoke run. */
    static Derived retrieval(ObjectNode paper, Path root, Path repo) {
        ObjectNode c = paper.deepCopy();
        List<String> changed = new ArrayList<>();
        ObjectNode dataset = (ObjectNode) c.get("dataset");
        set(dataset, "dataset.", "root", root.toString(), changed);
        ObjectNode protocol = (ObjectNode) c.get("protocol");
        ObjectNode image = (ObjectNode) protocol.get("image");
        set(image, "protocol.image.", "resize", RESIZE, changed);
        set(image, "protocol.image.", "crop", CROP, changed);
        ObjectNode sampler = (ObjectNode) protocol.get("sampler");
        set(sampler, "protocol.sampler.", "classes_per_batch", 2, changed);
        set(sampler, "protocol.sampler.", "samples_per_class", 2, changed);
        set(protocol, "protocol.", "epochs", 1, changed);
        set(protocol, "protocol.", "steps_per_epoch", 2, changed);
        set(protocol, "protocol.", "eval_every", 1, changed);
        set(protocol, "protocol.", "device", "cpu", changed);
        set(protocol, "protocol.", "threads", 2, changed);
        String trunk;
        JsonNode pretrained = protocol.get("pretrained");
        if (pretrained != null && Files.isRegularFile(repo.resolve(pretrained.asText()))) {
            Path weights = repo.resolve(pretrained.asText());
            set(protocol, "protocol.", "pretrained", weights.toString(), changed);
            trunk = "ResNet-50 trunk from the TorchScript file " + weights;
        } else if (pretrained != null) {
            protocol.remove("pretrained");
            changed.add("protocol.pretrained: " + pretrained.asText() + " -> (none)");
            trunk = "ResNet-50 trunk with random weights (no " + pretrained.asText()
                    + "; data-scripts/make-resnet50-torchscript.md makes it): the paper's architecture, "
                    + "not its ImageNet initialisation";
        } else {
            trunk = protocol.get("backbone").asText() + " with random weights, as the paper config says";
        }
        c.set("seeds", c.arrayNode().add(0));
        changed.add("seeds: " + paper.get("seeds") + " -> [0]");
        return new Derived(c, changed, trunk);
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
