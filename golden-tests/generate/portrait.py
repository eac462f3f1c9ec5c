#!/usr/bin/python3
"""Golden tensors for chapter 04 (portrait: DeepLabv3+), made by running torchvision's own modules.

Run with Debian's Python (python3-torch, python3-torchvision, numpy):

    /usr/bin/python3 golden-tests/generate/portrait.py --set small --out golden-tests/data/portrait
    /usr/bin/python3 golden-tests/generate/portrait.py --set full  --out golden-tests/cache/portrait

torchvision 0.14 has no DeepLabv3+, but it has the parts: `ASPP` (models/segmentation/deeplabv3.py),
the dilated `ResNet` (models/resnet.py, replace_stride_with_dilation) and `IntermediateLayerGetter`
(models/_utils.py). The decoder below is VainF/DeepLabV3Plus-Pytorch's DeepLabHeadV3Plus
(network/_deeplab.py) in plain torch.nn, with its child names, so the state_dict keys are VainF's;
`decoder_convs=2` and `align_corners=True` are the TF reference's switches.

`small` writes the committed cases: F.interpolate in both corner modes, ASPP at both rate sets on a
map smaller than the rates, the v3+ head in both layouts, and the key/shape listing of the full
ResNet-50/101 models (a few hundred KB in all).
`full` writes whole models into an ignored cache: a mini model (Bottleneck [1,1,1,1],
width_per_group=16, narrow head) at OS16 and OS8 in both layouts, and optionally (--only r50_os16)
the real ResNet-50 DeepLabv3+ on a 1x3x129x129 input; weights as model.pth, as a user would have them.
Every parameter and BatchNorm statistic is re-drawn from a seeded generator, inputs have odd sizes,
and each case records its provenance in manifest.json. Nothing here computes an expected value
itself: every tensor saved is what torch/torchvision returned. Running it again gives identical files.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import resnet as tv_resnet
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.segmentation.deeplabv3 import ASPP
from torch_cases import RANDOMISATION, TorchCase, environment, randomise

EPS_NOTE = "BatchNorm eps = 1e-5 (PyTorch default), eval mode (Dropout is the identity)"
CONVENTIONS = ("Each .npy is written by numpy.save: C order, little-endian float32. PyTorch tensors are NCHW; "
               "conv weights are [out_channels, in_channels/groups, kH, kW]. params/<key>.npy holds state_dict[key] "
               "(num_batches_tracked omitted); trace/<name>.npy holds the output of the module with that qualified name, "
               "captured with a forward hook.")


class DeepLabHeadV3Plus(nn.Module):
    """VainF network/_deeplab.py DeepLabHeadV3Plus, with torchvision's ASPP and the TF switches."""

    def __init__(self, in_ch, low_ch, num_classes, rates, decoder_convs=1, align_corners=False, aspp_out=256, low_out=48):
        super().__init__()
        self.align_corners = align_corners
        self.project = nn.Sequential(nn.Conv2d(low_ch, low_out, 1, bias=False), nn.BatchNorm2d(low_out), nn.ReLU())
        self.aspp = ASPP(in_ch, rates, out_channels=aspp_out)
        layers = [nn.Conv2d(low_out + aspp_out, aspp_out, 3, padding=1, bias=False), nn.BatchNorm2d(aspp_out), nn.ReLU()]
        for _ in range(decoder_convs - 1):
            layers += [nn.Conv2d(aspp_out, aspp_out, 3, padding=1, bias=False), nn.BatchNorm2d(aspp_out), nn.ReLU()]
        self.classifier = nn.Sequential(*layers, nn.Conv2d(aspp_out, num_classes, 1))

    def forward(self, f):
        low = self.project(f["low_level"])
        x = F.interpolate(self.aspp(f["out"]), size=low.shape[-2:], mode="bilinear", align_corners=self.align_corners)
        return self.classifier(torch.cat([low, x], 1))


