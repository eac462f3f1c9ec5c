#!/usr/bin/python3
"""Golden cases for chapter 04, parts 2 and 4: mask edge correction and colour harmonisation.

Run with Debian's Python (python3-opencv 4.6 with contrib, python3-torch, numpy):

    /usr/bin/python3 golden-tests/generate/portrait_matte.py --out golden-tests/data/portrait

Every expected value is what official code returned:
  matte_softmax_*, matte_sigmoid_*  torch.softmax(logits, dim=1)[:, 15] and torch.sigmoid (Sec. 2.1)
  matte_cleanup_*                   cv2.threshold -> cv2.connectedComponentsWithStats (8-connected, largest
                                    component) -> hole filling with cv2.floodFill (4-connected background
                                    on a one-pixel zero frame) -> cv2.morphologyEx OPEN then CLOSE with
                                    cv2.getStructuringElement(MORPH_ELLIPSE, (k, k)) (Sec. 2.2)
  matte_kernels                     cv2.getStructuringElement(MORPH_ELLIPSE, (k, k)) for k = 1..11 and 7x5
  guided_boxmean_*                  cv2.boxFilter(p, CV_32F, (2r+1, 2r+1), normalize=True, BORDER_REFLECT)
  guided_*                          cv2.ximgproc.guidedFilter(guide, p, r, eps) with uint8 guides (Sec. 2.3)
  matte_refine_*                    the whole chain above, ending in cv2.ximgproc.guidedFilter on the frame,
                                    and the mask's outline band, cv2.morphologyEx(MORPH_GRADIENT) (Sec. 2.4)
  reinhard_cielab_*                 cv2.cvtColor(COLOR_LBGR2Lab / COLOR_Lab2LBGR) on linearised sRGB, one-column images
                                    (OpenCV's scalar path), and the Lab variant of the transfer built on them (Sec. 4.3)
  reinhard_*                        the colour transfer of Reinhard et al. 2001 written out in numpy from the
                                    paper's formulas (Sec. 4.1). numpy is not our code, but this one is a
                                    transcription of the paper, not an official implementation: the cases say
                                    so in their provenance ("paper formula in numpy").
Images are synthetic and seeded (gradients, edges, texture, noise blobs, holes, parts touching the border),
odd-sized, and small. Colour images are stored in RGB order; OpenCV receives the same arrays (the guided
filter and the morphology do not care what the channels mean). Running the script again gives identical files.
"""
import argparse
import json
import os
import platform

import cv2
import numpy as np
import torch

VOC_PERSON = 15
GENERATOR = "golden-tests/generate/portrait_matte.py"
CONVENTIONS = ("Each .npy is written by numpy.save, C order, little-endian. Images are [H, W, C] in RGB order "
               "or [H, W] for masks (0/255) and single planes; uint8 pictures are stored as float32 holding the "
               "integer levels. Logits are NCHW.")


def environment():
    return {"python": platform.python_version(), "numpy": np.__version__, "opencv": cv2.__version__,
            "torch": torch.__version__, "note": "Debian 12 packages python3-opencv (with contrib), python3-torch; CPU only"}


class Case:
    def __init__(self, out_root, name, function, description, repository, source):
        self.dir = os.path.join(out_root, name)
        self.name, self.function, self.description = name, function, description
        self.repository, self.source = repository, source
        self.files = []
        os.makedirs(self.dir, exist_ok=True)

    def save(self, name, arr, meaning):
        arr = np.ascontiguousarray(np.asarray(arr).astype(np.float32))
        np.save(os.path.join(self.dir, name + ".npy"), arr, allow_pickle=False)
        self.files.append({"file": name + ".npy", "name": name, "shape": list(arr.shape), "dtype": "float32",
                           "meaning": meaning})
        return arr

    def write(self, seed, arguments, tolerance, notes="", extra_checks=None):
        checks = {"tolerance": tolerance}
        if extra_checks:
            checks.update(extra_checks)
        manifest = {
            "chapter": "portrait",
            "case": self.name,
            "description": self.description,
            "conventions": CONVENTIONS,
            "files": self.files,
            "provenance": {
                "repository": self.repository,
                "version": cv2.__version__ if "opencv" in self.repository else (
                    torch.__version__ if "torch" in self.repository else np.__version__),
                "file": self.source,
                "function": self.function,
                "seed": seed,
                "arguments": arguments,
                "generator": GENERATOR,
                "environment": environment(),
            },
            "checks": checks,
            "notes": notes,
        }
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")


