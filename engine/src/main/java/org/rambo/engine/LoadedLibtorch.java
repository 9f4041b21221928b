package org.rambo.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The PyTorch build the engine actually loaded: its version, where its libraries came from and
 * its flavour ({@code cpu}, {@code cu128}), read from the loaded library's folder rather than
 * from the environment variables that asked for it.
 *
 * @param djlVersion    DJL
 * @param engineName    the engine's name (PyTorch)
 * @param version       the libtorch version the engine reports
 * @param libraryFolder the folder libtorch was loaded from
 * @param flavor        {@code cpu} or a CUDA flavour such as {@code cu128}
 * @param source        {@code pytorch-native-cpu jar} or {@code PYTORCH_LIBRARY_PATH}
 */
public record LoadedLibtorch(
        String djlVersion, String engineName, String version, String libraryFolder, String flavor, String source) {

    /** Starts the engine if needed and describes what it loaded. */
    public static LoadedLibtorch current() {
        Engine engine = Engine.getInstance();
        String folder = LibUtils.getLibtorchPath();
        String external = System.getenv("PYTORCH_LIBRARY_PATH");
        boolean fromUser = external != null && !external.isBlank();
        return new LoadedLibtorch(
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                folder,
                flavorOf(folder, fromUser ? System.getenv("PYTORCH_FLAVOR") : null, engine.getGpuCount() > 0),
                fromUser ? "PYTORCH_LIBRARY_PATH" : "pytorch-native-cpu jar");
    }

    /**
     * The flavour of a loaded libtorch. DJL's own cache folders are named
     * {@code <version>[-<build>]-<flavor>-<os>-<arch>}; a user's folder says nothing, so the flavour the
     * launcher checked ({@code PYTORCH_FLAVOR}) is taken, and without it CUDA or not is all
     * that is known.
     */
    static String flavorOf(String folder, String declared, boolean hasGpu) {
        if (folder != null && Path.of(folder).getFileName() != null) {
            String name = Path.of(folder).getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.matches("\\d+\\.\\d+\\.\\d+-.*")) {
                for (String part : name.split("-")) {
                    if (part.equals("cpu") || part.matches("cu\\d+")) {
                        return part;
                    }
                }
            }
        }
        if (declared != null && !declared.isBlank()) {
            return declared.trim();
        }
        return hasGpu ? "cuda" : "cpu";
    }
}
