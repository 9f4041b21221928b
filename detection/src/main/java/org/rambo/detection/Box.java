package org.rambo.detection;

/** An axis-aligned box in pixel coordinates, corners inclusive as in VOC annotations. */
public record Box(double xmin, double ymin, double xmax, double ymax) {

    public Box {
        if (!(xmax >= xmin) || !(ymax >= ymin)) {
            throw new IllegalArgumentException("box " + xmin + "," + ymin + "," + xmax + "," + ymax + " has max < min");
        }
    }

    /** Intersection over union with the VOC devkit's +1 pixel convention (inclusive corners). */
    public double iou(Box o) {
        double iw = Math.min(xmax, o.xmax) - Math.max(xmin, o.xmin) + 1;
        double ih = Math.min(ymax, o.ymax) - Math.max(ymin, o.ymin) + 1;
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (xmax - xmin + 1) * (ymax - ymin + 1) + (o.xmax - o.xmin + 1) * (o.ymax - o.ymin + 1) - inter;
        return inter / union;
    }
}