EXACT = {"atol": 0.0, "rtol": 0.0, "why": "integer masks: OpenCV's result is reproduced exactly"}
OPENCV = "opencv/opencv 4.6 (Debian python3-opencv)"
CONTRIB = "opencv/opencv_contrib 4.6 ximgproc (Debian python3-opencv, built with contrib)"


# ---------------------------------------------------------------- synthetic pictures

def person_probability(h, w, seed, blobs=4, holes=2):
    """A soft 'network output' in [0, 1]: a head-and-shoulders silhouette touching the bottom border,
    blurred, with noise blobs in the background, holes inside the person and pixel noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    cx = w * rng.uniform(0.42, 0.58)
    head = ((xx - cx) / (0.16 * w)) ** 2 + ((yy - 0.30 * h) / (0.18 * h)) ** 2 <= 1
    body = ((xx - cx) / (0.36 * w)) ** 2 + ((yy - 1.05 * h) / (0.45 * h)) ** 2 <= 1
    neck = (np.abs(xx - cx) <= 0.07 * w) & (yy >= 0.40 * h) & (yy <= 0.70 * h)
    m = (head | neck | body).astype(np.float64)
    for _ in range(holes):  # holes strictly inside the body, a few pixels wide
        hx, hy = cx + rng.uniform(-0.12, 0.12) * w, h * rng.uniform(0.75, 0.88)
        m[((xx - hx) ** 2 + (yy - hy) ** 2) <= rng.uniform(1.5, 2.6) ** 2] = 0
    for _ in range(blobs):  # false positives: small blobs away from the person, one at a border
        bx, by = rng.uniform(0, 0.22) * w, rng.uniform(0.05, 0.7) * h
        if rng.uniform() < 0.5:
            bx = w - 1 - bx
        m[((xx - bx) ** 2 + (yy - by) ** 2) <= rng.uniform(0.8, 2.5) ** 2] = 1
    m[0:2, 0:3] = 1  # a blob in the corner, touching two borders
    p = cv2.GaussianBlur(m.astype(np.float32), (5, 5), 1.0)
    p = p + rng.normal(0, 0.08, p.shape).astype(np.float32)
    return np.clip(p, 0, 1).astype(np.float32)


def textured_rgb(h, w, seed):
    """A uint8 RGB frame: colour gradients, a sharp-edged rectangle and disk, and texture noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([40 + 150 * xx / w, 60 + 120 * yy / h, 200 - 100 * (xx + yy) / (w + h)], axis=-1)
    img[int(h * 0.2):int(h * 0.6), int(w * 0.1):int(w * 0.45)] += [70, -40, 30]
    img[((xx - 0.7 * w) ** 2 + (yy - 0.6 * h) ** 2) <= (0.22 * min(h, w)) ** 2] -= [50, 20, -60]
    img += rng.normal(0, 9, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- Sec. 2.1 probability

def softmax_case(out, name, seed, classes, h, w):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn((1, classes, h, w), generator=g) * 3.0
    prob = torch.softmax(logits, dim=1)[:, VOC_PERSON]
    c = Case(out, name, "softmax_person", "torch.softmax(logits, dim=1)[:, %d] on 1x%dx%dx%d logits ~ 3 N(0,1)"
             % (VOC_PERSON, classes, h, w), "pytorch/pytorch " + torch.__version__, "torch.softmax")
    c.save("input", logits.numpy(), "logits [1, C, H, W]")
    c.save("output", prob[0].numpy(), "person probability [H, W]")
    c.write(seed, {"person_class": VOC_PERSON, "classes": classes},
            {"atol": 1e-6, "rtol": 0.0, "why": "float32 exp and sum; torch and Java sum the classes in different order"})


def sigmoid_case(out, name, seed, h, w):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn((1, 1, h, w), generator=g) * 4.0
    prob = torch.sigmoid(logits)[:, 0]
    c = Case(out, name, "sigmoid_person", "torch.sigmoid(logits) on a 1x1x%dx%d binary head" % (h, w),
             "pytorch/pytorch " + torch.__version__, "torch.sigmoid")
    c.save("input", logits.numpy(), "logits [1, 1, H, W]")
    c.save("output", prob[0].numpy(), "person probability [H, W]")
    c.write(seed, {}, {"atol": 1e-6, "rtol": 0.0, "why": "float32 exp"})


# ---------------------------------------------------------------- Sec. 2.2 clean-up

def cleanup_cv2(prob, threshold, k):
    """The clean-up steps with OpenCV's functions; returns every stage."""
    _, th = cv2.threshold(prob, threshold, 255, cv2.THRESH_BINARY)
    th = th.astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(th, connectivity=8)
    if n > 1:
        areas = stats[1:, cv2.CC_STAT_AREA]
        assert (areas == areas.max()).sum() == 1, "two components share the largest area: pick another seed"
        largest = np.where(labels == 1 + int(np.argmax(areas)), 255, 0).astype(np.uint8)
    else:
        largest = np.zeros_like(th)
    h, w = th.shape
    framed = cv2.copyMakeBorder(largest, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    ff = np.zeros((h + 4, w + 4), np.uint8)
    cv2.floodFill(framed, ff, (0, 0), 255, flags=4)
    holes = framed[1:-1, 1:-1] == 0
    filled = largest.copy()
    filled[holes] = 255
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    opened = cv2.morphologyEx(filled, cv2.MORPH_OPEN, kernel)
    closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, kernel)
    return {"threshold": th, "largest": largest, "filled": filled, "opened": opened, "output": closed,
            "components": n - 1, "holes": int(holes.sum())}


CLEANUP_STEPS = ("cv2.threshold(p, t, 255, THRESH_BINARY) (p > t); cv2.connectedComponentsWithStats(connectivity=8), "
                 "keep the label with the largest CC_STAT_AREA; holes = pixels a cv2.floodFill(flags=4) from (0,0) of the "
                 "mask framed by one zero pixel (cv2.copyMakeBorder) does not reach; cv2.morphologyEx(MORPH_OPEN) then "
                 "(MORPH_CLOSE) with cv2.getStructuringElement(MORPH_ELLIPSE, (k, k)), default anchor and border")


def cleanup_case(out, name, seed, h, w, threshold, k, prob=None, description=""):
    if prob is None:
        prob = person_probability(h, w, seed)
    st = cleanup_cv2(prob, threshold, k)
    c = Case(out, name, "mask_cleanup", (description or "clean-up of a synthetic person probability %dx%d" % (h, w))
             + "; threshold %g, ellipse %dx%d" % (threshold, k, k), OPENCV, "modules/imgproc: threshold, "
             "connectedComponentsWithStats, floodFill, morphologyEx, getStructuringElement")
    c.save("input", prob, "person probability [H, W]")
    c.save("threshold", st["threshold"], "p > t as 0/255 [H, W]")
    c.save("largest", st["largest"], "largest 8-connected component [H, W]")
    c.save("filled", st["filled"], "holes (background not 4-connected to the border) filled [H, W]")
    c.save("opened", st["opened"], "morphological opening [H, W]")
    c.save("output", st["output"], "opening then closing: the cleaned mask [H, W]")
    c.write(seed, {"threshold": threshold, "kernel_size": k}, EXACT, CLEANUP_STEPS,
            {"components_after_threshold": st["components"], "hole_pixels_filled": st["holes"],
             "mask_pixels": int((st["output"] > 0).sum())})


def kernels_case(out, name):
    c = Case(out, name, "getStructuringElement", "cv2.getStructuringElement(MORPH_ELLIPSE, (k, k)) for k = 1..11, "
             "and (7, 5) (width 7, height 5)", OPENCV, "modules/imgproc/src/morph.dispatch.cpp: getStructuringElement")
    sizes = [[k, k] for k in range(1, 12)] + [[7, 5]]
    for kw, kh in sizes:
        c.save("ellipse_%dx%d" % (kw, kh), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (kw, kh)),
               "structuring element [height, width], 0/1")
    c.write(0, {"sizes": sizes}, EXACT)


