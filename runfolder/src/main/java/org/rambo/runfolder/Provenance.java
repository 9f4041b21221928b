package org.rambo.runfolder;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * provenance.json: where a number came from. Written by the trainers (retrieval and detection)
 * when a run starts, read by reports. Absent facts are null.
 *
 * @param gitCommit      the commit the running jar was built from ({@link BuildInfo})
 * @param gitDirty       whether that build had uncommitted changes
 * @param buildTime      when the jar was built
 * @param javaVersion    the JVM
 * @param cpu            processor model and instruction-set extensions
 * @param engine         the deep-learning engine and its versions
 * @param threads        thread counts of the JVM, the engine and the data loader
 * @param numericEnv     environment variables that steer the numeric libraries' kernels and threads
 * @param datasetChecksum SHA-256 over the dataset's files ({@code datasetChecksumScope} says which)
 * @param seeds          the run seed and the seeds derived from it, by concern
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        String gitCommit,
        Boolean gitDirty,
        String buildTime,
        String javaVersion,
        String javaVendor,
        String os,
        String arch,
        CpuInfo cpu,
        EngineInfo engine,
        Threads threads,
        Map<String, String> numericEnv,
        String datasetChecksum,
        String datasetChecksumScope,
        Map<String, Long> seeds,
        String startedAt) {

    /** Environment variables read by ATen, oneDNN, MKL, OpenBLAS and OpenMP. */
    public static final List<String> NUMERIC_ENV = List.of(
            "ATEN_CPU_CAPABILITY",
            "ONEDNN_MAX_CPU_ISA",
            "DNNL_MAX_CPU_ISA",
            "MKL_ENABLE_INSTRUCTIONS",
            "MKL_CBWR",
            "OPENBLAS_CORETYPE",
            "OMP_NUM_THREADS",
            "MKL_NUM_THREADS",
            "RAMBO_CPU_MODE");

    /**
     * The engine that computed the numbers.
     *
     * @param djlVersion     DJL
     * @param name           engine name (PyTorch)
     * @param version        engine (libtorch) version
     * @param nativeFlavor   the loaded libtorch's flavour (cpu, cu128) and where it came from
     * @param device         the device training ran on, as the engine names it (cpu(), gpu(0))
     * @param libraryFolder  the folder the libtorch libraries were loaded from
     * @param gpu            the GPU trained on; absent on the CPU
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EngineInfo(
            String djlVersion,
            String name,
            String version,
            String nativeFlavor,
            String device,
            String libraryFolder,
            GpuInfo gpu) {

        /** An engine whose library folder is not known and that trains on no GPU. */
        public EngineInfo(String djlVersion, String name, String version, String nativeFlavor, String device) {
            this(djlVersion, name, version, nativeFlavor, device, null, null);
        }
    }

    /**
     * The GPU a run trained on; null where a fact could not be read.
     *
     * @param index             the engine's index of the GPU
     * @param model             the model name (nvidia-smi)
     * @param memoryMib         total device memory
     * @param computeCapability the CUDA compute capability, e.g. 80
     * @param driver            the NVIDIA driver version
     * @param cudaRuntime       the CUDA runtime version found
     * @param cudnn             whether the engine was built with cuDNN, and its library file where found
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpuInfo(
            int index,
            String model,
            Long memoryMib,
            String computeCapability,
            String driver,
            String cudaRuntime,
            String cudnn) {}

    /** Thread counts; null where a count does not apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Threads(
            Integer javaAvailableProcessors, Integer torchIntraOp, Integer torchInterOp, Integer dataWorkers) {}

    /** Provenance of a run starting now in this process. */
    public static Provenance ofThisProcess(
            EngineInfo engine,
            Threads threads,
            String datasetChecksum,
            String datasetChecksumScope,
            Map<String, Long> seeds) {
        BuildInfo build = BuildInfo.current();
        return new Provenance(
                build.gitCommit(),
                build.gitDirty(),
                build.buildTime(),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                CpuInfo.current(),
                engine,
                threads,
                numericEnv(System.getenv()),
                datasetChecksum,
                datasetChecksumScope,
                new LinkedHashMap<>(seeds),
                Instant.now().toString());
    }

    /** The numeric libraries' variables that are set, sorted. */
    static Map<String, String> numericEnv(Map<String, String> env) {
        Map<String, String> set = new TreeMap<>();
        for (String name : NUMERIC_ENV) {
            String value = env.get(name);
            if (value != null) {
                set.put(name, value);
            }
        }
        return set;
    }

    /** Writes provenance.json into a run folder (atomically). */
    public void writeTo(Path runFolder) {
        AtomicWriter.writeString(runFolder.resolve(RunFiles.PROVENANCE), CanonicalJson.pretty(this));
    }

    /** Reads a run folder's provenance.json; fails with the file named when it is not valid JSON. */
    public static Provenance read(Path runFolder) throws RunFolderException {
        Path file = runFolder.resolve(RunFiles.PROVENANCE);
        try {
            return CanonicalJson.MAPPER.readValue(file.toFile(), Provenance.class);
        } catch (IOException e) {
            throw RunFolderException.unreadable(file, e);
        }
    }
}
