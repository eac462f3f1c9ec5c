#!/usr/bin/python3
"""Synthetic portrait clips with an exact ground-truth mask, made by ffmpeg's lavfi sources, and the
temporal-smoothing numbers computed on a noisy copy of such a mask by numpy (chapter 04, part 5).

Run with Debian's Python and ffmpeg (python3-numpy, python3-scipy, python3-opencv, ffmpeg):

    /usr/bin/python3 golden-tests/generate/portrait_clip.py --out golden-tests/data/portrait_video

Two cases:

`clip_lavfi_128x96`: ffmpeg draws a head-and-shoulders silhouette (two ellipses, `geq`), fills it with the
`mandelbrot` source, and overlays it, moving 3 px a frame, on `testsrc2`; the same overlay of a white
silhouette on black gives the mask clip, and `gradients` gives a new background. Everything stays lossless
(overlay in RGB, FFV1 with bgr0 / gray). The frames are decoded by OpenCV (cv2.VideoCapture), converted
BGR -> RGB and saved as uint8 .npy; the manifest keeps the exact ffmpeg argument lists, so a test can make
the clips again with ffmpeg and compare its own decoding with these frames (the background is only made
again, not committed, to keep the case small).

`temporal_noisy_64x48`: the same kind of silhouette at 64x48, 20 frames, moving 2 px a frame (mask clip by
ffmpeg). A seeded "network" probability is simulated per frame: the true mask eroded or dilated by -2..2
pixels, Gaussian-blurred (scipy.ndimage, sigma 1.5), plus normal noise in the boundary band, clipped to
[0, 1] and quantised to k/255 (saved as uint8). Then, in plain numpy, independently of the Java code:
the smoothers (EMA with beta, gated EMA, hysteresis) and the metrics (IoU per frame at 0.5, dtSSD after
Erofeev et al. 2015 as in RobustVideoMatting's evaluation MetricDTSSD, naive flicker mean|m_t - m_{t-1}|).
The smoothers run in float32 with the operation order written in the manifest, so a float32 port can
match them exactly; the metrics are summed in float64.

Running it again gives identical files.
"""
import argparse
import json
import os
import platform
import subprocess
import tempfile

import cv2
import numpy as np
import scipy
from scipy import ndimage


def silhouette(w, h, head, head_r, body, body_r):
    """A lavfi graph drawing the white-on-black silhouette (head ellipse + shoulders ellipse) in a w x h box."""
    def ell(c, r):
        return "lte(pow((X-%g)/%g\\,2)+pow((Y-%g)/%g\\,2)\\,1)" % (c[0], r[0], c[1], r[1])
    return ("color=black:s=%dx%d:r=25,format=gray,geq=lum='255*gt(%s+%s\\,0)'" % (w, h, ell(head, head_r), ell(body, body_r)))


def clip_commands(frame_w, frame_h, box_w, box_h, sil, x_expr, y, frames, names):
    """ffmpeg argument lists: composite + mask (one run), then the background."""
    overlay = "overlay=x='%s':y=%d:format=rgb:shortest=1" % (x_expr, y)
    graph = ("[2]split=2[a1][a2];[1]format=rgba[fgc];[fgc][a1]alphamerge[fg];[0]format=rgba[bg];"
             "[bg][fg]%s,format=bgr0[v];[4]format=rgba[w];[w][a2]alphamerge[wm];[3][wm]%s,format=gray[m]" % (overlay, overlay))
    composite = ["ffmpeg", "-v", "error", "-y",
                 "-f", "lavfi", "-i", "testsrc2=s=%dx%d:r=25" % (frame_w, frame_h),
                 "-f", "lavfi", "-i", "mandelbrot=s=%dx%d:r=25" % (box_w, box_h),
                 "-f", "lavfi", "-i", sil,
                 "-f", "lavfi", "-i", "color=black:s=%dx%d:r=25" % (frame_w, frame_h),
                 "-f", "lavfi", "-i", "color=white:s=%dx%d:r=25" % (box_w, box_h),
                 "-filter_complex", graph,
                 "-map", "[v]", "-frames:v", str(frames), "-c:v", "ffv1", names["clip"],
                 "-map", "[m]", "-frames:v", str(frames), "-c:v", "ffv1", names["mask"]]
    background = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "gradients=s=%dx%d:r=25:speed=0.05:seed=1" % (frame_w, frame_h),
                  "-frames:v", str(frames), "-pix_fmt", "bgr0", "-c:v", "ffv1", names["background"]]
    return [composite, background]