# ---------------------------------------------------------------- Sec. 2.3 guided filter

GF_TOL = {"atol": 1e-5, "rtol": 0.0, "why": "float32 throughout as in ximgproc (box sums in double, cast to float); "
          "operation order differs slightly. A numpy float32 transcription matched ximgproc to 9e-6 (grey) and "
          "2.3e-6 (colour)"}


def soft_plane(h, w, seed):
    """p in [0, 1]: a blurred noisy silhouette (what the filter refines)."""
    return person_probability(h, w, seed, blobs=2, holes=1)


def boxmean_case(out, name, seed, h, w, r):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 255, (h, w)).astype(np.float32)
    q = cv2.boxFilter(p, cv2.CV_32F, (2 * r + 1, 2 * r + 1), normalize=True, borderType=cv2.BORDER_REFLECT)
    c = Case(out, name, "boxFilter", "cv2.boxFilter(p, CV_32F, (%d, %d), normalize=True, BORDER_REFLECT) on a %dx%d "
             "plane ~ U(0, 255): the mean filter of the guided filter" % (2 * r + 1, 2 * r + 1, h, w), OPENCV,
             "modules/imgproc/src/box_filter.simd.hpp")
    c.save("input", p, "plane [H, W]")
    c.save("output", q, "box mean [H, W]")
    c.write(seed, {"radius": r, "border": "REFLECT"}, {"atol": 2e-5, "rtol": 0.0,
            "why": "sums of up to (2r+1)^2 values up to 255 in double, cast to float32 (ulp of 255 is 1.5e-5)"})


