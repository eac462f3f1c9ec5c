/*
 * Step 1 of the pipeline (lesson Sec. 5.4): a frame in, the probability that each pixel shows a person
 * out (a Matte of the frame's size). Two kinds: DeepLabSegmenter runs a network (Sec. 1.4, 1.9),
 * MaskSegmenter reads the user's own mask.
 * Not here: thresholds, clean-up or smoothing (the pipeline's later steps).
 */
package workbench.portrait.pipeline;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public interface Segmenter extends AutoCloseable {
    /** The person probability of frame {@code index} (frames come in order). */
    Matte probability(Image8 frame, int index);

    /** One line for the run's output. */
    String describe();

    /** True when the mask comes from the user (edge correction is then off unless asked for). */
    boolean userMask();

    @Override
    default void close() { }
}
