package org.rambo.harness.train;

import java.nio.file.Path;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;

/** Small grids over the fixture data for the end-to-end tests. */
final class TinyGrids {

    private TinyGrids() {}

    static GridSpec grid(Path data, String methods, String seeds, int epochs, int steps) {
        return GridLoader.parse(yaml(data, methods, seeds, epochs, steps), true, "tiny.yaml");
    }

    /** The grid as a YAML file's text, for child processes and the command line. */
    static String yaml(Path data, String methods, String seeds, int epochs, int steps) {
        return """
                name: tiny
                dataset: {name: fashion-mnist, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 28, crop: 28, flip: true, channels: 1}
                  sampler: {classes_per_batch: 4, samples_per_class: 4}
                  optimizer: {name: adam, learning_rate: 0.003, embedding_lr_multiplier: 5}
                  epochs: %d
                  steps_per_epoch: %d
                  eval: {ks: [1, 2]}
                  threads: 1
                seeds: [%s]
                methods:
                %s
                """.formatted(data.toString().replace("\\", "/"), epochs, steps, seeds, methods);
    }

    static final String TWO_METHODS = """
              - {id: rambo-recall-log, loss: "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=1"}
              - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
            """;
}