def guided_case(out, name, seed, h, w, r, eps, colour):
    guide = textured_rgb(h, w, seed)
    if not colour:
        guide = cv2.cvtColor(guide, cv2.COLOR_RGB2GRAY)
    p = soft_plane(h, w, seed + 1)
    q = cv2.ximgproc.guidedFilter(guide, p, r, eps)
    c = Case(out, name, "guidedFilter", "cv2.ximgproc.guidedFilter(guide=uint8 %s %dx%d, src=float32 p, radius=%d, "
             "eps=%g)" % ("RGB" if colour else "grey", h, w, r, eps), CONTRIB, "modules/ximgproc/src/guided_filter.cpp")
    c.save("guide", guide, "guide, uint8 levels [H, W, 3] or [H, W]")
    c.save("input", p, "p, the plane to filter [H, W]")
    c.save("output", q, "q [H, W] (float32)")
    c.write(seed, {"radius": r, "eps": eps, "guide_channels": 3 if colour else 1}, GF_TOL,
            "eps is in the guide's units squared: the uint8 guide is converted to float without scaling")


# ---------------------------------------------------------------- the whole chain (Sec. 2.4)

def refine_case(out, name, seed, h, w, threshold, k, r, eps, band_k):
    frame = textured_rgb(h, w, seed)
    prob = person_probability(h, w, seed + 1)
    st = cleanup_cv2(prob, threshold, k)
    alpha = cv2.ximgproc.guidedFilter(frame, (st["output"] / 255.0).astype(np.float32), r, eps)
    alpha = np.clip(alpha, 0, 1)
    band = cv2.morphologyEx(st["output"], cv2.MORPH_GRADIENT, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (band_k, band_k)))
    c = Case(out, name, "edge_correction", "edge correction of a %dx%d synthetic probability on a textured RGB frame: "
             "clean-up (threshold %g, ellipse %d) then cv2.ximgproc.guidedFilter(frame, mask/255, %d, %g), clipped to "
             "[0, 1]; and the mask's morphological gradient (the outline band)" % (h, w, threshold, k, r, eps), CONTRIB, "imgproc (clean-up) + ximgproc guided_filter.cpp")
    c.save("frame", frame, "frame, uint8 RGB levels [H, W, 3]")
    c.save("input", prob, "person probability [H, W]")
    c.save("mask", st["output"], "cleaned mask 0/255 [H, W]")
    c.save("output", alpha, "alpha matte [H, W]")
    c.save("band", band, "cv2.morphologyEx(mask, MORPH_GRADIENT, ellipse(band_kernel)): the outline band, 0/255 [H, W]")
    c.write(seed, {"threshold": threshold, "kernel_size": k, "radius": r, "eps": eps, "band_kernel": band_k},
            {"atol": 1e-5, "rtol": 0.0, "why": "mask exact; matte as the guided filter (float32)"}, CLEANUP_STEPS)


