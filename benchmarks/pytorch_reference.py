#!/usr/bin/python3
"""PyTorch on the same shapes as `./workbench bench`, for side-by-side ratios.

    /usr/bin/python3 benchmarks/pytorch_reference.py --threads 1 [--only NAME] [--reps 5]

Prints one JSON object per line: {"name", "impl", "threads", "median_ms", "gflops"}; impl is
"pytorch-eager", or "pytorch-jit" (torch.jit.freeze + optimize_for_inference, ResNet-50 only). ssd300 times
torchvision's ssd300_vgg16 backbone + heads only (no transform, anchors or NMS).
Shapes and names are the Java bench's (workbench.cli.bench.BenchShapes): keep them in step.
Single-thread medians use the process CPU time (the machine may be shared), multi-thread ones wall time.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F
import torchvision

# name -> (kind, args); conv args: (C, K, H, k, stride, dilation)
SHAPES = [
    ("sgemm-1024", "mm", (1024, 1024, 1024)),
    ("conv3x3-64-64-56", "conv", (64, 64, 56, 3, 1, 1)),
    ("conv3x3s2-64-128-56", "conv", (64, 128, 56, 3, 2, 1)),
    ("conv1x1-256-64-56", "conv", (256, 64, 56, 1, 1, 1)),
    ("conv3x3-512-512-7", "conv", (512, 512, 7, 3, 1, 1)),
    ("conv7x7s2-3-64-224", "conv", (3, 64, 224, 7, 2, 1)),
    ("conv3x3d6-512-1024-19", "conv", (512, 1024, 19, 3, 1, 6)),
    ("resnet18", "model", ("resnet18", 224)),
    ("resnet50", "model", ("resnet50", 224)),
    ("ssd300", "ssd", ("ssd300_vgg16", 300)),
]


def timed(fn, reps, threads):
    fn()
    fn()
    clock = time.process_time if threads == 1 else time.perf_counter
    ts = []
    for _ in range(reps):
        t0 = clock()
        fn()
        ts.append((clock() - t0) * 1e3)
    ts.sort()
    return ts[len(ts) // 2]


def flops_of_model(model, size, run=None):
    total = [0]

    def hook(m, i, o):
        if isinstance(m, torch.nn.Conv2d):
            total[0] += 2 * o.numel() * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, torch.nn.Linear):
            total[0] += 2 * m.in_features * m.out_features
    hs = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        if run is None:
            model(torch.zeros(1, 3, size, size))
        else:
            run()
    for h in hs:
        h.remove()
    return total[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only")
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    for name, kind, args in SHAPES:
        if a.only and a.only != name:
            continue
        rows = []
        with torch.no_grad():
            if kind == "mm":
                m, k, n = args
                x, w = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
                rows.append(("pytorch-eager", timed(lambda: torch.mm(x, w), a.reps, a.threads), 2.0 * m * k * n))
            elif kind == "conv":
                c, kk, h, ks, s, d = args
                x = torch.randn(1, c, h, h, generator=g)
                w = torch.randn(kk, c, ks, ks, generator=g)
                b = torch.randn(kk, generator=g)
                y = F.conv2d(x, w, b, stride=s, padding=d * (ks // 2), dilation=d)
                fl = 2.0 * y.numel() * c * ks * ks
                rows.append(("pytorch-eager", timed(lambda: F.relu(F.conv2d(x, w, b, stride=s, padding=d * (ks // 2), dilation=d)),
                                                     a.reps, a.threads), fl))
            elif kind == "ssd":
                arch, size = args
                det = torchvision.models.detection.ssd300_vgg16(weights=None, weights_backbone=None).eval()
                x = torch.randn(1, 3, size, size, generator=g)

                def backbone_and_heads():
                    feats = list(det.backbone(x).values())
                    return det.head(feats)
                fl = float(flops_of_model(torch.nn.ModuleList([det.backbone, det.head]), size, run=backbone_and_heads))
                rows.append(("pytorch-eager", timed(backbone_and_heads, a.reps, a.threads), fl))
            else:
                arch, size = args
                model = getattr(torchvision.models, arch)(weights=None).eval()
                x = torch.randn(1, 3, size, size, generator=g)
                fl = float(flops_of_model(model, size))
                rows.append(("pytorch-eager", timed(lambda: model(x), a.reps, a.threads), fl))
                if arch == "resnet50":
                    frozen = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.script(model)))
                    rows.append(("pytorch-jit", timed(lambda: frozen(x), a.reps, a.threads), fl))
        for impl, ms, fl in rows:
            print(json.dumps({"name": name, "impl": impl, "threads": a.threads, "median_ms": round(ms, 3),
                              "gflops": round(fl / ms / 1e6, 2)}), flush=True)


if __name__ == "__main__":
    main()
