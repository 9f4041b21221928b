package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped logback.xml: the engine's start-up chatter reaches only the log file; this suite's
 * messages and other libraries' warnings reach the terminal too.
 */
class LoggingConfigTest {

    @Test
    void engineNoiseGoesToTheFileOnly(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("rambo-bench.log");
        PrintStream terminal = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("rambo.log.file", log.toString());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(
                    Path.of("src", "main", "resources", "logback.xml").toFile());
            context.getLogger("ai.djl.util.cuda.CudaUtils").warn("Failed to detect GPU count");
            context.getLogger("ai.djl.pytorch.engine.PtEngine").info("PyTorch graph executor optimizer is enabled");
            context.getLogger("org.rambo.harness.train.RunLog").info("epoch 1 loss 0.25");
            context.getLogger("org.rambo.harness.train.GridRunner").warn("run crashed");
            context.getLogger("me.tongfei.progressbar").info("chatter");
            context.getLogger("org.apache.commons").warn("a library's warning");
        } finally {
            context.stop();
            System.setErr(terminal);
        }
        assertEquals(
                "epoch 1 loss 0.25\nWARN: run crashed\nWARN commons: a library's warning\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        String file = Files.readString(log);
        for (String message : new String[] {
            "Failed to detect GPU count",
            "graph executor",
            "epoch 1 loss 0.25",
            "run crashed",
            "chatter",
            "a library's warning"
        }) {
            assertTrue(file.contains(message), message + " not in\n" + file);
        }
    }
}
