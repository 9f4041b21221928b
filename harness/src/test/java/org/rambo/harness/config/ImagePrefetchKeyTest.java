package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rambo.harness.train.RunConfig;

/** protocol.image.prefetch: validated, defaulted, and left out of the run's config when absent. */
class ImagePrefetchKeyTest {

    private static final String GRID = """
            name: t
            dataset: {name: fashion-mnist, root: data}
            protocol:
              backbone: small-cnn
              embedding_dim: 8
              image: {resize: 28, crop: 28}
              sampler: {classes_per_batch: 2, samples_per_class: 2}
              optimizer: {name: adam, learning_rate: 0.001}
              epochs: 1
              eval: {ks: [1]}
            seeds: [1]
            methods:
              - {id: a, loss: "contrastive"}
            """;

    private static RunConfig run(GridSpec g) {
        return RunConfig.of(g, g.methods().get(0), 1L);
    }

    @Test
    void absentKeyDefaultsAndKeepsTheConfigAsItWas() {
        GridSpec g = GridLoader.parse(GRID, true, "g.yaml");
        assertNull(g.protocol().image().prefetch());
        assertEquals(
                ProtocolSpec.ImageSpec.DEFAULT_PREFETCH, g.protocol().image().prefetchDepth());
        String json = run(g).canonicalJson();
        assertTrue(json.contains("\"image\":{\"channels\":3,\"crop\":28,\"flip\":false,\"resize\":28}"), json);
        assertFalse(json.contains("prefetch"), json);
    }

    @Test
    void setKeyIsUsedAndRecorded() {
        GridSpec g = GridLoader.parse(GRID, true, "g.yaml", List.of("protocol.image.prefetch=5"));
        assertEquals(5, g.protocol().image().prefetchDepth());
        assertTrue(run(g).canonicalJson().contains("\"prefetch\":5"));
    }

    @Test
    void outOfRangeNamesTheKey() {
        for (String v : List.of("0", "65")) {
            String msg = assertThrows(
                            ConfigException.class,
                            () -> GridLoader.parse(GRID, true, "g.yaml", List.of("protocol.image.prefetch=" + v)))
                    .getMessage();
            assertTrue(msg.contains("protocol.image.prefetch") && msg.contains("must be between 1 and 64"), msg);
        }
    }
}
