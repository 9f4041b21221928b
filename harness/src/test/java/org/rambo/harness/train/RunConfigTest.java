package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;

import java.nio.file.Path;
import org.rambo.harness.config.GridSpec;
import org.testng.annotations.Test;

/** The canonical JSON and hash of a run config are the run folder's name: they must never drift. */
public class RunConfigTest {

    /** The canonical JSON of this config as the harness wrote it before the runfolder module existed. */
    private static final String GOLDEN_JSON = ""
            + "{\"dataset\":{\"max_eval\":0,\"max_train\":0,\"name\":\"fashion-mnist\",\"root\":\"/data/fmni"
            + "st\",\"verify_checksums\":false},\"grid\":\"tiny\",\"loss\":\"rambo-recall:lambda=4.0,marg"
            + "in=0.02,weight=log1p,memory=1,reduction=reference\",\"method\":\"rambo-recall-log\",\""
            + "protocol\":{\"backbone\":\"small-cnn\",\"device\":\"cpu\",\"embedding_dim\":8,\"epochs\":2,\"e"
            + "val\":{\"ks\":[1,2],\"nmi\":true},\"eval_every\":1,\"image\":{\"channels\":1,\"crop\":28,\"fli"
            + "p\":true,\"resize\":28},\"optimizer\":{\"embedding_lr_multiplier\":5.0,\"learning_rate\":"
            + "0.003,\"name\":\"adam\",\"weight_decay\":0.0},\"pretrained\":null,\"sampler\":{\"classes_pe"
            + "r_batch\":4,\"samples_per_class\":4,\"super_class\":false},\"schedule\":{\"every_epochs\""
            + ":1,\"gamma\":1.0,\"type\":\"constant\"},\"steps_per_epoch\":3,\"threads\":1},\"seed\":7}";

    @Test
    public void canonicalJsonAndHashAreByteIdenticalToTheGoldenOnes() {
        GridSpec grid = TinyGrids.grid(Path.of("/data/fmnist"), TinyGrids.TWO_METHODS, "7", 2, 3);
        RunConfig config = GridRunner.runConfigs(grid).get(0);
        assertEquals(config.canonicalJson(), GOLDEN_JSON);
        // sha256sum of the golden JSON, computed outside Java
        assertEquals(config.hash(), "d31c2825cc5f");
        assertEquals(config.folderName(), "rambo-recall-log-s7-d31c2825cc5f");
    }
}
