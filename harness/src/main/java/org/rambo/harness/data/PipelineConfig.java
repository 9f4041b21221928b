package org.rambo.harness.data;

import java.util.Arrays;

/**
 * Image preprocessing sizes and normalisation.
 *
 * @param resize   the shorter side is resized to this (paper: 256), keeping the aspect ratio
 * @param crop     square crop taken after resizing (paper: 224): random for training, centre for evaluation
 * @param channels output channels: 3 (grayscale inputs are replicated) or 1 (colour inputs become luminance)
 * @param mean     per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std      per-channel standard deviation divided by
 * @param flip     random horizontal flip (p = 0.5) in training
 */
public record PipelineConfig(int resize, int crop, int channels, float[] mean, float[] std, boolean flip) {
    public PipelineConfig {
        if (crop < 1 || resize < crop) {
            throw new IllegalArgumentException("need 1 <= crop <= resize, got resize " + resize + " crop " + crop);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean and std need " + channels + " values each");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** ImageNet statistics, 3 channels: what the torchvision-pretrained ResNet-50 expects. */
    public static PipelineConfig imagenet(int resize, int crop) {
        return new PipelineConfig(
                resize, crop, 3, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, true);
    }

    /** The paper's 256 -> 224 with ImageNet statistics. */
    public static PipelineConfig paper() {
        return imagenet(256, 224);
    }

    /** Pixels scaled to [0, 1] only (mean 0, std 1). */
    public static PipelineConfig plain(int resize, int crop, int channels) {
        float[] m = new float[channels];
        float[] s = new float[channels];
        Arrays.fill(s, 1f);
        return new PipelineConfig(resize, crop, channels, m, s, true);
    }

    public PipelineConfig withFlip(boolean on) {
        return new PipelineConfig(resize, crop, channels, mean, std, on);
    }

    /** Floats per processed image: channels x crop x crop. */
    public int outputSize() {
        return channels * crop * crop;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
