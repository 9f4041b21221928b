package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.CanonicalJson;
import org.testng.annotations.Test;

/**
 * Integration group: an image dataset (ImageFolder tree of real PNG files) trains through the
 * image pipeline (resize, random crop, flip; centre crop for evaluation) and the decoder pool.
 */
@Test(groups = "integration")
public class ImageFolderGridTest {

    @Test
    public void trainsOnAnImageFolderTree() throws Exception {
        Path root = Files.createTempDirectory("imagefolder");
        Random random = new Random(1);
        for (int c = 0; c < 6; c++) {
            Path dir = Files.createDirectories(root.resolve("class" + c));
            for (int i = 0; i < 6; i++) {
                BufferedImage img = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(30 * c, 255 - 30 * c, random.nextInt(256)));
                g.fillRect(0, 0, 40, 36);
                g.setColor(Color.WHITE);
                g.fillOval(4 * c, 6, 10, 10);
                g.dispose();
                ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
            }
        }
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
                  steps_per_epoch: 2
                  eval: {ks: [1, 2]}
                  threads: 1
                seeds: [1]
                methods:
                  - {id: rambo-recall-log, loss: "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=0"}
                """.formatted(root.toString().replace("\\\\", "/"));
        GridSpec grid = GridLoader.parse(yaml, true, "folder.yaml");
        Path runs = Files.createTempDirectory("runs-folder");
        var out = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(
                out.get(0).status(),
                RunOutcome.Status.FINISHED,
                String.valueOf(out.get(0).failure()));
        JsonNode fin = CanonicalJson.MAPPER.readTree(
                out.get(0).folder().resolve("final.json").toFile());
        assertEquals(fin.get("dataset").asText(), "imagefolder");
        // classes 3-5 (18 images) are held out and evaluated against each other
        assertEquals(fin.get("last").get("queries_skipped").asInt(), 0);
        assertTrue(fin.get("last").get("recall_at_1").asDouble() >= 0.0);
        JsonNode prov = CanonicalJson.MAPPER.readTree(
                out.get(0).folder().resolve("provenance.json").toFile());
        assertEquals(prov.get("dataset_checksum").asText().length(), 64);
    }
}
