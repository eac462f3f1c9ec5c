/*
 * Quality of a matte sequence against the ground truth, accumulated frame by frame (lesson Sec. 5.3):
 *   IoU_t       |P_t and G_t| / |P_t or G_t| with P = m >= 0.5, G = g >= 0.5 (an empty union counts as 1)
 *   dtSSD_t     100 * sqrt( sum_i ((m_t - m_{t-1}) - (g_t - g_{t-1}))_i^2 / N )      for t >= 1
 *               (Erofeev et al., BMVC 2015; RobustVideoMatting's evaluation MetricDTSSD), N = pixels per frame
 *   flicker_t   mean_i |m_t - m_{t-1}|                                                for t >= 1
 * Clip values are the means over frames. dtSSD compares the change of the prediction with the change of
 * the truth, so a matte that moves with the person costs nothing; the naive flicker rewards a matte that
 * does not move at all, i.e. lag (Sec. 5.3). Sums in double.
 * Not here: matting metrics on soft alpha (SAD, MSE, gradient, connectivity), boundary-only IoU.
 */
package workbench.portrait.temporal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.portrait.image.Matte;

public final class TemporalMetrics {
    private final List<Double> iou = new ArrayList<>(), dtssd = new ArrayList<>(), flicker = new ArrayList<>();
    private float[] prevM, prevG;
    private int width, height;

    /** Adds frame t: the prediction m_t and the truth g_t (values in [0, 1], same size). */
    public void add(Matte m, Matte g) {
        if (m.width() != g.width() || m.height() != g.height()) {
            throw new IllegalArgumentException("metrics: frame " + iou.size() + ": prediction is " + m.width() + "x" + m.height()
                    + ", truth " + g.width() + "x" + g.height() + "\n  ---> HINT: the ground-truth mask video must have the input's size.");
        }
        if (prevM != null && (m.width() != width || m.height() != height)) {
            throw new IllegalArgumentException("metrics: frame " + iou.size() + " changes size to " + m.width() + "x" + m.height());
        }
        width = m.width();
        height = m.height();
        float[] mt = m.alpha(), gt = g.alpha();
        iou.add(iou(mt, gt));
        if (prevM != null) {
            double ssd = 0, abs = 0;
            for (int i = 0; i < mt.length; i++) {
                double dm = (double) mt[i] - prevM[i], dg = (double) gt[i] - prevG[i];
                ssd += (dm - dg) * (dm - dg);
                abs += Math.abs(dm);
            }
            dtssd.add(100.0 * Math.sqrt(ssd / mt.length));
            flicker.add(abs / mt.length);
        }
        prevM = mt.clone();
        prevG = gt.clone();
    }

    /** IoU of the two binarised mattes (threshold 0.5). */
    public static double iou(float[] m, float[] g) {
        long inter = 0, union = 0;
        for (int i = 0; i < m.length; i++) {
            boolean a = m[i] >= 0.5f, b = g[i] >= 0.5f;
            if (a && b) inter++;
            if (a || b) union++;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    public int frames() { return iou.size(); }
    public List<Double> iouPerFrame() { return List.copyOf(iou); }
    public List<Double> dtssdPerFrame() { return List.copyOf(dtssd); }
    public List<Double> flickerPerFrame() { return List.copyOf(flicker); }
    public double meanIou() { return mean(iou); }
    public double dtssd() { return mean(dtssd); }
    public double naiveFlicker() { return mean(flicker); }

    private static double mean(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        double s = 0;
        for (double d : v) s += d;
        return s / v.size();
    }

    /** One line: "IoU 0.9512  dtSSD 3.210  naive flicker 0.01404  (8 frames)". */
    public String summary() {
        return String.format(Locale.ROOT, "IoU %.4f  dtSSD %.3f  naive flicker %.5f  (%d frames)", meanIou(), dtssd(), naiveFlicker(), frames());
    }
}
