/*
 * The user's own mask as the pipeline's segmenter (lesson Sec. 5.4): a mask picture (used for every
 * frame), a mask video or a folder of mask pictures; values / 255 are the person probability.
 * A mask of another size than the frames, or one that runs out before the video, is an error that says so.
 * Not here: resizing or inverting masks (a resized mask would move its edges).
 */
package workbench.portrait.pipeline;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class MaskSegmenter implements Segmenter {
    private final FrameSource masks;

    public MaskSegmenter(FrameSource masks) { this.masks = masks; }

    @Override
    public Matte probability(Image8 frame, int index) {
        Image8 m = masks.next();
        if (m == null) {
            throw new IllegalArgumentException("--mask " + masks.describe() + ": ran out of masks at frame " + index
                    + "\n  ---> HINT: give one mask per frame of the video, or a single mask picture for all of them.");
        }
        if (!m.sameSize(frame)) {
            throw new IllegalArgumentException("--mask " + masks.describe() + ": mask " + index + " is " + m.width() + "x" + m.height()
                    + ", the frame " + frame.width() + "x" + frame.height()
                    + "\n  ---> HINT: the mask must have the frame's size (a mask is not resized: its edges would move).");
        }
        return Matte.fromMask(m);
    }

    @Override
    public String describe() { return "the user's mask (" + masks.describe() + ")"; }

    @Override
    public boolean userMask() { return true; }

    @Override
    public void close() { masks.close(); }
}
