package org.rambo.reports.model;

/**
 * The fields of provenance.json a reader needs to trust a number. Absent fields are null
 * (the report shows them as missing rather than guessing).
 */
public record Provenance(String gitCommit, Boolean gitDirty, String javaVersion, String javaVendor,
                         String os, String arch, String djlVersion, String pytorchVersion,
                         String nativeFlavor, String device, String threads, String datasetChecksum,
                         String seeds, String startedAt) {

    public static Provenance missing() {
        return new Provenance(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
