#!/usr/bin/python3
"""Golden cases for chapter 04 part 3 (Poisson blending), made by running OpenCV and SciPy.

Run with Debian's Python (python3-opencv 4.6, python3-scipy, numpy):

    /usr/bin/python3 golden-tests/generate/portrait_blend.py --out golden-tests/data/portrait

clone_*    cv2.seamlessClone (OpenCV 4.6, modules/photo) on textured images with off-centre masks,
           NORMAL / MIXED / MONOCHROME, hard and Gaussian-blurred (soft) masks, a placement into a
           larger destination, and the identity clone seamlessClone(dst, dst, mask, centre).
           clone_alpha_aware_* adds P1 (alpha compositing) and P5 (P2 then P1 with the matte):
           the seamlessClone result composited with numpy's formula floor(a*f + (1-a)*bg + 0.5).
poisson_*  scipy.sparse.linalg.spsolve on the explicit 5-point systems of the lesson's Sec. 3.3
           (textbook Perez: unknowns on the mask, Dirichlet values from the background on its
           border, imported or per-link mixed gradients) and Sec. 3.4 P4 (screened Poisson on the
           clone's ROI: (Laplacian - eps) f = div v - eps f_s, guidance field as OpenCV builds it,
           with the erosion done by cv2.erode with a zero border).

Images are RGB in the .npy files (uint8, H x W x 3); cv2 is called on BGR copies and its results
converted back. Masks are uint8 H x W, mattes float32 H x W. Solutions are float32. Nothing here
computes an expected value from the Java code; running it again gives identical files.
"""
import argparse
import json
import os
import platform

import cv2
import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla

CONVENTIONS = ("Each .npy is written by numpy.save, C order. Images are RGB uint8 [H, W, 3] (cv2 ran on BGR copies), "
               "masks uint8 [H, W] (0 = outside), mattes float32 [H, W], solutions float32 before rounding.")

FLAGS = {"NORMAL": cv2.NORMAL_CLONE, "MIXED": cv2.MIXED_CLONE, "MONOCHROME": cv2.MONOCHROME_TRANSFER}


def environment():
    return {"python": platform.python_version(), "numpy": np.__version__, "opencv": cv2.__version__, "scipy": scipy.__version__,
            "note": "Debian 12 packages python3-opencv / python3-scipy; CPU only"}


