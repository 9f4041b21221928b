package org.rambo.harness.train;

import java.nio.file.Path;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.RetrievalDataset;
import org.rambo.harness.tune.FoldData;

/** Opens the dataset a grid names, relative to a base folder. */
public final class TrainingDataFactory {

    private TrainingDataFactory() {}

    public static TrainingData open(DatasetSpec spec, ProtocolSpec protocol, Path baseDir) {
        TrainingData whole = openWhole(spec, protocol, baseDir);
        return spec.fold() == null ? whole : FoldData.of(whole, spec.fold());
    }

    private static TrainingData openWhole(DatasetSpec spec, ProtocolSpec protocol, Path baseDir) {
        return switch (spec.name()) {
            case "fashion-mnist" -> new FashionMnistData(spec, protocol, baseDir);
            default ->
                new ImageDatasetData(
                        RetrievalDataset.open(spec.name(), baseDir.resolve(spec.root())),
                        spec,
                        protocol,
                        Math.max(1, protocol.threads()));
        };
    }
}