class DeepLabV3Plus(nn.Module):
    """VainF network/utils.py _SimpleSegmentationModel: backbone -> classifier -> resize to the input."""

    def __init__(self, backbone, classifier, align_corners):
        super().__init__()
        self.backbone, self.classifier, self.align_corners = backbone, classifier, align_corners

    def forward(self, x):
        y = self.classifier(self.backbone(x))
        return F.interpolate(y, size=x.shape[-2:], mode="bilinear", align_corners=self.align_corners)


def build(resnet, os_, num_classes, decoder_convs, align_corners, aspp_out=256, low_out=48):
    """VainF network/modeling.py _segm_resnet for 'deeplabv3plus', on a torchvision ResNet instance."""
    rates = [6, 12, 18] if os_ == 16 else [12, 24, 36]
    backbone = IntermediateLayerGetter(resnet, return_layers={"layer4": "out", "layer1": "low_level"})
    head = DeepLabHeadV3Plus(2048, 256, num_classes, rates, decoder_convs, align_corners, aspp_out, low_out)
    return DeepLabV3Plus(backbone, head, align_corners)


def dilation_for(os_):
    return [False, False, True] if os_ == 16 else [False, True, True]


class Case(TorchCase):
    def write(self, seed, arguments, input_shapes, checks, source):
        manifest = {
            "chapter": "portrait",
            "case": self.name,
            "description": self.description,
            "conventions": CONVENTIONS,
            "files": self.files,
            "provenance": {
                "repository": "pytorch/vision (ASPP, ResNet, IntermediateLayerGetter); decoder after VainF/DeepLabV3Plus-Pytorch",
                "version": torchvision.__version__,
                "file": source,
                "function": self.function,
                "seed": seed,
                "arguments": arguments,
                "input_shapes": {k: list(v) for k, v in input_shapes.items()},
                "input_rng": "torch.randn(shape, generator=torch.Generator().manual_seed(seed + 7 + i)), i = input number",
                "randomisation": RANDOMISATION,
                "generator": "golden-tests/generate/portrait.py",
                "environment": environment(),
            },
            "checks": checks,
            "notes": EPS_NOTE,
        }
        self.dump(manifest)


def checks(y, why="float32; summation order differs from PyTorch's oneDNN/ATen kernels"):
    return {"tolerance": {"atol": 1e-4, "rtol": 0.0, "scale": "max(1, max|ref|)", "why": why},
            "max_abs_output_value": float(np.abs(y).max())}


def run_with_hooks(module, args, names):
    captured = {}
    handles = []
    for name, m in module.named_modules():
        if name in names:
            handles.append(m.register_forward_hook(lambda _m, _i, out, name=name: captured.__setitem__(name, out.detach().clone())))
    with torch.no_grad():
        y = module(*args)
    for h in handles:
        h.remove()
    return y, captured


def make_input(seed, shape, i=0):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed + 7 + i))


def interpolate_case(out, name, seed, in_shape, size, align_corners):
    x = make_input(seed, in_shape)
    with torch.no_grad():
        y = F.interpolate(x, size=size, mode="bilinear", align_corners=align_corners)
    c = Case(out, name, "interpolate", "torch.nn.functional.interpolate(x, size=%s, mode='bilinear', align_corners=%s)"
             % (tuple(size), align_corners))
    c.save("input.npy", "input", x, "input x [N, C, H, W]")
    yv = c.save("output.npy", "output", y, "resized x [N, C, %d, %d]" % tuple(size))
    c.write(seed, {"size": list(size), "align_corners": align_corners}, {"input": in_shape},
            checks(yv, "float32 source positions and weights; torch itself is up to ~2e-6 from a float64 evaluation on unit-variance inputs"),
            "torch/nn/functional.py: interpolate (aten upsample_bilinear2d)")