def texture(h, w, seed, base):
    """A seeded textured RGB image: sinusoids of a few periods plus noise around a base colour."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.empty((h, w, 3))
    for c in range(3):
        ph = rng.uniform(0, 6.3, 3)
        img[..., c] = (base[c] + 35 * np.sin(xx / rng.uniform(4, 9) + ph[0]) + 30 * np.cos(yy / rng.uniform(3, 8) + ph[1])
                       + 20 * np.sin((xx + yy) / rng.uniform(8, 14) + ph[2]) + rng.normal(0, 7, (h, w)))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def blob_mask(h, w, seed, cx, cy, rx, ry, soft=False):
    """An ellipse plus a rectangle (0/255), off-centre; soft = Gaussian-blurred with sigma 2.5."""
    rng = np.random.default_rng(seed)
    m = np.zeros((h, w), np.uint8)
    cv2.ellipse(m, (int(cx), int(cy)), (int(rx), int(ry)), float(rng.uniform(0, 60)), 0, 360, 255, -1)
    x0, y0 = int(cx - rx * 0.3), int(cy)
    cv2.rectangle(m, (x0, y0), (x0 + int(rx * 0.8), min(h - 1, y0 + int(ry * 1.1))), 255, -1)
    if soft:
        m = cv2.GaussianBlur(m, (0, 0), 2.5)
    return m


def bgr(rgb):
    return np.ascontiguousarray(rgb[..., ::-1])


def zero_border_box(mask):
    """The bounding box seamlessClone uses: the mask with its outermost rows/columns set to 0."""
    m = mask.copy()
    m[0, :] = m[-1, :] = 0
    m[:, 0] = m[:, -1] = 0
    return cv2.boundingRect(m)


class Case:
    def __init__(self, out_root, name, function, description):
        self.dir = os.path.join(out_root, name)
        self.name, self.function, self.description = name, function, description
        self.files = []
        os.makedirs(self.dir, exist_ok=True)

    def save(self, name, arr, meaning):
        path = os.path.join(self.dir, name + ".npy")
        np.save(path, np.ascontiguousarray(arr), allow_pickle=False)
        self.files.append({"file": name + ".npy", "name": name, "shape": list(arr.shape), "dtype": str(arr.dtype), "meaning": meaning})

    def write(self, seed, arguments, checks, repository, source, measured=None):
        manifest = {
            "chapter": "portrait",
            "case": self.name,
            "description": self.description,
            "conventions": CONVENTIONS,
            "files": self.files,
            "provenance": {"repository": repository, "version": cv2.__version__ if "opencv" in repository else scipy.__version__,
                           "file": source, "function": self.function, "seed": seed, "arguments": arguments,
                           "generator": "golden-tests/generate/portrait_blend.py", "environment": environment()},
            "checks": checks,
        }
        if measured:
            manifest["measured"] = measured
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")


CLONE_CHECKS = {
    "tolerance": {"atol": 1.0, "rtol": 0.0,
                  "why": "OpenCV truncates a float32 solution from a float FFT; where it lies within ~1e-4 of an integer the last level is decided by float rounding"},
    "rule": {"max_abs": 1, "near_integer": 1e-3, "max_fraction": 5e-4, "outside_roi": "unchanged",
             "why": "|java - cv2| <= 1, only where the Java float solution is within 1e-3 of an integer, fewer than 0.05 % of "
                    "channel values; pixels outside the ROI equal dst exactly"},
}


def lowest_eigenvalue_error(w, h):
    """Relative error of OpenCV's float32 filter_X[0] + filter_Y[0] - 4 against the float64 value."""
    fx = np.float32(2.0) * np.float32(np.cos(np.pi / (w - 1)))
    fy = np.float32(2.0) * np.float32(np.cos(np.pi / (h - 1)))
    f32 = float(np.float32(np.float32(fx + fy) - np.float32(4)))
    f64 = 2 * np.cos(np.pi / (w - 1)) + 2 * np.cos(np.pi / (h - 1)) - 4
    return (f32 - f64) / f64


