#!/usr/bin/python3
"""Golden tensors for chapter 01 (ResNet), made by running torchvision's own resnet.py.

Run with Debian's Python (python3-torch, python3-torchvision, numpy):

    /usr/bin/python3 golden-tests/generate/resnet.py --set small --out golden-tests/data/resnet
    /usr/bin/python3 golden-tests/generate/resnet.py --set full  --out golden-tests/cache/resnet

`small` writes the committed cases (blocks, stem, whole layers; a few hundred KB in all).
`full` writes resnet18..resnet152 with their state_dicts as .pth files into an ignored cache.
Every parameter and BatchNorm statistic is re-drawn from a seeded generator (BN statistics and
affine parameters randomised, so a skipped BN cannot pass), inputs have odd sizes, and each
case records its provenance in manifest.json. Nothing here computes an expected value itself:
every tensor saved is what torchvision's modules returned.
Running it again gives identical files.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torchvision
from torchvision.models import resnet as tv_resnet
from torch_cases import RANDOMISATION, TorchCase, environment, randomise

EPS_NOTE = "BatchNorm eps = 1e-5 (PyTorch default), eval mode: y = (x - running_mean) / sqrt(running_var + eps) * weight + bias"
CONVENTIONS = ("Each .npy is written by numpy.save: C order, little-endian float32. PyTorch tensors are NCHW; "
               "conv weights are [out_channels, in_channels/groups, kH, kW]. params/<key>.npy holds state_dict[key] "
               "(num_batches_tracked omitted); trace/<name>.npy holds the output of the module with that qualified name, "
               "captured with a forward hook.")


class Case(TorchCase):
    def write(self, seed, arguments, input_shape, checks, notes):
        manifest = {
            "chapter": "resnet",
            "case": self.name,
            "description": self.description,
            "conventions": CONVENTIONS,
            "files": self.files,
            "provenance": {
                "repository": "pytorch/vision",
                "version": torchvision.__version__,
                "file": "torchvision/models/resnet.py",
                "function": self.function,
                "seed": seed,
                "arguments": arguments,
                "input_shape": list(input_shape),
                "input_rng": "torch.randn(shape, generator=torch.Generator().manual_seed(seed + 7))",
                "randomisation": RANDOMISATION,
                "generator": "golden-tests/generate/resnet.py",
                "environment": environment(),
            },
            "checks": checks,
            "notes": notes,
        }
        self.dump(manifest)


def run_with_hooks(module, x, names):
    """Forward pass recording the output of each named submodule (last call wins, as in a hook dict)."""
    captured = {}
    handles = []
    for name, m in module.named_modules():
        if name in names:
            handles.append(m.register_forward_hook(lambda _m, _i, out, name=name: captured.__setitem__(name, out.detach().clone())))
    with torch.no_grad():
        y = module(x)
    for h in handles:
        h.remove()
    return y, captured


def make_input(seed, shape):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed + 7))


def block_case(out, name, seed, block_name, inplanes, planes, stride, downsample, input_shape,
               groups=1, base_width=64, dilation=1):
    block_cls = getattr(tv_resnet, block_name)
    ds = None
    if downsample:
        ds = torch.nn.Sequential(tv_resnet.conv1x1(inplanes, planes * block_cls.expansion, stride),
                                 torch.nn.BatchNorm2d(planes * block_cls.expansion))
    block = block_cls(inplanes, planes, stride=stride, downsample=ds, groups=groups, base_width=base_width, dilation=dilation)
    randomise(block, seed)
    x = make_input(seed, input_shape)
    names = ["conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "downsample"]
    y, tr = run_with_hooks(block, x, names)
    c = Case(out, name, block_name, "torchvision %s(inplanes=%d, planes=%d, stride=%d, downsample=%s, groups=%d, base_width=%d, "
             "dilation=%d) in eval() mode with random BN statistics" % (block_name, inplanes, planes, stride,
                                                                          "conv1x1+BN" if downsample else "None", groups, base_width, dilation))
    c.save("input.npy", "input", x, "input x [N, C, H, W]")
    c.save_params(block)
    for n in names:
        if n in tr:
            c.save("trace/%s.npy" % n, n, tr[n], "output of block.%s (forward hook)" % n)
    yv = c.save("output.npy", "output", y, "block(x)")
    args = {"inplanes": inplanes, "planes": planes, "stride": stride, "downsample": downsample, "groups": groups,
            "base_width": base_width, "dilation": dilation}
    c.write(seed, args, input_shape, checks(yv), EPS_NOTE)


def stem_case(out, name, seed, input_shape):
    model = randomise(tv_resnet.resnet18(weights=None), seed)
    stem = torch.nn.Sequential()
    for n in ["conv1", "bn1", "relu", "maxpool"]:
        stem.add_module(n, getattr(model, n))
    x = make_input(seed, input_shape)
    names = ["conv1", "bn1", "relu", "maxpool"]
    y, tr = run_with_hooks(stem, x, names)
    c = Case(out, name, "stem", "torchvision ResNet stem: conv1 (7x7, stride 2, padding 3) -> bn1 -> relu -> maxpool "
             "(3x3, stride 2, padding 1), the modules of resnet18() with random weights")
    c.save("input.npy", "input", x, "input image batch [N, 3, H, W]")
    c.save_params(stem)
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "maxpool(relu(bn1(conv1(x))))")
    c.write(seed, {}, input_shape, checks(yv), EPS_NOTE)


def layer_case(out, name, seed, block_name, inplanes, planes, blocks, stride, dilate, input_shape):
    block_cls = getattr(tv_resnet, block_name)
    host = tv_resnet.ResNet(block_cls, [1, 1, 1, 1])     # only for its _make_layer and running state
    host.inplanes = inplanes
    host.dilation = 1
    layer = host._make_layer(block_cls, planes, blocks, stride=stride, dilate=dilate)
    randomise(layer, seed)
    x = make_input(seed, input_shape)
    names = ["%d" % i for i in range(blocks)]
    y, tr = run_with_hooks(layer, x, names)
    c = Case(out, name, "_make_layer", "torchvision ResNet._make_layer(%s, planes=%d, blocks=%d, stride=%d, dilate=%s) with "
             "self.inplanes=%d, self.dilation=1" % (block_name, planes, blocks, stride, dilate, inplanes))
    c.save("input.npy", "input", x, "input [N, C, H, W]")
    c.save_params(layer)
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of block %s" % n)
    yv = c.save("output.npy", "output", y, "layer(x)")
    args = {"block": block_name, "inplanes": inplanes, "planes": planes, "blocks": blocks, "stride": stride,
            "dilate": dilate, "dilation": 1}
    c.write(seed, args, input_shape, checks(yv), EPS_NOTE)


def model_case(out, arch, seed, input_shape):
    model = randomise(getattr(tv_resnet, arch)(weights=None), seed)
    x = make_input(seed, input_shape)
    names = ["conv1", "bn1", "relu", "maxpool", "avgpool", "fc"]
    for li in range(1, 5):
        layer = getattr(model, "layer%d" % li)
        names.append("layer%d" % li)
        names += ["layer%d.%d" % (li, b) for b in range(len(layer))]
    y, tr = run_with_hooks(model, x, names)
    c = Case(out, arch, "resnet", "torchvision %s(weights=None) with seeded random weights and BN statistics; "
             "logits and every block's output" % arch)
    c.save("input.npy", "input", x, "input image batch [N, 3, H, W], odd size")
    c.save_pth(model)
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "logits [N, 1000]")
    c.write(seed, {"arch": arch, "num_classes": 1000}, input_shape, checks(yv),
            EPS_NOTE + ". Weights are in model.pth (torch.save of the state_dict); load them as a user would.")


def checks(y):
    return {"tolerance": {"atol": 1e-4, "rtol": 0.0, "scale": "max(1, max|ref|)",
                          "why": "float32; summation order differs from PyTorch's oneDNN/ATen kernels"},
            "max_abs_output_value": float(np.abs(y).max())}


SMALL = [
    lambda o: block_case(o, "basicblock_c16_c32_s2_down", 1001, "BasicBlock", 16, 32, 2, True, (2, 16, 13, 15)),
    lambda o: block_case(o, "basicblock_c24_c24_s1", 1002, "BasicBlock", 24, 24, 1, False, (1, 24, 11, 9)),
    lambda o: block_case(o, "bottleneck_c32_p16_s2_down", 1003, "Bottleneck", 32, 16, 2, True, (1, 32, 11, 9)),
    lambda o: block_case(o, "bottleneck_c64_p16_s1", 1004, "Bottleneck", 64, 16, 1, False, (2, 64, 7, 9)),
    lambda o: block_case(o, "bottleneck_c32_p16_g4_w8_d2", 1005, "Bottleneck", 32, 16, 1, True, (1, 32, 9, 11),
                         groups=4, base_width=8, dilation=2),
    lambda o: stem_case(o, "stem_33x35", 1006, (1, 3, 33, 35)),
    lambda o: layer_case(o, "layer_basic_c8_p16_b2_s2", 1007, "BasicBlock", 8, 16, 2, 2, False, (1, 8, 15, 17)),
    lambda o: layer_case(o, "layer_bottleneck_c16_p8_b3_s2", 1008, "Bottleneck", 16, 8, 3, 2, False, (1, 16, 15, 13)),
    lambda o: layer_case(o, "layer_bottleneck_c32_p8_b2_dilate", 1009, "Bottleneck", 32, 8, 2, 2, True, (1, 32, 11, 13)),
]

FULL = [("resnet18", 2001, (2, 3, 97, 131)), ("resnet34", 2002, (1, 3, 97, 131)), ("resnet50", 2003, (1, 3, 97, 131)),
        ("resnet101", 2004, (1, 3, 97, 131)), ("resnet152", 2005, (1, 3, 97, 131))]


def write_keys(out_root):
    """torchvision's state_dict keys and shapes, in order, for each model: names are the contract."""
    keys_dir = os.path.join(os.path.dirname(os.path.abspath(out_root)), "resnet_keys")
    os.makedirs(keys_dir, exist_ok=True)
    for arch, _, _ in FULL:
        sd = getattr(tv_resnet, arch)(weights=None).state_dict()
        doc = {"source": "torchvision %s models.resnet.%s(weights=None).state_dict()" % (torchvision.__version__, arch),
               "keys": [[k, list(v.shape)] for k, v in sd.items()]}
        with open(os.path.join(keys_dir, arch + ".json"), "w") as f:
            json.dump(doc, f)
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["small", "full"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", help="comma-separated case names (full set: resnet18,...)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    only = set(a.only.split(",")) if a.only else None
    if a.set == "small":
        for make in SMALL:
            make(a.out)
        write_keys(a.out)
    else:
        for arch, seed, shape in FULL:
            if only and arch not in only:
                continue
            model_case(a.out, arch, seed, shape)
            print("wrote", os.path.join(a.out, arch), file=sys.stderr)


if __name__ == "__main__":
    main()
