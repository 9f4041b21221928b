package org.rambo.baselines;

import java.util.List;

/**
 * One key of a {@link KeyedLossProvider}'s loss: its type, default, allowed values (CHOICE) and
 * where the default comes from (printed in the README's loss table).
 */
public record LossKey(String name, KeyType type, String defaultValue, List<String> choices, String source) {

    public LossKey {
        choices = List.copyOf(choices);
    }

    public static LossKey number(String name, String dflt, String source) {
        return new LossKey(name, KeyType.NUMBER, dflt, List.of(), source);
    }

    public static LossKey integer(String name, String dflt, String source) {
        return new LossKey(name, KeyType.INTEGER, dflt, List.of(), source);
    }

    public static LossKey bool(String name, String dflt, String source) {
        return new LossKey(name, KeyType.BOOLEAN, dflt, List.of(), source);
    }

    public static LossKey choice(String name, String dflt, List<String> choices, String source) {
        return new LossKey(name, KeyType.CHOICE, dflt, choices, source);
    }

    /** The value in canonical form (numbers as Java prints them); an error naming loss, key and expected type. */
    public String canonical(String lossName, String value) {
        try {
            return switch (type) {
                case NUMBER -> {
                    float f = Float.parseFloat(value);
                    if (!Float.isFinite(f)) {
                        throw new NumberFormatException();
                    }
                    yield Float.toString(f);
                }
                case INTEGER -> Integer.toString(Integer.parseInt(value));
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield value;
                }
                case CHOICE -> {
                    if (!choices.contains(value)) {
                        throw new NumberFormatException();
                    }
                    yield value;
                }
            };
        } catch (NumberFormatException e) {
            throw LossSpec.badValue(lossName, name, expected(), value);
        }
    }

    /** What the key accepts, in words. */
    public String expected() {
        return switch (type) {
            case NUMBER -> "a number";
            case INTEGER -> "an integer";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + choices;
        };
    }
}
