#!/usr/bin/python3
"""Tiny checkpoints in the two formats people have for chapter 04's segmenter, made with torch.save from
torchvision's own modules, and what torch returns for them (lesson Sec. 1.9).

Run with Debian's Python (python3-torch, python3-torchvision, numpy):

    /usr/bin/python3 golden-tests/generate/portrait_checkpoints.py --out golden-tests/data/portrait

`ckpt_deeplabv3_torchvision_tiny`: torchvision's `DeepLabV3` class (models/segmentation/deeplabv3.py) with
its `IntermediateLayerGetter` backbone ({'layer4': 'out', 'layer3': 'aux'}), a head with the layout of
`DeepLabHead` (ASPP(in, [12, 24, 36]) -> 3x3 conv -> BN -> ReLU -> 1x1) and `FCNHead` as aux_classifier,
output stride 8, 21 classes; saved as a bare state_dict, as torchvision's deeplabv3_resnet50_coco file is.
`ckpt_deeplabv3plus_vainf_tiny`: the DeepLabv3+ of golden-tests/generate/portrait.py (VainF's keys) at
output stride 16, 21 classes, saved the way VainF's main.py save_ckpt does: {"model_state": ..., "optimizer_state":
..., "scheduler_state": ..., "cur_itrs": ..., "best_score": ...}.

The full-size models are 40 M parameters (150 MiB); these keep torchvision's structure and key names but
shrink every width: the ResNet is torchvision's class with each stage's planes divided by 16
(`_make_layer(block, planes // 16, ...)`, 64/128/256/512 -> 4/8/16/32, Bottleneck expansion 4 unchanged),
width_per_group=32, layers [1, 2, 2, 1] (so the dilated stages have a first block that keeps the previous
dilation, torchvision's rule), and the heads are 4 channels wide. Weights and BatchNorm statistics are
re-drawn from a seed (portrait.py's `randomise`); the input is torch.randn with an odd size. Saved: the
checkpoint file, the input, the outputs (`out`, and `aux` for DeepLabV3) and two traced module outputs.
Nothing here computes an expected value itself. Running it again gives identical files.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torchvision.models import resnet as tv_resnet
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.segmentation.deeplabv3 import ASPP, DeepLabV3
from torchvision.models.segmentation.fcn import FCNHead

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portrait  # noqa: E402  (the chapter's generator: DeepLabv3+ builder, randomise, Case, checks)

SHRINK = 16          # every stage's planes / 16: layer1..4 have 4, 8, 16, 32 planes (x4 channels out)
WIDTH_PER_GROUP = 32
LAYERS = [1, 2, 2, 1]
HEAD = 4             # ASPP and head width (256 in torchvision and VainF)
LOW_OUT = 4          # v3+ low-level projection (48 in VainF)
CLASSES = 21         # VOC categories, person = 15
INPUT = (1, 3, 29, 37)


class NarrowResNet(tv_resnet.ResNet):
    """torchvision's ResNet, every stage's planes divided by SHRINK; nothing else changes."""

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        return super()._make_layer(block, planes // SHRINK, blocks, stride, dilate)


def narrow_resnet(os_):
    return NarrowResNet(tv_resnet.Bottleneck, LAYERS, width_per_group=WIDTH_PER_GROUP, replace_stride_with_dilation=portrait.dilation_for(os_))


def save_checkpoint(case, obj, sd, meaning):
    torch.save(obj, os.path.join(case.dir, "model.pth"))
    case.files.append({"file": "model.pth", "name": "checkpoint", "shape": [len(sd)], "dtype": "pth", "meaning": meaning})


def arguments(kind, os_):
    return {"kind": kind, "output_stride": os_, "num_classes": CLASSES, "layers": LAYERS, "width_per_group": WIDTH_PER_GROUP,
            "base_planes": 64 // SHRINK, "head_channels": HEAD, "low_out": LOW_OUT, "resnet": "torchvision ResNet(Bottleneck, %s, "
            "width_per_group=%d) with _make_layer(planes // %d)" % (LAYERS, WIDTH_PER_GROUP, SHRINK)}


def deeplabv3_case(out, seed=4201):
    os_ = 8
    backbone = IntermediateLayerGetter(narrow_resnet(os_), return_layers={"layer4": "out", "layer3": "aux"})
    c4 = 512 // SHRINK * 4
    c3 = 256 // SHRINK * 4
    # the layout of torchvision's DeepLabHead(in_channels, num_classes), whose width is fixed at 256
    classifier = nn.Sequential(ASPP(c4, [12, 24, 36], out_channels=HEAD), nn.Conv2d(HEAD, HEAD, 3, padding=1, bias=False),
                               nn.BatchNorm2d(HEAD), nn.ReLU(), nn.Conv2d(HEAD, CLASSES, 1))
    model = portrait.randomise(DeepLabV3(backbone, classifier, FCNHead(c3, CLASSES)), seed)
    x = portrait.make_input(seed, INPUT)
    names = ["backbone.layer4", "classifier"]
    y, tr = portrait.run_with_hooks(model, (x,), names)
    c = portrait.Case(out, "ckpt_deeplabv3_torchvision_tiny", "deeplabv3_checkpoint",
                      "torchvision DeepLabV3 (IntermediateLayerGetter, DeepLabHead layout, FCNHead aux) on a narrow torchvision "
                      "ResNet, output stride 8, %d classes, saved as a bare state_dict like deeplabv3_resnet50_coco" % CLASSES)
    sd = model.state_dict()
    save_checkpoint(c, sd, sd, "torch.save(model.state_dict()): a bare state_dict (%d keys), torchvision's layout" % len(sd))
    c.save("input.npy", "input", x, "input image [N, 3, H, W]")
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n]["out"] if isinstance(tr[n], dict) else tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y["out"], "model(x)['out']: logits at the input size [N, %d, H, W]" % CLASSES)
    c.save("aux.npy", "aux", y["aux"], "model(x)['aux']: the FCNHead's logits at the input size")
    c.write(seed, arguments("torchvision_deeplabv3", os_), {"input": INPUT}, portrait.checks(yv),
            "torchvision/models/segmentation/deeplabv3.py: DeepLabV3, ASPP; fcn.py: FCNHead; _utils.py: IntermediateLayerGetter")


def deeplabv3plus_case(out, seed=4202):
    os_ = 16
    # portrait.build with the narrow channel counts (it hard-codes ResNet-50's 2048 and 256)
    backbone = IntermediateLayerGetter(narrow_resnet(os_), return_layers={"layer4": "out", "layer1": "low_level"})
    head = portrait.DeepLabHeadV3Plus(512 // SHRINK * 4, 64 // SHRINK * 4, CLASSES, [6, 12, 18], 1, False, HEAD, LOW_OUT)
    model = portrait.randomise(portrait.DeepLabV3Plus(backbone, head, False), seed)
    x = portrait.make_input(seed, INPUT)
    names = ["backbone.layer4", "classifier"]
    y, tr = portrait.run_with_hooks(model, (x,), names)
    c = portrait.Case(out, "ckpt_deeplabv3plus_vainf_tiny", "deeplabv3plus_checkpoint",
                      "DeepLabv3+ (VainF layout, portrait.py's builder on torchvision modules) on a narrow torchvision ResNet, "
                      "output stride 16, %d classes, saved as VainF's save_ckpt does (state_dict under 'model_state')" % CLASSES)
    sd = model.state_dict()
    params = [p for p in model.parameters()]
    ckpt = {"cur_itrs": 30000, "model_state": sd,
            "optimizer_state": {"state": {}, "param_groups": [{"lr": 0.01, "momentum": 0.9, "weight_decay": 1e-4,
                                                                "params": list(range(len(params)))}]},
            "scheduler_state": {"last_epoch": 30000}, "best_score": 0.7712}
    save_checkpoint(c, ckpt, sd, "torch.save({'model_state': state_dict, 'optimizer_state', 'scheduler_state', 'cur_itrs', "
                                 "'best_score'}): VainF main.py save_ckpt's layout (%d model keys)" % len(sd))
    c.save("input.npy", "input", x, "input image [N, 3, H, W]")
    for n in names:
        c.save("trace/%s.npy" % n, n, tr[n], "output of %s" % n)
    yv = c.save("output.npy", "output", y, "logits at the input size [N, %d, H, W]" % CLASSES)
    c.write(seed, arguments("vainf_deeplabv3plus", os_), {"input": INPUT}, portrait.checks(yv),
            "golden-tests/generate/portrait.py: build (VainF layout) on torchvision ResNet, ASPP, IntermediateLayerGetter")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="golden-tests/data/portrait")
    a = ap.parse_args()
    torch.set_num_threads(1)
    deeplabv3_case(a.out)
    deeplabv3plus_case(a.out)


if __name__ == "__main__":
    main()