def decode(path, gray):
    """All frames of a video through OpenCV: RGB uint8 (T, H, W, 3), or the first channel for masks."""
    cap = cv2.VideoCapture(path)
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(bgr[:, :, 0].copy() if gray else cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    cap.release()
    return np.stack(frames)


def environment():
    ff = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__, "opencv": cv2.__version__,
            "ffmpeg": ff}


class Case:
    def __init__(self, out_root, name, function, description):
        self.dir = os.path.join(out_root, name)
        os.makedirs(self.dir, exist_ok=True)
        self.name, self.function, self.description, self.files = name, function, description, []

    def save(self, rel, name, arr, meaning):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        np.save(path, np.ascontiguousarray(arr), allow_pickle=False)
        self.files.append({"file": rel, "name": name, "shape": list(arr.shape), "dtype": str(arr.dtype), "meaning": meaning})

    def write(self, arguments, checks, source):
        manifest = {
            "chapter": "portrait",
            "case": self.name,
            "description": self.description,
            "conventions": "Each .npy is written by numpy.save (C order, little-endian). Frames are (T, H, W, 3) RGB uint8, "
                           "masks (T, H, W) uint8 with 0 = background and 255 = person.",
            "files": self.files,
            "provenance": {
                "repository": "FFmpeg (lavfi sources testsrc2, mandelbrot, gradients, geq, overlay; FFV1), OpenCV VideoCapture, numpy/scipy",
                "file": source,
                "function": self.function,
                "arguments": arguments,
                "generator": "golden-tests/generate/portrait_clip.py",
                "environment": environment(),
            },
            "checks": checks,
        }
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)


def run_commands(commands, cwd):
    for cmd in commands:
        subprocess.run(cmd, cwd=cwd, check=True)


def naive_flicker(m):
    """mean over t >= 1 of mean |m_t - m_{t-1}| (float64)."""
    m = m.astype(np.float64)
    return float(np.mean([np.mean(np.abs(m[t] - m[t - 1])) for t in range(1, len(m))]))


def dtssd(p, g):
    """MetricDTSSD: per frame t >= 1, 100 * sqrt(sum(((p_t - p_{t-1}) - (g_t - g_{t-1}))^2) / N); mean over frames."""
    p, g = p.astype(np.float64), g.astype(np.float64)
    per = [100.0 * np.sqrt(np.sum(((p[t] - p[t - 1]) - (g[t] - g[t - 1])) ** 2) / p[t].size) for t in range(1, len(p))]
    return float(np.mean(per))


def iou_per_frame(p, g):
    """|P and G| / |P or G| with P = p >= 0.5, G = g >= 0.5; an empty union counts as 1."""
    out = []
    for t in range(len(p)):
        a, b = p[t] >= 0.5, g[t] >= 0.5
        union = np.logical_or(a, b).sum()
        out.append(1.0 if union == 0 else np.logical_and(a, b).sum() / union)
    return np.array(out, dtype=np.float64)


def ema(p, beta):
    """m_0 = p_0; m_t = beta * m_{t-1} + (1 - beta) * p_t, in float32."""
    b = np.float32(beta)
    one_minus = np.float32(1) - b
    m = np.empty_like(p)
    m[0] = p[0]
    for t in range(1, len(p)):
        m[t] = b * m[t - 1] + one_minus * p[t]
    return m


def gated_ema(p, beta, gate):
    """EMA where |p_t - m_{t-1}| < gate (small changes: noise); elsewhere m_t = p_t (a large change is motion)."""
    b, gt = np.float32(beta), np.float32(gate)
    one_minus = np.float32(1) - b
    m = np.empty_like(p)
    m[0] = p[0]
    for t in range(1, len(p)):
        smooth = b * m[t - 1] + one_minus * p[t]
        m[t] = np.where(np.abs(p[t] - m[t - 1]) < gt, smooth, p[t])
    return m


