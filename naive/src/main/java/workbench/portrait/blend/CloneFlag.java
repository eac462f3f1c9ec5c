/*
 * OpenCV's seamlessClone flags as cv2 4.6 exposes them (NORMAL_CLONE = 1, MIXED_CLONE = 2,
 * MONOCHROME_TRANSFER = 3). The *_WIDE flags came after 4.6 and change only the ROI placement;
 * they are not here. Sec. 3.2, step 7 of the lesson.
 */
package workbench.portrait.blend;

public enum CloneFlag {
    /** v = m * grad(src) + (1 - m) * grad(dst). */
    NORMAL(1),
    /** per channel and pixel, the source pair (gx, gy) if |sgx - sgy| > |dgx - dgy|, else the destination pair. */
    MIXED(2),
    /** the gradient of the source's grey level (BGR2GRAY) in every channel. */
    MONOCHROME(3);

    private final int opencv;

    CloneFlag(int opencv) { this.opencv = opencv; }

    /** The value cv2 uses (cv2.NORMAL_CLONE, cv2.MIXED_CLONE, cv2.MONOCHROME_TRANSFER). */
    public int opencvValue() { return opencv; }

    public static CloneFlag ofOpencv(int value) {
        for (CloneFlag f : values()) if (f.opencv == value) return f;
        throw new IllegalArgumentException("seamlessClone flag " + value + " is not one of 1 (NORMAL_CLONE), 2 (MIXED_CLONE), "
                + "3 (MONOCHROME_TRANSFER)\n  ---> HINT: the *_WIDE flags (9, 10, 11) do not exist in OpenCV 4.6.");
    }
}
