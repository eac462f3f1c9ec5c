/*
 * The two SSD configurations of the paper (Liu et al. 2016, Sec. 2.1, Sec. 3 and footnote 5 for SSD512):
 * input size, feature-map sources, default-box aspect ratios, scales and steps, and the number of classes.
 *
 *   ssd300  torchvision 0.14's ssd300_vgg16: maps 38, 19, 10, 5, 3, 1 -> 8732 default boxes;
 *           scales 0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05 (caffe's COCO sizes 21 ... 315 over 300).
 *   ssd512  caffe's SSD512 geometry: maps 64, 32, 16, 8, 4, 2, 1 -> 24,564 default boxes; the extra layers
 *           conv10_2 and conv11_2 are 3x3 stride 2 padding 1 and conv12_2 is 4x4 padding 1.
 *   ssd512-torchvision  torchvision's SSDFeatureExtractorVGG(highres=True) at 512: maps 64, 32, 16, 8, 6, 4, 1
 *           (its conv10_2/conv11_2 are 3x3 without padding, as in SSD300) -> 24,732 boxes.
 * All three have the same state_dict keys and shapes, so one checkpoint loads into either SSD512 geometry.
 * Not here: SSD's COCO-specific extra scale for SSD512 (the caffe COCO 512 model), MobileNet backbones (ssdlite).
 */
package workbench.ssd;

import java.util.Arrays;

public record SsdConfig(String name, int size, int numClasses, boolean highres, boolean caffeExtras,
                        int[][] aspectRatios, double[] scales, int[] steps) {

    /** VOC: 20 classes + background. */
    public static final int VOC_CLASSES = 21;
    /** torchvision's COCO label space: 90 ids (with gaps) + background. */
    public static final int COCO_CLASSES = 91;

    public SsdConfig {
        if (numClasses < 2) {
            throw new IllegalArgumentException(name + ": num_classes counts the background too and must be >= 2, got " + numClasses);
        }
        if (aspectRatios.length != steps.length || scales.length != aspectRatios.length + 1) {
            throw new IllegalArgumentException(name + ": need one aspect-ratio list and one step per feature map and one more "
                    + "scale than maps, got " + aspectRatios.length + ", " + steps.length + ", " + scales.length);
        }
    }

    public static SsdConfig ssd300(int numClasses) {
        return new SsdConfig("ssd300", 300, numClasses, false, false,
                new int[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}},
                new double[] {0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05},
                new int[] {8, 16, 32, 64, 100, 300});
    }

    /**
     * SSD512 with caffe's extra-layer geometry (24,564 boxes). Scales are caffe's SSD512 sizes over 512: min ratio 10%,
     * max 90%, step floor(80 / 5) = 16 for maps 2..7, and 4% (max 10%) for conv4_3: 20.48, 51.2, 133.12, ... 542.72 px.
     */
    public static SsdConfig ssd512(int numClasses) {
        return new SsdConfig("ssd512", 512, numClasses, true, true,
                new int[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}},
                new double[] {0.04, 0.1, 0.26, 0.42, 0.58, 0.74, 0.9, 1.06},
                new int[] {8, 16, 32, 64, 128, 256, 512});
    }

    /** torchvision's highres extractor at 512 (maps ..., 6, 4, 1). */
    public static SsdConfig ssd512Torchvision(int numClasses) {
        SsdConfig c = ssd512(numClasses);
        return new SsdConfig("ssd512-torchvision", 512, numClasses, true, false, c.aspectRatios, c.scales, c.steps);
    }

    public static SsdConfig byName(String name, int numClasses) {
        return switch (name) {
            case "ssd300" -> ssd300(numClasses);
            case "ssd512" -> ssd512(numClasses);
            case "ssd512-torchvision" -> ssd512Torchvision(numClasses);
            default -> throw new IllegalArgumentException("unknown SSD '" + name + "'; known: ssd300, ssd512, ssd512-torchvision");
        };
    }

    public SsdConfig withNumClasses(int k) {
        return new SsdConfig(name, size, k, highres, caffeExtras, aspectRatios, scales, steps);
    }

    /** Default boxes per location: 2 for aspect ratio 1 (s_k and s'_k), 2 per listed ratio (r and 1/r). */
    public int[] numAnchors() {
        return Arrays.stream(aspectRatios).mapToInt(r -> 2 + 2 * r.length).toArray();
    }

    /** Channels of the feature maps the heads read: conv4_3, fc7, conv8_2 ... */
    public int[] outChannels() {
        return highres ? new int[] {512, 1024, 512, 256, 256, 256, 256} : new int[] {512, 1024, 512, 256, 256, 256};
    }

    public DefaultBoxGenerator anchorGenerator() {
        return new DefaultBoxGenerator(aspectRatios, scales, steps, true);
    }
}