def aspp_case(out, name, seed, in_ch, rates, out_ch, in_shape):
    aspp = randomise(ASPP(in_ch, rates, out_channels=out_ch), seed)
    x = make_input(seed, in_shape)
    names = ["convs.0", "convs.1", "convs.2", "convs.3", "convs.4", "project"]
    y, tr = run_with_hooks(aspp, (x,), names)
    c = Case(out, name, "ASPP", "torchvision ASPP(in_channels=%d, atrous_rates=%s, out_channels=%d) in eval() mode on a %dx%d map "
             "(every rate larger than the map: the atrous taps read mostly zero padding)" % (in_ch, rates, out_ch, in_shape[2], in_shape[3]))
    c.save("input.npy", "input", x, "input x [N, C, H, W]")
    c.save_params(aspp)
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "ASPP output [N, %d, H, W]" % out_ch)
    c.write(seed, {"in_channels": in_ch, "atrous_rates": rates, "out_channels": out_ch}, {"input": in_shape}, checks(yv),
            "torchvision/models/segmentation/deeplabv3.py: ASPP")


def head_case(out, name, seed, layout, in_ch, low_ch, classes, rates, aspp_out, low_out, out_shape, low_shape):
    decoder_convs, align = (1, False) if layout == "vainf" else (2, True)
    head = randomise(DeepLabHeadV3Plus(in_ch, low_ch, classes, rates, decoder_convs, align, aspp_out, low_out), seed)
    fo, fl = make_input(seed, out_shape, 0), make_input(seed, low_shape, 1)
    names = ["project", "aspp", "classifier"]
    y, tr = run_with_hooks(head, ({"out": fo, "low_level": fl},), names)
    c = Case(out, name, "DeepLabHeadV3Plus", "DeepLabv3+ head (%s layout: %d decoder 3x3 conv(s), align_corners=%s) on "
             "torchvision ASPP(%d, %s, out_channels=%d), low-level projection to %d channels; the ASPP output is resized "
             "from %dx%d to %dx%d (a non-integer ratio)" % (layout, decoder_convs, align, in_ch, rates, aspp_out, low_out,
                                                            out_shape[2], out_shape[3], low_shape[2], low_shape[3]))
    c.save("input_out.npy", "input_out", fo, "features['out'] (layer4) [N, C, H, W]")
    c.save("input_low_level.npy", "input_low_level", fl, "features['low_level'] (layer1) [N, C, H, W]")
    c.save_params(head)
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "logits at low_level's size [N, %d, H, W]" % classes)
    c.write(seed, {"layout": layout, "in_channels": in_ch, "low_level_channels": low_ch, "num_classes": classes,
                   "atrous_rates": rates, "decoder_convs": decoder_convs, "align_corners": align, "aspp_out": aspp_out,
                   "low_out": low_out}, {"input_out": out_shape, "input_low_level": low_shape}, checks(yv),
            "golden-tests/generate/portrait.py: DeepLabHeadV3Plus (VainF network/_deeplab.py) on torchvision ASPP")


MODEL_TRACE = ["backbone.layer1", "backbone.layer2", "backbone.layer3", "backbone.layer4", "classifier.project",
               "classifier.aspp", "classifier"]


def model_case(out, name, seed, arch, os_, layout, classes, in_shape, width_per_group=64, layers=None, aspp_out=256, low_out=48):
    decoder_convs, align = (1, False) if layout == "vainf" else (2, True)
    if arch == "mini":
        resnet = tv_resnet.ResNet(tv_resnet.Bottleneck, layers, width_per_group=width_per_group,
                                  replace_stride_with_dilation=dilation_for(os_))
    else:
        resnet = getattr(tv_resnet, arch)(weights=None, replace_stride_with_dilation=dilation_for(os_))
    model = randomise(build(resnet, os_, classes, decoder_convs, align, aspp_out, low_out), seed)
    x = make_input(seed, in_shape)
    y, tr = run_with_hooks(model, (x,), MODEL_TRACE)
    c = Case(out, name, "deeplabv3plus", "DeepLabv3+ (%s layout) on torchvision %s, output stride %d, %d classes"
             % (layout, arch if arch != "mini" else "ResNet(Bottleneck, %s, width_per_group=%d)" % (layers, width_per_group),
                os_, classes))
    c.save("input.npy", "input", x, "input image [N, 3, H, W]")
    c.save_pth(model)
    for n in MODEL_TRACE:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "logits at the input size [N, %d, H, W]" % classes)
    c.write(seed, {"arch": arch, "layers": layers, "width_per_group": width_per_group, "output_stride": os_, "layout": layout,
                   "num_classes": classes, "decoder_convs": decoder_convs, "align_corners": align, "aspp_out": aspp_out,
                   "low_out": low_out}, {"input": in_shape}, checks(yv),
            "torchvision/models/resnet.py + models/_utils.py + segmentation/deeplabv3.py; decoder in this generator")


