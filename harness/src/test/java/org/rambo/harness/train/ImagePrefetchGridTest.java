package org.rambo.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.data.Fixtures;
import org.rambo.runfolder.CanonicalJson;

/**
 * An image grid trained with batches decoded one and four steps ahead on two decoder threads:
 * the same losses and metrics (an item's view depends on its seed, not on when or where it was
 * decoded), and provenance names the two decoding threads.
 */
class ImagePrefetchGridTest {

    @TempDir
    Path tmp;

    private Path train(Path root, int prefetch) throws Exception {
        String yaml = """
                name: folder
                dataset: {name: imagefolder, root: "%s"}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 24, crop: 20, flip: true, channels: 3}
                  sampler: {classes_per_batch: 3, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 1
                  steps_per_epoch: 5
                  eval: {ks: [1, 2]}
                  threads: 2
                seeds: [1]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                """.formatted(root.toString().replace("\\", "/"));
        GridSpec grid = GridLoader.parse(yaml, true, "folder.yaml", List.of("protocol.image.prefetch=" + prefetch));
        var out = GridRunner.run(grid, tmp.resolve("runs"), Path.of(""), RunOptions.quiet());
        assertEquals(
                RunOutcome.Status.FINISHED,
                out.get(0).status(),
                String.valueOf(out.get(0).failure()));
        return out.get(0).folder();
    }

    private static List<String> lossColumn(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("steps.csv"));
        int col = List.of(lines.get(0).split(",")).indexOf("loss");
        return lines.stream().skip(1).map(l -> l.split(",")[col]).toList();
    }

    @Test
    void prefetchDepthChangesNoNumber() throws Exception {
        Path root = tmp.resolve("images");
        for (int c = 0; c < 6; c++) {
            for (int i = 0; i < 6; i++) {
                Fixtures.writeImage(root.resolve("class" + c + "/img" + i + ".jpg"), 40 + c, 36 + i, 10 * c + i);
            }
        }
        Path one = train(root, 1);
        Path four = train(root, 4);
        assertNotEquals(one, four);
        assertEquals(5, lossColumn(one).size());
        assertEquals(lossColumn(one), lossColumn(four));
        JsonNode a = CanonicalJson.MAPPER.readTree(one.resolve("final.json").toFile());
        JsonNode b = CanonicalJson.MAPPER.readTree(four.resolve("final.json").toFile());
        assertEquals(a.get("last"), b.get("last"));
        JsonNode prov =
                CanonicalJson.MAPPER.readTree(four.resolve("provenance.json").toFile());
        assertEquals(2, prov.get("threads").get("data_workers").asInt());
    }
}