# ---------------------------------------------------------------- Sec. 4.1 Reinhard (paper formula in numpy)

RGB2LMS = np.array([[0.3811, 0.5783, 0.0402], [0.1967, 0.7244, 0.0782], [0.0241, 0.1288, 0.8444]])
LMS2RGB_PAPER = np.array([[4.4679, -3.5873, 0.1193], [-1.2186, 2.3809, -0.1624], [0.0497, -0.2439, 1.2045]])
LMS2LAB = np.diag([1 / np.sqrt(3), 1 / np.sqrt(6), 1 / np.sqrt(2)]) @ np.array([[1, 1, 1], [1, 1, -2], [1, -1, 0]])
LAB2LMS = np.array([[1, 1, 1], [1, 1, -1], [1, -2, 0]]) @ np.diag([np.sqrt(3) / 3, np.sqrt(6) / 6, np.sqrt(2) / 2])
LMS_FLOOR = 5e-5   # below every non-zero 8-bit LMS value (min 0.0241/255 = 9.45e-5): only pure black is clamped


def to_lab(rgb255):
    lms = (rgb255.reshape(-1, 3) / 255.0) @ RGB2LMS.T
    return np.log10(np.maximum(lms, LMS_FLOOR)) @ LMS2LAB.T


def from_lab(lab, lms2rgb):
    lms = 10.0 ** (lab @ LAB2LMS.T)
    return 255.0 * (lms @ lms2rgb.T)


def weighted_stats(x, w):
    mu = (w[:, None] * x).sum(0) / w.sum()
    sd = np.sqrt((w[:, None] * (x - mu) ** 2).sum(0) / w.sum())
    return mu, sd


