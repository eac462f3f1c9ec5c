/*
 * The blending step as the pipeline sees it (lesson Sec. 5.4): the (colour-corrected) person, the new
 * background and the alpha matte in, the composite out; called once per frame, in order, so a blender
 * that keeps state across frames (P6) sees the whole clip. The blending modes themselves are
 * workbench.portrait.blend's; the command line adapts its Blender to this interface.
 * Not here: any blending arithmetic.
 */
package workbench.portrait.pipeline;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public interface FrameCompositor {
    Image8 composite(Image8 foreground, Image8 background, Matte alpha);

    /** One line for the run's output, e.g. "P1 alpha compositing". */
    String describe();
}
