package org.rambo.detect;

/**
 * An axis-aligned box in corner form. Pixel boxes follow the VOC convention (1-based,
 * inclusive corners: a box from 1 to 10 is 10 pixels wide); normalised boxes live in [0, 1].
 */
public record Box(double xmin, double ymin, double xmax, double ymax) {

    public Box {
        if (!(Double.isFinite(xmin) && Double.isFinite(ymin) && Double.isFinite(xmax) && Double.isFinite(ymax))) {
            throw new IllegalArgumentException("box corners must be finite: " + xmin + "," + ymin + "," + xmax + "," + ymax);
        }
    }

    /**
     * Intersection over union as the VOC devkit computes it on pixel boxes: widths and
     * heights are {@code max - min + 1} (inclusive pixel corners).
     */
    public static double vocIou(Box a, Box b) {
        double iw = Math.min(a.xmax, b.xmax) - Math.max(a.xmin, b.xmin) + 1.0;
        double ih = Math.min(a.ymax, b.ymax) - Math.max(a.ymin, b.ymin) + 1.0;
        if (iw <= 0 || ih <= 0) {
            return 0.0;
        }
        double inter = iw * ih;
        double ua = (a.xmax - a.xmin + 1.0) * (a.ymax - a.ymin + 1.0)
                + (b.xmax - b.xmin + 1.0) * (b.ymax - b.ymin + 1.0) - inter;
        return inter / ua;
    }

    /** Intersection over union of continuous (normalised) boxes, no +1. */
    public static double iou(Box a, Box b) {
        double iw = Math.min(a.xmax, b.xmax) - Math.max(a.xmin, b.xmin);
        double ih = Math.min(a.ymax, b.ymax) - Math.max(a.ymin, b.ymin);
        if (iw <= 0 || ih <= 0) {
            return 0.0;
        }
        double inter = iw * ih;
        double ua = (a.xmax - a.xmin) * (a.ymax - a.ymin) + (b.xmax - b.xmin) * (b.ymax - b.ymin) - inter;
        return ua <= 0 ? 0.0 : inter / ua;
    }
}
