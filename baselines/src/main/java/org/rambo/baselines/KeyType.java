package org.rambo.baselines;

/** The type of a {@link LossKey}'s value. */
public enum KeyType {
    NUMBER,
    INTEGER,
    BOOLEAN,
    CHOICE
}
