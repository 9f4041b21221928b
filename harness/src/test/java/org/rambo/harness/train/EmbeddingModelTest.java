package org.rambo.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rambo.harness.config.ProtocolSpec;

/** Every backbone builds, outputs unit-length embeddings of the configured size, and has a head. */
class EmbeddingModelTest {

    static ProtocolSpec protocol(String backbone, int channels, int crop) {
        return new ProtocolSpec(
                backbone,
                null,
                16,
                new ProtocolSpec.ImageSpec(crop, crop, false, channels, null),
                new ProtocolSpec.SamplerSpec(2, 2, false),
                new ProtocolSpec.OptimizerSpec("adam", 1e-3, 10.0, 0.0),
                null,
                1,
                1,
                1,
                new ProtocolSpec.EvalSpec(List.of(1), true),
                1,
                "cpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn", "resnet18", "resnet50"})
    void buildsAndEmbedsToTheUnitSphere(String backbone) throws Exception {
        int channels = backbone.equals("small-cnn") ? 1 : 3;
        EmbeddingModel em = EmbeddingModel.build(protocol(backbone, channels, 32), Path.of(""), Device.cpu());
        try (Model model = Model.newInstance("m")) {
            model.setBlock(em.block());
            em.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            em.block().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, channels, 32, 32));
            NDArray x = model.getNDManager().randomNormal(new Shape(2, channels, 32, 32));
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            NDArray e = em.block().forward(store, new NDList(x), false).head();
            assertEquals(new Shape(2, 16), e.getShape());
            float[] norms = e.square().sum(new int[] {1}).sqrt().toFloatArray();
            assertEquals(1f, norms[0], 1e-4);
            assertEquals(1f, norms[1], 1e-4);
            var head = em.headParameterNames(em.block());
            assertEquals(2, head.size(), "the head's weight and bias: " + head);
            assertFalse(head.isEmpty());
            assertTrue(EmbeddingModel.parameterNamesById(em.block()).size() > head.size());
        }
    }
}
