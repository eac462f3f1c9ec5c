/*
 * The blending variants of chapter 04, part 3 (Sec. 3.4 of the lesson). Each constant carries a
 * one-line definition and where it comes from: a paper, OpenCV, or "ours" (defined by this
 * workbench, not taken from a paper). Blender runs them; the lesson measures them against each other.
 */
package workbench.portrait.blend;

public enum BlendMode {
    P0("cut and paste: out = mask ? foreground : background",
            "the baseline every compositing paper starts from"),
    P1("alpha compositing: out = round(alpha * foreground + (1 - alpha) * background)",
            "Porter and Duff 1984, 'over' with a soft matte"),
    P2("seamless clone as OpenCV 4.6 computes it (float32 DST eigenvalues, truncation, eroded mask weights)",
            "Perez, Gangnet, Blake 2003; OpenCV photo/seamless_cloning"),
    P3("textbook Poisson editing: Dirichlet boundary from the background on the mask's border, double precision, rounding",
            "Perez, Gangnet, Blake 2003, Eq. (7) and (12)"),
    P4("screened Poisson on the clone ROI: (Laplacian - eps) f = div v - eps * cut-and-paste, solved by the DST",
            "Bhat, Curless, Cohen, Szeliski 2008 (screened Poisson); its use here is ours"),
    P5("alpha-aware Poisson: solve P2, then alpha-composite the solution over the background with the matte",
            "after Jia et al. 2006 (fractional boundary) and Afifi and Hussain 2015 (MPB)"),
    P6("temporal colour-offset smoothing: the mean Poisson offset h = f - src over the mask follows an EMA with beta",
            "ours");

    private final String definition;
    private final String source;

    BlendMode(String definition, String source) {
        this.definition = definition;
        this.source = source;
    }

    /** One line: what the variant computes. */
    public String definition() { return definition; }

    /** Where it comes from: a paper, OpenCV, or "ours". */
    public String source() { return source; }
}
