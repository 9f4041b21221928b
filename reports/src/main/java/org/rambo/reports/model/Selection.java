package org.rambo.reports.model;

/**
 * Which checkpoint a number comes from. The paper picked the checkpoint with the best
 * held-out R@1 (an optimistic choice made on test data); the last epoch is the fair one.
 */
public enum Selection {
    LAST("last", "last epoch (fair)"),
    BEST("best", "best held-out R@1 checkpoint (the paper's selection)");

    private final String id;
    private final String description;

    Selection(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }
}