def write_keys(out_root):
    """Keys and shapes of the full-size models, in order: names are the contract with VainF checkpoints."""
    doc = {"source": "torchvision %s ResNet + ASPP + IntermediateLayerGetter with the VainF decoder of golden-tests/generate/portrait.py"
                     % torchvision.__version__, "models": {}}
    for arch, layout in [("resnet50", "vainf"), ("resnet50", "tf"), ("resnet101", "vainf")]:
        resnet = getattr(tv_resnet, arch)(weights=None, replace_stride_with_dilation=dilation_for(16))
        m = build(resnet, 16, 21, 1 if layout == "vainf" else 2, layout == "tf")
        doc["models"]["%s_%s" % (arch, layout)] = {
            "parameters": sum(p.numel() for p in m.parameters()),
            "keys": [[k, list(v.shape)] for k, v in m.state_dict().items()]}
    os.makedirs(out_root, exist_ok=True)
    with open(os.path.join(out_root, "structure.json"), "w") as f:
        json.dump(doc, f)
        f.write("\n")


SMALL = [
    lambda o: interpolate_case(o, "interpolate_up_9x11_to_33x41", 4001, (1, 3, 9, 11), (33, 41), False),
    lambda o: interpolate_case(o, "interpolate_up_9x11_to_33x41_corners", 4002, (1, 3, 9, 11), (33, 41), True),
    lambda o: interpolate_case(o, "interpolate_down_13x17_to_5x7", 4003, (2, 2, 13, 17), (5, 7), False),
    lambda o: interpolate_case(o, "interpolate_down_13x17_to_5x7_corners", 4004, (2, 2, 13, 17), (5, 7), True),
    lambda o: aspp_case(o, "aspp_os16", 4011, 16, [6, 12, 18], 8, (1, 16, 9, 11)),
    lambda o: aspp_case(o, "aspp_os8", 4012, 16, [12, 24, 36], 8, (1, 16, 9, 11)),
    lambda o: head_case(o, "head_v3plus_vainf", 4021, "vainf", 16, 12, 3, [6, 12, 18], 8, 6, (1, 16, 9, 11), (1, 12, 33, 41)),
    lambda o: head_case(o, "head_v3plus_tf", 4022, "tf", 16, 12, 3, [6, 12, 18], 8, 6, (1, 16, 9, 11), (1, 12, 33, 41)),
]

FULL = {
    "mini_os16_vainf": lambda o: model_case(o, "mini_os16_vainf", 4101, "mini", 16, "vainf", 3, (1, 3, 65, 81), 16, [1, 1, 1, 1], 32, 12),
    "mini_os8_tf": lambda o: model_case(o, "mini_os8_tf", 4102, "mini", 8, "tf", 3, (1, 3, 65, 81), 16, [1, 1, 1, 1], 32, 12),
    "r50_os16": lambda o: model_case(o, "r50_os16", 4103, "resnet50", 16, "vainf", 21, (1, 3, 129, 129)),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["small", "full"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", help="comma-separated case names of the full set (default: the two mini models; r50_os16 on request)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    if a.set == "small":
        for make in SMALL:
            make(a.out)
        write_keys(a.out)
    else:
        only = a.only.split(",") if a.only else ["mini_os16_vainf", "mini_os8_tf"]
        for n in only:
            FULL[n](a.out)
            print("wrote", os.path.join(a.out, n), file=sys.stderr)


if __name__ == "__main__":
    main()