def hysteresis(p, low, high):
    """A binary state: s_0 = p_0 >= 0.5; then 1 where p_t > high, 0 where p_t < low, else s_{t-1}."""
    lo, hi = np.float32(low), np.float32(high)
    s = np.empty_like(p)
    s[0] = (p[0] >= np.float32(0.5)).astype(np.float32)
    for t in range(1, len(p)):
        s[t] = np.where(p[t] > hi, np.float32(1), np.where(p[t] < lo, np.float32(0), s[t - 1]))
    return s


def clip_case(out):
    c = Case(out, "clip_lavfi_128x96", "ffmpeg_lavfi_clip",
             "A 128x96, 25 fps, 8-frame synthetic portrait clip: a mandelbrot-filled head-and-shoulders silhouette moving 3 px a "
             "frame over testsrc2, its exact mask clip and a gradients background, all FFV1 (lossless)")
    names = {"clip": "clip.mkv", "mask": "mask.mkv", "background": "background.mkv"}
    sil = silhouette(40, 60, (20, 12), (9, 10), (20, 44), (19, 22))     # head and shoulders overlap: one component
    commands = clip_commands(128, 96, 40, 60, sil, "10+3*n", 36, 8, names)
    with tempfile.TemporaryDirectory() as tmp:
        run_commands(commands, tmp)
        frames = decode(os.path.join(tmp, names["clip"]), False)
        mask = decode(os.path.join(tmp, names["mask"]), True)
        bg = decode(os.path.join(tmp, names["background"]), False)
    assert bg.shape == frames.shape, "the background clip must match the composite's size and length"
    assert set(np.unique(mask)) <= {0, 255}, "the mask clip must be binary"
    c.save("frames.npy", "frames", frames, "the composite clip (clip.mkv) decoded by cv2.VideoCapture, RGB (T, H, W, 3)")
    c.save("mask.npy", "mask", mask, "the mask clip (mask.mkv) decoded by cv2.VideoCapture, (T, H, W), 0 or 255")
    m = mask.astype(np.float64) / 255.0
    c.write({"commands": commands, "outputs": names, "width": 128, "height": 96, "fps": "25/1", "frames": 8,
             "note": "overlay's n reads n+1 on the first frame in this ffmpeg: take positions from the mask clip, not the formula"},
            {"decode": "exact: every byte of every frame equal",
             "mask_pixels_per_frame": [int((mask[t] > 0).sum()) for t in range(len(mask))],
             "truth_naive_flicker": naive_flicker(m), "truth_dtssd_vs_itself": dtssd(m, m)},
            "libavfilter lavfi sources; cv2.VideoCapture")
    print("clip: frames %s, mask pixels %s" % (frames.shape, [int((mask[t] > 0).sum()) for t in range(len(mask))]))


METHODS = [("raw", {}), ("ema_0.5", {"beta": 0.5}), ("ema_0.8", {"beta": 0.8}),
           ("gated_ema_0.8_0.3", {"beta": 0.8, "gate": 0.3}), ("hysteresis_0.35_0.65", {"low": 0.35, "high": 0.65})]


def smooth(name, p, args):
    if name == "raw":
        return p.copy()
    if name.startswith("ema"):
        return ema(p, args["beta"])
    if name.startswith("gated"):
        return gated_ema(p, args["beta"], args["gate"])
    return hysteresis(p, args["low"], args["high"])