def reinhard_case(out, name, seed, h, w, strength, inverse, hr, wr):
    rng = np.random.default_rng(seed)
    fg = textured_rgb(h, w, seed)
    ref = textured_rgb(hr, wr, seed + 5)[..., ::-1].copy()  # channel-swapped: a very different palette
    ref = np.clip(ref.astype(np.int32) // 2 + 90, 0, 255).astype(np.uint8)
    alpha = cv2.GaussianBlur((person_probability(h, w, seed + 2) > 0.5).astype(np.float32), (5, 5), 1.2)
    alpha[rng.uniform(size=alpha.shape) < 0.05] = 0
    ref_weight = rng.uniform(0.2, 1.0, (hr, wr)).astype(np.float32)
    fg[0, 0] = 0  # a pure black pixel inside the statistics: exercises the log10(0) guard
    alpha[0, 0] = 1.0
    lms2rgb = np.linalg.inv(RGB2LMS) if inverse == "exact" else LMS2RGB_PAPER
    a = alpha.reshape(-1).astype(np.float64)
    lab_s = to_lab(fg.astype(np.float64))
    lab_t = to_lab(ref.astype(np.float64))
    mu_s, sd_s = weighted_stats(lab_s[a > 0], a[a > 0])
    mu_t, sd_t = weighted_stats(lab_t, ref_weight.reshape(-1).astype(np.float64))
    moved = (lab_s - mu_s) * (sd_t / sd_s) + mu_t
    rgb_t = from_lab(moved, lms2rgb)
    src = fg.reshape(-1, 3).astype(np.float64)
    blended = np.where((a > 0)[:, None], (1 - strength) * src + strength * rgb_t, src)
    out8 = np.clip(np.floor(blended + 0.5), 0, 255)
    c = Case(out, name, "reinhard", "Reinhard et al. 2001 colour transfer, paper formula in numpy: RGB/255 -> LMS -> "
             "log10 -> l-alpha-beta, alpha-weighted statistics of the foreground moved onto the weighted statistics of "
             "the reference, back with the %s LMS->RGB matrix, strength %g, pixels with alpha = 0 unchanged"
             % ("exact inverse of the paper's RGB->LMS" if inverse == "exact" else "paper's printed", strength),
             "paper formula in numpy (Reinhard, Ashikhmin, Gooch, Shirley, IEEE CG&A 21(5), 2001); numpy "
             + np.__version__, "golden-tests/generate/portrait_matte.py: reinhard_case")
    c.save("foreground", fg, "foreground, uint8 RGB levels [H, W, 3]")
    c.save("alpha", alpha, "foreground weights (alpha) [H, W]")
    c.save("reference", ref, "reference, uint8 RGB levels [Hr, Wr, 3]")
    c.save("reference_weight", ref_weight, "reference weights [Hr, Wr]")
    c.save("unrounded", blended.reshape(h, w, 3), "result before rounding, RGB levels [H, W, 3] (float64 -> float32)")
    c.save("output", out8.reshape(h, w, 3), "result, floor(x + 0.5) clipped to 0..255 [H, W, 3]")
    c.save("source_mean", mu_s, "weighted l-alpha-beta mean of the foreground [3]")
    c.save("source_std", sd_s, "weighted l-alpha-beta std of the foreground [3]")
    c.save("target_mean", mu_t, "weighted l-alpha-beta mean of the reference [3]")
    c.save("target_std", sd_t, "weighted l-alpha-beta std of the reference [3]")
    c.write(seed, {"strength": strength, "inverse": inverse, "lms_floor": LMS_FLOOR},
            {"atol": 1e-4, "rtol": 1e-6, "why": "float64 on both sides, saved as float32 (ulp of 255 is 1.5e-5); "
             "rounded output exact"},
            "not official code: an independent transcription of the paper's formulas, so it checks the Java against "
            "the paper, not against a library")


# ---------------------------------------------------------------- Sec. 4.3 the CIE Lab variant (cv2.cvtColor)

def srgb_to_linear(c01):
    """IEC 61966-2-1 sRGB decoding; our formula (OpenCV's own gamma is a spline), written out in numpy."""
    return np.where(c01 <= 0.04045, c01 / 12.92, ((c01 + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(v):
    return np.where(v <= 0.0031308, 12.92 * v, 1.055 * np.power(np.maximum(v, 0), 1 / 2.4) - 0.055)


def cv_lab(linear_rgb):
    """cv2.cvtColor(COLOR_LBGR2Lab) on an (N, 1, 3) float32 image: one column, so OpenCV takes its scalar path."""
    bgr = np.ascontiguousarray(linear_rgb.reshape(-1, 1, 3)[..., ::-1].astype(np.float32))
    return cv2.cvtColor(bgr, cv2.COLOR_LBGR2Lab).reshape(-1, 3)


def cv_linear(lab):
    """cv2.cvtColor(COLOR_Lab2LBGR) on an (N, 1, 3) float32 image, back in RGB order (clipped to [0, 1] by OpenCV)."""
    bgr = cv2.cvtColor(np.ascontiguousarray(lab.reshape(-1, 1, 3).astype(np.float32)), cv2.COLOR_Lab2LBGR)
    return bgr.reshape(-1, 3)[:, ::-1]


LAB_NOTE = ("OpenCV's vectorised cvtColor path (rows of 8 or more pixels) approximates the cube root and differs from the "
            "scalar path by up to 0.031 in a on the 8-bit colour cube; these cases pass one-column images, which take the "
            "scalar path")


def cielab_convert_case(out, name):
    levels = np.arange(0, 256, 17)
    cube = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), -1).reshape(-1, 3)
    dark = np.array([[v, 0, 0] for v in range(1, 12)] + [[0, v, 0] for v in range(1, 12)] + [[0, 0, v] for v in range(1, 12)]
                    + [[v, v, v] for v in range(1, 12)])
    srgb = np.concatenate([cube, dark]).astype(np.float64)
    linear = srgb_to_linear(srgb / 255.0).astype(np.float32)
    lab = cv_lab(linear)
    back = cv_linear(lab)
    c = Case(out, name, "cielab", "cv2.cvtColor(COLOR_LBGR2Lab) of %d linearised sRGB colours (the 16-level cube and dark "
             "ramps), and cv2.cvtColor(COLOR_Lab2LBGR) of that Lab" % len(srgb), OPENCV, "modules/imgproc/src/color_lab.cpp")
    c.save("input", linear, "linear RGB in [0, 1], float32, as given to OpenCV [N, 3] (RGB order)")
    c.save("output", lab, "L (0..100), a, b [N, 3]")
    c.save("linear_back", back, "cv2 Lab2LBGR of output, RGB order [N, 3]")
    c.write(0, {"colours": len(srgb)}, {"atol": 5e-4, "rtol": 0.0, "why": "OpenCV computes in float32; a = 500 (f(X) - f(Y)) "
            "magnifies float rounding 500 times (measured 1.6e-4 over all 16.7M 8-bit colours)"}, LAB_NOTE)


def cielab_transfer_case(out, name, seed, h, w, strength, hr, wr):
    rng = np.random.default_rng(seed)
    fg = textured_rgb(h, w, seed)
    ref = np.clip(textured_rgb(hr, wr, seed + 5)[..., ::-1].astype(np.int32) // 2 + 90, 0, 255).astype(np.uint8)
    alpha = cv2.GaussianBlur((person_probability(h, w, seed + 2) > 0.5).astype(np.float32), (5, 5), 1.2)
    alpha[rng.uniform(size=alpha.shape) < 0.05] = 0
    ref_weight = rng.uniform(0.2, 1.0, (hr, wr)).astype(np.float32)
    a = alpha.reshape(-1).astype(np.float64)
    lab_s = cv_lab(srgb_to_linear(fg.reshape(-1, 3) / 255.0)).astype(np.float64)
    lab_t = cv_lab(srgb_to_linear(ref.reshape(-1, 3) / 255.0)).astype(np.float64)
    mu_s, sd_s = weighted_stats(lab_s[a > 0], a[a > 0])
    mu_t, sd_t = weighted_stats(lab_t, ref_weight.reshape(-1).astype(np.float64))
    moved = (lab_s - mu_s) * (sd_t / sd_s) + mu_t
    rgb_t = 255.0 * linear_to_srgb(cv_linear(moved).astype(np.float64))
    src = fg.reshape(-1, 3).astype(np.float64)
    blended = np.where((a > 0)[:, None], (1 - strength) * src + strength * rgb_t, src)
    out8 = np.clip(np.floor(blended + 0.5), 0, 255)
    c = Case(out, name, "reinhard_cielab", "the Lab variant of the colour transfer: sRGB linearised (IEC formula), "
             "cv2.cvtColor(COLOR_LBGR2Lab), alpha-weighted statistics moved onto the reference's, cv2.cvtColor(COLOR_Lab2LBGR), "
             "sRGB encoded, strength %g" % strength, OPENCV + " for the colour conversions; statistics in numpy",
             "modules/imgproc/src/color_lab.cpp + golden-tests/generate/portrait_matte.py: cielab_transfer_case")
    c.save("foreground", fg, "foreground, uint8 RGB levels [H, W, 3]")
    c.save("alpha", alpha, "foreground weights (alpha) [H, W]")
    c.save("reference", ref, "reference, uint8 RGB levels [Hr, Wr, 3]")
    c.save("reference_weight", ref_weight, "reference weights [Hr, Wr]")
    c.save("unrounded", blended.reshape(h, w, 3), "result before rounding, RGB levels [H, W, 3]")
    c.save("output", out8.reshape(h, w, 3), "result, floor(x + 0.5) clipped to 0..255 [H, W, 3]")
    c.save("source_mean", mu_s, "weighted Lab mean of the foreground [3]")
    c.save("source_std", sd_s, "weighted Lab std of the foreground [3]")
    c.save("target_mean", mu_t, "weighted Lab mean of the reference [3]")
    c.save("target_std", sd_t, "weighted Lab std of the reference [3]")
    c.write(seed, {"strength": strength}, {"atol": 2e-3, "rtol": 0.0, "why": "OpenCV's Lab in float32 (1.6e-4 in a) against "
            "ours in double, which moves RGB levels by about 1e-4; the rounded output is held to the same bound, i.e. exactly"}, LAB_NOTE)


CASES = [
    lambda o: softmax_case(o, "matte_softmax_21x13x17", 4201, 21, 13, 17),
    lambda o: sigmoid_case(o, "matte_sigmoid_11x9", 4202, 11, 9),
    lambda o: kernels_case(o, "matte_kernels"),
    lambda o: cleanup_case(o, "matte_cleanup_41x57_k5", 4211, 41, 57, 0.5, 5),
    lambda o: cleanup_case(o, "matte_cleanup_48x37_k7_t04", 4212, 48, 37, 0.4, 7),
    lambda o: cleanup_case(o, "matte_cleanup_33x45_k4", 4213, 33, 45, 0.5, 4),
    lambda o: cleanup_case(o, "matte_cleanup_full", 4214, 9, 11, 0.5, 3, prob=np.full((9, 11), 0.9, np.float32),
                           description="a mask that is all person"),
    lambda o: cleanup_case(o, "matte_cleanup_empty", 4215, 9, 11, 0.5, 3, prob=np.full((9, 11), 0.2, np.float32),
                           description="a probability below the threshold everywhere (nobody in the frame)"),
    lambda o: boxmean_case(o, "guided_boxmean_r3_23x31", 4220, 23, 31, 3),
    lambda o: boxmean_case(o, "guided_boxmean_r6_9x11", 4221, 9, 11, 6),
    lambda o: guided_case(o, "guided_grey_r3_eps100_37x53", 4231, 37, 53, 3, 100.0, False),
    lambda o: guided_case(o, "guided_grey_r6_eps650_29x41", 4232, 29, 41, 6, 650.25, False),
    lambda o: guided_case(o, "guided_colour_r4_eps65_37x53", 4233, 37, 53, 4, 65.025, True),
    lambda o: guided_case(o, "guided_colour_r8_eps650_45x61", 4234, 45, 61, 8, 650.25, True),
    lambda o: guided_case(o, "guided_colour_r5_eps20_9x13", 4235, 9, 13, 5, 20.0, True),
    lambda o: refine_case(o, "matte_refine_61x47", 4241, 61, 47, 0.5, 5, 8, 65.025, 7),
    lambda o: reinhard_case(o, "reinhard_exact_t1", 4251, 29, 37, 1.0, "exact", 21, 25),
    lambda o: reinhard_case(o, "reinhard_exact_t06", 4252, 29, 37, 0.6, "exact", 21, 25),
    lambda o: reinhard_case(o, "reinhard_paper_t1", 4253, 23, 31, 1.0, "paper", 17, 19),
    lambda o: cielab_convert_case(o, "reinhard_cielab_convert"),
    lambda o: cielab_transfer_case(o, "reinhard_cielab_t1", 4261, 29, 37, 1.0, 21, 25),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    for make in CASES:
        make(a.out)


if __name__ == "__main__":
    main()
