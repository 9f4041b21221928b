package org.rambo.engine;

import java.util.Locale;

/**
 * The device a config asks for: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N} or
 * {@code auto} (the first GPU when the loaded engine has one, else the CPU).
 *
 * @param kind  what was asked for
 * @param index the GPU's index for {@code gpu:N}, 0 for {@code gpu}, -1 otherwise
 */
public record DeviceSpec(Kind kind, int index) {

    /** The words of {@code protocol.device}. */
    public enum Kind {
        CPU,
        GPU,
        AUTO
    }

    public static final String ALLOWED = "cpu, gpu, gpu:N or auto";

    public DeviceSpec {
        if (kind == Kind.GPU ? index < 0 : index != -1) {
            throw new IllegalArgumentException("a " + kind + " device has no index " + index);
        }
    }

    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, -1);

    /** Parses a config's word; the message of a bad word lists the allowed ones. */
    public static DeviceSpec parse(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        switch (w) {
            case "cpu":
                return CPU;
            case "auto":
                return new DeviceSpec(Kind.AUTO, -1);
            case "gpu":
                return new DeviceSpec(Kind.GPU, 0);
            default:
                if (w.startsWith("gpu:")
                        && w.length() > 4
                        && w.substring(4).chars().allMatch(Character::isDigit)) {
                    try {
                        return new DeviceSpec(Kind.GPU, Integer.parseInt(w.substring(4)));
                    } catch (NumberFormatException e) {
                        // too many digits: falls through to the error below
                    }
                }
                throw new IllegalArgumentException("must be " + ALLOWED + ", not '" + word + "'");
        }
    }

    /** The canonical word: {@code cpu}, {@code auto}, {@code gpu} or {@code gpu:N} (N > 0). */
    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case AUTO -> "auto";
            case GPU -> index == 0 ? "gpu" : "gpu:" + index;
        };
    }
}