def temporal_case(out, seed=4):
    c = Case(out, "temporal_noisy_64x48", "temporal_smoothing",
             "A 64x48, 20-frame silhouette moving 2 px a frame (mask clip by ffmpeg lavfi), a seeded noisy 'network' "
             "probability per frame, and numpy's smoothers (EMA, gated EMA, hysteresis) with IoU, dtSSD and naive flicker")
    names = {"clip": "clip.mkv", "mask": "mask.mkv", "background": "background.mkv"}
    sil = silhouette(20, 30, (10, 6), (5, 5.5), (10, 21), (9.5, 11))
    commands = clip_commands(64, 48, 20, 30, sil, "2+2*n", 18, 20, names)
    with tempfile.TemporaryDirectory() as tmp:
        run_commands(commands, tmp)
        truth = decode(os.path.join(tmp, names["mask"]), True)
    rng = np.random.default_rng(seed)
    probs = np.empty(truth.shape, dtype=np.uint8)
    cross = ndimage.generate_binary_structure(2, 1)
    for t in range(len(truth)):
        g = truth[t] > 0
        k = int(rng.integers(-2, 3))
        if k > 0:
            g = ndimage.binary_dilation(g, structure=cross, iterations=k)
        elif k < 0:
            g = ndimage.binary_erosion(g, structure=cross, iterations=-k)
        blurred = ndimage.gaussian_filter(g.astype(np.float64), sigma=1.5)
        band = (blurred > 0.05) & (blurred < 0.95)
        p = np.clip(blurred + rng.normal(0.0, 0.15, blurred.shape) * band, 0.0, 1.0)
        probs[t] = np.round(p * 255.0).astype(np.uint8)
    c.save("truth.npy", "truth", truth, "the ground-truth mask clip decoded by cv2.VideoCapture, (T, H, W), 0 or 255")
    c.save("probs.npy", "probs", probs, "the simulated network probability, round(255 p) as uint8 (T, H, W)")
    p = (probs.astype(np.float32) / np.float32(255))
    g = (truth.astype(np.float32) / np.float32(255))
    metrics = {"truth": {"mean_iou": 1.0, "dtssd": dtssd(g, g), "naive_flicker": naive_flicker(g)}}
    for name, args in METHODS:
        m = smooth(name, p, args)
        iou = iou_per_frame(m, g)
        c.save("%s/iou.npy" % name, name + ".iou", iou, "IoU per frame of (m_t >= 0.5) with the truth, float64")
        c.save("%s/last.npy" % name, name + ".last", m[-1], "the smoothed matte of the last frame, float32 (H, W)")
        metrics[name] = {"arguments": args, "mean_iou": float(iou.mean()), "dtssd": dtssd(m, g), "naive_flicker": naive_flicker(m)}
        print("%-22s IoU %.4f  dtSSD %.3f  flicker %.5f" % (name, iou.mean(), metrics[name]["dtssd"], metrics[name]["naive_flicker"]))
    print("%-22s IoU %.4f  dtSSD %.3f  flicker %.5f" % ("truth", 1.0, 0.0, metrics["truth"]["naive_flicker"]))
    c.write({"commands": commands, "outputs": names, "width": 64, "height": 48, "fps": "25/1", "frames": 20, "seed": seed,
             "noise": "per frame: erode (k<0) or dilate (k>0) by |k| = rng.integers(-2, 3) with a 3x3 cross; gaussian_filter sigma 1.5; "
                      "+ rng.normal(0, 0.15) where 0.05 < blurred < 0.95; clip to [0, 1]; round(255 p) as uint8 "
                      "(rng = numpy.random.default_rng(seed))",
             "probability": "p = float32(probs) / float32(255); truth g = float32(truth) / float32(255)",
             "smoothers": {"ema": "m_0 = p_0; m_t = b * m_{t-1} + (1 - b) * p_t in float32, b = float32(beta), (1 - b) computed in float32",
                           "gated_ema": "as ema where |p_t - m_{t-1}| < gate, else m_t = p_t",
                           "hysteresis": "s_0 = (p_0 >= 0.5); s_t = 1 if p_t > high, 0 if p_t < low, else s_{t-1}"},
             "metrics": {"iou": "per frame, (m >= 0.5) vs (g >= 0.5), empty union = 1; mean over frames",
                         "dtssd": "per frame t >= 1: 100 sqrt(sum(((m_t - m_{t-1}) - (g_t - g_{t-1}))^2) / (H W)); mean over t (float64)",
                         "naive_flicker": "per frame t >= 1: mean |m_t - m_{t-1}|; mean over t (float64)"}},
            {"metrics": metrics, "tolerance": {"iou": 0.0, "dtssd_abs": 1e-6, "flicker_abs": 1e-9, "last_abs": 0.0,
                                               "why": "float32 smoothers in the same operation order: exact; metrics summed in float64"}},
            "libavfilter lavfi sources; numpy; scipy.ndimage")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="golden-tests/data/portrait_video")
    a = ap.parse_args()
    clip_case(a.out)
    temporal_case(a.out)


if __name__ == "__main__":
    main()
