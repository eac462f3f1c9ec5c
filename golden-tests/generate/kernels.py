#!/usr/bin/python3
"""Golden tensors for the Kernels contract, made by running torch.nn.functional itself.

    /usr/bin/python3 golden-tests/generate/kernels.py --out golden-tests/data/kernels

One case per operation and awkward shape: conv2d with stride, padding, dilation and groups
(depthwise too), max and avg pooling with ceil_mode and count_include_pad, adaptive average
pooling to sizes that do not divide the input, linear. Inputs and weights are seeded; every
expected tensor is what torch returned.
"""
import argparse
import json
import os
import platform

import numpy as np
import torch
import torch.nn.functional as F


def env():
    return {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torch_num_threads": torch.get_num_threads()}


def save_case(root, name, function, arguments, tensors, description):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    files = []
    for tname, (t, meaning) in tensors.items():
        arr = np.ascontiguousarray(t.detach().numpy().astype(np.float32))
        np.save(os.path.join(d, tname + ".npy"), arr, allow_pickle=False)
        files.append({"file": tname + ".npy", "name": tname, "shape": list(arr.shape), "dtype": "float32", "meaning": meaning})
    manifest = {
        "chapter": "kernels", "case": name, "description": description,
        "conventions": "numpy.save, C order, little-endian float32; NCHW; conv weights [K, C/groups, kh, kw]",
        "files": files,
        "provenance": {"repository": "pytorch/pytorch", "version": torch.__version__, "file": "torch/nn/functional.py",
                       "function": function, "arguments": arguments, "generator": "golden-tests/generate/kernels.py",
                       "environment": env()},
        "checks": {"tolerance": {"atol": 1e-5, "rtol": 1e-5, "scale": "max(1, max|ref|)",
                                 "why": "float32, short reductions; summation order differs from ATen"}},
        "notes": "Inputs: torch.randn with torch.Generator().manual_seed(seed)."
    }
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def randn(g, *shape, scale=1.0):
    return torch.randn(shape, generator=g) * scale


def conv(root, name, seed, n, c, h, w, k, kh, kw, stride, padding, dilation, groups, bias):
    g = torch.Generator().manual_seed(seed)
    x = randn(g, n, c, h, w)
    wt = randn(g, k, c // groups, kh, kw, scale=(1.0 / (c // groups * kh * kw)) ** 0.5)
    b = randn(g, k, scale=0.1) if bias else None
    y = F.conv2d(x, wt, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    t = {"input": (x, "x [N, C, H, W]"), "weight": (wt, "w [K, C/groups, kh, kw]")}
    if bias:
        t["bias"] = (b, "b [K]")
    t["output"] = (y, "F.conv2d(x, w, b, ...)")
    save_case(root, name, "conv2d", {"stride": list(stride), "padding": list(padding), "dilation": list(dilation),
                                     "groups": groups}, t, "F.conv2d %s" % name)


def pool(root, name, seed, kind, shape, kernel, stride, padding, ceil_mode, count_include_pad=True):
    g = torch.Generator().manual_seed(seed)
    x = randn(g, *shape)
    if kind == "max_pool2d":
        y = F.max_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode)
    else:
        y = F.avg_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    args = {"kernel_size": list(kernel), "stride": list(stride), "padding": list(padding), "ceil_mode": ceil_mode}
    if kind == "avg_pool2d":
        args["count_include_pad"] = count_include_pad
    save_case(root, name, kind, args, {"input": (x, "x"), "output": (y, "F.%s(x, ...)" % kind)}, "F.%s %s" % (kind, name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    o = a.out
    conv(o, "conv_3x3_s1_p1", 11, 2, 5, 9, 17, 7, 3, 3, (1, 1), (1, 1), (1, 1), 1, True)
    conv(o, "conv_3x3_s2_p1_nobias", 12, 1, 16, 15, 13, 17, 3, 3, (2, 2), (1, 1), (1, 1), 1, False)
    conv(o, "conv_7x7_s2_p3_c3", 13, 1, 3, 37, 29, 8, 7, 7, (2, 2), (3, 3), (1, 1), 1, False)
    conv(o, "conv_1x1_s2", 14, 2, 33, 7, 9, 18, 1, 1, (2, 2), (0, 0), (1, 1), 1, True)
    conv(o, "conv_3x3_d2_p2_g4", 15, 1, 16, 11, 12, 8, 3, 3, (1, 1), (2, 2), (2, 2), 4, True)
    conv(o, "conv_3x3_d6_p6", 16, 1, 4, 19, 21, 6, 3, 3, (1, 1), (6, 6), (6, 6), 1, True)
    conv(o, "conv_3x3_depthwise_s2", 17, 1, 12, 14, 11, 12, 3, 3, (2, 2), (1, 1), (1, 1), 12, False)
    conv(o, "conv_1x3_p01_s3", 18, 1, 6, 10, 16, 5, 1, 3, (3, 3), (0, 1), (1, 1), 1, True)
    conv(o, "conv_5x5_s1_p0", 19, 3, 2, 8, 9, 3, 5, 5, (1, 1), (0, 0), (1, 1), 1, True)
    pool(o, "maxpool_3x3_s2_p1", 21, "max_pool2d", (1, 4, 17, 16), (3, 3), (2, 2), (1, 1), False)
    pool(o, "maxpool_2x2_s2_ceil", 22, "max_pool2d", (2, 3, 75, 75), (2, 2), (2, 2), (0, 0), True)
    pool(o, "maxpool_3x3_s1_p1", 23, "max_pool2d", (1, 5, 10, 10), (3, 3), (1, 1), (1, 1), False)
    pool(o, "avgpool_3x3_s2_p1_ceil_incl", 24, "avg_pool2d", (1, 4, 10, 13), (3, 3), (2, 2), (1, 1), True, True)
    pool(o, "avgpool_3x3_s2_p1_ceil_excl", 25, "avg_pool2d", (1, 4, 10, 13), (3, 3), (2, 2), (1, 1), True, False)
    pool(o, "avgpool_3x3_s1_p1_excl", 26, "avg_pool2d", (1, 3, 7, 8), (3, 3), (1, 1), (1, 1), False, False)
    pool(o, "avgpool_2x2_s2", 27, "avg_pool2d", (2, 3, 9, 11), (2, 2), (2, 2), (0, 0), False, True)
    g = torch.Generator().manual_seed(31)
    for name, size, out in [("adaptive_avg_1x1", (1, 7, 9, 11), (1, 1)), ("adaptive_avg_3x5", (2, 3, 10, 13), (3, 5)),
                            ("adaptive_avg_7x7", (1, 2, 15, 16), (7, 7))]:
        x = randn(g, *size)
        save_case(o, name, "adaptive_avg_pool2d", {"output_size": list(out)},
                  {"input": (x, "x"), "output": (F.adaptive_avg_pool2d(x, out), "F.adaptive_avg_pool2d(x, output_size)")},
                  "F.adaptive_avg_pool2d %s" % name)
    g = torch.Generator().manual_seed(41)
    x, w, b = randn(g, 3, 517), randn(g, 10, 517, scale=517 ** -0.5), randn(g, 10, scale=0.1)
    save_case(o, "linear_517_10", "linear", {}, {"input": (x, "x [N, in]"), "weight": (w, "w [out, in]"),
                                                 "bias": (b, "b [out]"), "output": (F.linear(x, w, b), "F.linear(x, w, b)")},
              "F.linear with in_features not a multiple of any lane count")


if __name__ == "__main__":
    main()