def identity_sweep():
    """cv2's identity clone on rectangles of several ROI sizes: the share of interior values one level down."""
    rows = []
    for rw, rh in [(93, 81), (92, 81), (101, 95), (100, 95), (111, 101), (110, 101), (121, 91), (120, 91)]:
        d = texture(rh + 20, rw + 20, 71, (140, 130, 120))
        m = np.zeros(d.shape[:2], np.uint8)
        m[10:10 + rh, 10:10 + rw] = 255
        x, y, w, h = zero_border_box(m)
        out = cv2.seamlessClone(bgr(d), bgr(d), m, (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)
        inner = (out.astype(int) - bgr(d).astype(int))[y + 1:y + h - 1, x + 1:x + w - 1]
        rows.append({"roi_w": w, "roi_h": h, "lowest_eigenvalue_relative_error_float32": lowest_eigenvalue_error(w, h),
                     "values_minus_one_percent": round(100 * float((inner == -1).mean()), 2),
                     "values_changed_percent": round(100 * float((inner != 0).mean()), 2)})
    return rows


def clone_case(out, name, seed, src, dst, mask, p, flag, description, identity=False):
    res = cv2.seamlessClone(bgr(src), bgr(dst), mask, p, FLAGS[flag])[..., ::-1]
    c = Case(out, name, "seamlessClone", description)
    if not identity:
        c.save("src", src, "source image (RGB)")
    c.save("dst", dst, "destination image (RGB)")
    c.save("mask", mask, "clone mask (0 = outside; other values weight the source gradients)")
    c.save("output", np.ascontiguousarray(res), "cv2.seamlessClone(src, dst, mask, p, flag) (RGB)")
    x, y, w, h = zero_border_box(mask)
    roi = [p[0] - w // 2, p[1] - h // 2, w, h]
    measured = None
    if identity:
        d = res.astype(int) - dst.astype(int)
        inner = d[roi[1] + 1:roi[1] + h - 1, roi[0] + 1:roi[0] + w - 1]
        measured = {"roi_interior_values": int(inner.size), "values_minus_one": int((inner == -1).sum()),
                    "values_changed": int((d != 0).sum()), "max_abs_change": int(np.abs(d).max()),
                    "lowest_eigenvalue_relative_error_float32": lowest_eigenvalue_error(w, h),
                    "sweep_rectangles_of_one_texture": identity_sweep()}
    c.write(seed, {"flag": flag, "opencv_flag": FLAGS[flag], "px": p[0], "py": p[1], "src_is_dst": identity, "roi": roi},
            CLONE_CHECKS, "opencv/opencv (modules/photo)", "modules/photo/src/seamless_cloning.cpp: cv::seamlessClone", measured)
    return res


def alpha_aware_case(out, name, seed, fg, bg, alpha, threshold):
    mask = ((alpha >= np.float32(threshold)) * 255).astype(np.uint8)
    x, y, w, h = zero_border_box(mask)
    p = (x + w // 2, y + h // 2)
    f = cv2.seamlessClone(bgr(fg), bgr(bg), mask, p, cv2.NORMAL_CLONE)[..., ::-1].astype(np.float64)
    a = np.clip(alpha.astype(np.float64), 0, 1)[..., None]
    over = np.clip(np.floor(a * fg + (1 - a) * bg + 0.5), 0, 255).astype(np.uint8)
    p5 = np.clip(np.floor(a * f + (1 - a) * bg + 0.5), 0, 255).astype(np.uint8)
    c = Case(out, name, "alpha_aware", "P1 alpha compositing and P5 alpha-aware Poisson: cv2.seamlessClone(fg, bg, alpha >= %.2f, "
             "centre of the mask box, NORMAL_CLONE), then floor(a*f + (1-a)*bg + 0.5) with the matte" % threshold)
    c.save("fg", fg, "foreground frame (RGB)")
    c.save("bg", bg, "background frame (RGB)")
    c.save("alpha", alpha, "soft matte, float32")
    c.save("alpha_over", over, "P1: floor(a*fg + (1-a)*bg + 0.5), a clipped to [0, 1], in float64")
    c.save("output", p5, "P5: the same formula with f = cv2.seamlessClone result in place of fg")
    c.write(seed, {"threshold": threshold, "px": p[0], "py": p[1], "flag": "NORMAL"},
            {"tolerance": CLONE_CHECKS["tolerance"],
             "tolerances": {"alpha_over": {"atol": 0.0, "why": "P1 is the same formula, evaluated in double"}},
             "rule": dict(CLONE_CHECKS["rule"], near_integer=None,
                                                                    why="P5 inherits P2's last-level differences, scaled by alpha")},
            "opencv/opencv (modules/photo) + numpy", "modules/photo/src/seamless_cloning.cpp: cv::seamlessClone")


# ---- Sec. 3.3: the textbook system, built explicitly and solved by spsolve ----

def textbook_case(out, name, seed, g, fstar, mask, mixed):
    h, w = mask.shape
    omega = mask != 0
    idx = -np.ones((h, w), int)
    ys, xs = np.nonzero(omega)
    idx[ys, xs] = np.arange(len(ys))
    n = len(ys)
    sol = fstar.astype(np.float64).copy()
    rows, cols, vals = [], [], []
    for k, (y, x) in enumerate(zip(ys, xs)):
        deg = 0
        for yy, xx in ((y, x - 1), (y, x + 1), (y - 1, x), (y + 1, x)):
            if 0 <= yy < h and 0 <= xx < w:
                deg += 1
                if omega[yy, xx]:
                    rows.append(k); cols.append(idx[yy, xx]); vals.append(-1.0)
        rows.append(k); cols.append(k); vals.append(float(deg))
    A = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))
    for ch in range(3):
        gi, fi = g[..., ch].astype(np.float64), fstar[..., ch].astype(np.float64)
        b = np.zeros(n)
        for k, (y, x) in enumerate(zip(ys, xs)):
            for yy, xx in ((y, x - 1), (y, x + 1), (y - 1, x), (y + 1, x)):
                if 0 <= yy < h and 0 <= xx < w:
                    if not omega[yy, xx]:
                        b[k] += fi[yy, xx]
                    gpq, fpq = gi[y, x] - gi[yy, xx], fi[y, x] - fi[yy, xx]
                    b[k] += fpq if (mixed and abs(fpq) > abs(gpq)) else gpq
        sol[ys, xs, ch] = spla.spsolve(A, b)
    outimg = fstar.copy()
    outimg[omega] = np.clip(np.floor(sol[omega] + 0.5), 0, 255).astype(np.uint8)
    c = Case(out, name, "spsolve_textbook", "textbook Poisson editing (Perez et al. 2003, Eq. (7), %s gradients): unknowns on the "
             "mask, Dirichlet values from the background, 4-neighbours inside the image; spsolve on the explicit system, %d unknowns"
             % ("per-link mixed" if mixed else "imported", n))
    c.save("fg", g, "foreground g (RGB)")
    c.save("bg", fstar, "background f* (RGB)")
    c.save("mask", mask, "Omega = mask != 0")
    c.save("solution", sol.astype(np.float32), "f: spsolve's solution on Omega, the background elsewhere (float32 of float64)")
    c.save("output", outimg, "floor(f + 0.5) clipped on Omega, the background elsewhere")
    c.write(seed, {"mixed": mixed, "unknowns_per_channel": n},
            {"tolerance": {"atol": 1e-3, "rtol": 0.0, "why": "solution: float32 storage (ulp 1.5e-5 at 255) and solver residual 1e-9"},
             "tolerances": {"output": {"atol": 1.0, "why": "rounding of a solution within 1e-3 of a half level may go either way"}},
             "rule": {"near_half": 1e-3}},
            "scipy/scipy (sparse.linalg)", "scipy/sparse/linalg/_dsolve/linsolve.py: spsolve")


# ---- Sec. 3.4 P4: screened Poisson on the clone ROI ----

def screened_case(out, name, seed, fg, bg, mask, eps):
    x, y, w, h = zero_border_box(mask)
    m = mask.copy(); m[0, :] = m[-1, :] = 0; m[:, 0] = m[:, -1] = 0
    mroi = m[y:y + h, x:x + w]
    dest = bg[y:y + h, x:x + w].astype(np.float32)
    patch = np.where(mroi[..., None] != 0, fg[y:y + h, x:x + w], 0).astype(np.float32)
    fs = np.where(mroi[..., None] != 0, fg[y:y + h, x:x + w], bg[y:y + h, x:x + w]).astype(np.float64)
    er = cv2.erode(mroi, np.ones((3, 3), np.uint8), iterations=3, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    scale = np.float32(1.0 / 255.0)
    wgt = er.astype(np.float32) * scale
    inv = (255 - er).astype(np.float32) * scale
    nx, ny = w - 2, h - 2
    # (Laplacian_0 - eps I) on the interior, 5-point, zero outside
    N = nx * ny
    ii = np.arange(N).reshape(ny, nx)
    rows = [ii.ravel()]; cols = [ii.ravel()]; vals = [np.full(N, -4.0 - eps)]
    for a, b_ in ((ii[:, 1:], ii[:, :-1]), (ii[:, :-1], ii[:, 1:]), (ii[1:, :], ii[:-1, :]), (ii[:-1, :], ii[1:, :])):
        rows.append(a.ravel()); cols.append(b_.ravel()); vals.append(np.ones(a.size))
    A = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(N, N))
    sol = np.zeros((ny, nx, 3))
    for ch in range(3):
        d, s = dest[..., ch], patch[..., ch]
        dgx = np.zeros_like(d); dgx[:, :-1] = d[:, 1:] - d[:, :-1]
        dgy = np.zeros_like(d); dgy[:-1, :] = d[1:, :] - d[:-1, :]
        pgx = np.zeros_like(s); pgx[:, :-1] = s[:, 1:] - s[:, :-1]
        pgy = np.zeros_like(s); pgy[:-1, :] = s[1:, :] - s[:-1, :]
        vx = dgx * inv + pgx * wgt
        vy = dgy * inv + pgy * wgt
        lap = (vx[1:-1, 1:-1] - vx[1:-1, :-2]) + (vy[1:-1, 1:-1] - vy[:-2, 1:-1])
        ring = np.zeros((ny, nx), np.float32)
        ring[:, 0] += d[1:-1, 0]; ring[:, -1] += d[1:-1, -1]; ring[0, :] += d[0, 1:-1]; ring[-1, :] += d[-1, 1:-1]
        rhs = (lap - ring).astype(np.float64) - eps * fs[1:-1, 1:-1, ch]
        sol[..., ch] = spla.spsolve(A, rhs.ravel()).reshape(ny, nx)
    outimg = bg.copy()
    outimg[y + 1:y + h - 1, x + 1:x + w - 1] = np.clip(np.floor(sol + 0.5), 0, 255).astype(np.uint8)
    measured = None
    if eps == 0:
        ref = cv2.seamlessClone(bgr(fg), bgr(bg), mask, (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)[..., ::-1]
        diff = np.clip(np.floor(sol), 0, 255).astype(int) - ref[y + 1:y + h - 1, x + 1:x + w - 1].astype(int)
        assert np.abs(diff).max() <= 1, "the transcribed guidance field disagrees with cv2.seamlessClone"
        measured = {"floor_vs_cv2_max_abs": int(np.abs(diff).max()), "floor_vs_cv2_differing": int((diff != 0).sum())}
    c = Case(out, name, "spsolve_screened", "P4 screened Poisson, eps = %g, on the clone ROI %dx%d of an off-centre mask: "
             "(Laplacian - eps) f = div v - eps f_s with OpenCV's NORMAL guidance field (cv2.erode x3, zero border), "
             "f_s = fg on the mask, bg elsewhere; spsolve on the explicit 5-point system" % (eps, w, h))
    c.save("fg", fg, "foreground (RGB)")
    c.save("bg", bg, "background (RGB)")
    c.save("mask", mask, "mask (0/255)")
    c.save("solution", sol.astype(np.float32), "f on the ROI interior [h-2, w-2, 3], float32 of spsolve's float64")
    c.save("output", outimg, "bg with the ROI interior replaced by floor(f + 0.5) clipped")
    c.write(seed, {"epsilon": eps, "flag": "NORMAL", "roi": [x, y, w, h]},
            {"tolerance": {"atol": 1e-3, "rtol": 0.0, "why": "solution: float32 storage; float32 guidance field as OpenCV builds it"},
             "tolerances": {"output": {"atol": 1.0, "why": "rounding of a solution within 1e-3 of a half level may go either way"}},
             "rule": {"near_half": 1e-3}},
            "scipy/scipy (sparse.linalg) + opencv/opencv (cv2.erode)", "scipy/sparse/linalg/_dsolve/linsolve.py: spsolve", measured)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    cv2.setNumThreads(1)
    o = a.out
    # clone_*: several sizes, all flags, off-centre masks and placements, soft masks, the identity clone
    s, d = texture(64, 64, 1, (200, 90, 60)), texture(64, 64, 2, (60, 120, 190))
    clone_case(o, "clone_normal_64x64", 4201, s, d, blob_mask(64, 64, 3, 26, 30, 13, 16), (30, 33), "NORMAL",
               "cv2.seamlessClone NORMAL_CLONE, 64x64, off-centre mask placed 4 px right and 3 px down of where it was")
    s, d = texture(97, 131, 11, (180, 140, 90)), texture(97, 131, 12, (40, 160, 80))
    clone_case(o, "clone_mixed_97x131", 4202, s, d, blob_mask(97, 131, 13, 55, 45, 25, 30), (70, 50), "MIXED",
               "cv2.seamlessClone MIXED_CLONE (|gx - gy| rule), 97x131, off-centre mask and placement")
    s, d = texture(120, 160, 21, (150, 60, 160)), texture(120, 160, 22, (200, 200, 90))
    clone_case(o, "clone_monochrome_120x160", 4203, s, d, blob_mask(120, 160, 23, 95, 60, 30, 35), (80, 62), "MONOCHROME",
               "cv2.seamlessClone MONOCHROME_TRANSFER, 120x160, off-centre mask and placement")
    s, d = texture(97, 131, 31, (220, 180, 150)), texture(97, 131, 32, (30, 60, 120))
    clone_case(o, "clone_normal_soft_97x131", 4204, s, d, blob_mask(97, 131, 33, 62, 50, 26, 28, soft=True), (64, 48), "NORMAL",
               "cv2.seamlessClone NORMAL_CLONE with a Gaussian-blurred (soft) mask: mask values weight the source gradients")
    s, d = texture(64, 64, 41, (90, 200, 120)), texture(64, 64, 42, (170, 70, 200))
    clone_case(o, "clone_mixed_soft_64x64", 4205, s, d, blob_mask(64, 64, 43, 34, 28, 14, 12, soft=True), (33, 31), "MIXED",
               "cv2.seamlessClone MIXED_CLONE with a soft mask")
    s, d = texture(80, 100, 51, (120, 100, 200)), texture(80, 100, 52, (210, 120, 40))
    clone_case(o, "clone_monochrome_soft_80x100", 4206, s, d, blob_mask(80, 100, 53, 42, 40, 20, 18, soft=True), (50, 40), "MONOCHROME",
               "cv2.seamlessClone MONOCHROME_TRANSFER with a soft mask")
    s, d = texture(90, 110, 61, (230, 150, 110)), texture(150, 200, 62, (50, 90, 170))
    clone_case(o, "clone_normal_90x110_into_150x200", 4207, s, d, blob_mask(90, 110, 63, 50, 42, 28, 30), (128, 88), "NORMAL",
               "cv2.seamlessClone NORMAL_CLONE of a 90x110 source into a 150x200 destination, off-centre")
    d = texture(120, 140, 71, (140, 130, 120))
    m = np.zeros((120, 140), np.uint8)
    cv2.ellipse(m, (68, 58), (46, 40), 0, 0, 360, 255, -1)
    x, y, w, h = zero_border_box(m)
    clone_case(o, "clone_identity_120x140", 4208, d, d, m, (x + w // 2, y + h // 2), "NORMAL",
               "the identity clone cv2.seamlessClone(dst, dst, mask, centre of the mask box, NORMAL_CLONE): float32 eigenvalues "
               "and truncation move most ROI values down by one level", identity=True)
    fg, bg = texture(97, 131, 81, (210, 160, 130)), texture(97, 131, 82, (40, 110, 60))
    matte = cv2.GaussianBlur(blob_mask(97, 131, 83, 60, 48, 27, 30), (0, 0), 2.0).astype(np.float32) / np.float32(255)
    alpha_aware_case(o, "clone_alpha_aware_97x131", 4209, fg, bg, matte, 0.5)
    # poisson_*: spsolve on the explicit systems
    g, f = texture(31, 37, 91, (200, 120, 80)), texture(31, 37, 92, (60, 100, 180))
    textbook_case(o, "poisson_textbook_31x37", 4301, g, f, blob_mask(31, 37, 93, 17, 14, 8, 7), False)
    g, f = texture(40, 52, 94, (100, 180, 90)), texture(40, 52, 95, (190, 80, 150))
    mk = blob_mask(40, 52, 96, 28, 26, 12, 11)
    mk[30:, 20:30] = 255   # the region reaches the bottom edge: N_p shrinks there
    textbook_case(o, "poisson_textbook_mixed_40x52", 4302, g, f, mk, True)
    g, f = texture(48, 56, 97, (220, 150, 100)), texture(48, 56, 98, (40, 80, 160))
    mk = blob_mask(48, 56, 99, 30, 22, 13, 12)
    for eps in (0.0, 0.05, 1.0):
        screened_case(o, "poisson_screened_eps%s_48x56" % ("%g" % eps).replace(".", "p"), 4310, g, f, mk, eps)


if __name__ == "__main__":
    main()
