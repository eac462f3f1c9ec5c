#!/usr/bin/python3
"""Golden tensors for chapter 05 (SSD), made by running torchvision's own detection/ssd.py.

Run with Debian's Python (python3-torch, python3-torchvision, numpy):

    /usr/bin/python3 golden-tests/generate/ssd.py --set small --out golden-tests/data/ssd
    /usr/bin/python3 golden-tests/generate/ssd.py --set full  --out golden-tests/cache/ssd

`small` writes the committed cases (a few hundred KB in all): SSD300's 8732 anchors, anchors of
other DefaultBoxGenerator settings, SSDHead on small feature maps with few classes, the L2Norm of
conv4_3, SSD.compute_loss on fixed targets (an image without boxes included), and
SSD.postprocess_detections; plus torchvision's state_dict keys of ssd300_vgg16 and of an SSD on the
highres (SSD512) extractor (ssd_keys/).
`full` writes ssd300_vgg16 with seeded weights as a .pth and its feature maps, head outputs,
anchors and detections on a 300x300 input and an odd-sized one, and compute_loss over SSD300's 8732 anchors
with 21 classes, into an ignored cache.
Nothing here computes an expected value itself: every tensor saved is what torchvision returned.
Integer results (labels, matched indices) are saved as float32 so every file reads the same way.
Running it again gives identical files.
"""
import argparse
import json
import os
import platform
import sys

import numpy as np
import torch
import torchvision
from torchvision.models.detection import ssd as tv_ssd
from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import boxes as box_ops

CONVENTIONS = ("Each .npy is written by numpy.save: C order, little-endian float32. Boxes are [x1, y1, x2, y2] in "
               "pixels of the image the network sees. Head outputs are torchvision's: bbox_regression [N, sum(HWA), 4], "
               "cls_logits [N, sum(HWA), num_classes], rows ordered level by level, then y, x, anchor. params/<key>.npy "
               "holds state_dict[key]. Labels and indices are stored as float32.")

SSD300_ASPECT_RATIOS = [[2], [2, 3], [2, 3], [2, 3], [2], [2]]
SSD300_SCALES = [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05]
SSD300_STEPS = [8, 16, 32, 64, 100, 300]
SSD300_GRIDS = [38, 19, 10, 5, 3, 1]


def environment():
    return {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torchvision": torchvision.__version__, "torch_num_threads": torch.get_num_threads(),
            "note": "Debian 12 packages python3-torch / python3-torchvision; CPU only"}


class Case:
    def __init__(self, out_root, name, function, description):
        self.dir = os.path.join(out_root, name)
        self.name, self.function, self.description = name, function, description
        self.files = []
        os.makedirs(self.dir, exist_ok=True)

    def save(self, rel, name, tensor, meaning):
        if isinstance(tensor, torch.Tensor):
            tensor = tensor.detach().cpu().numpy()
        arr = np.asarray(tensor).astype(np.float32)
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        np.save(path, np.ascontiguousarray(arr), allow_pickle=False)
        self.files.append({"file": rel, "name": name, "shape": list(arr.shape), "dtype": "float32", "meaning": meaning})
        return arr

    def save_params(self, module, prefix=""):
        for key, t in module.state_dict().items():
            self.save("params/%s%s.npy" % (prefix, key), prefix + key, t, 'state_dict["%s"]' % key)

    def save_pth(self, module):
        sd = {k: v for k, v in module.state_dict().items()}
        torch.save(sd, os.path.join(self.dir, "model.pth"))
        self.files.append({"file": "model.pth", "name": "state_dict", "shape": [len(sd)], "dtype": "pth",
                           "meaning": "torch.save(model.state_dict()) of the seeded model (zip format, %d keys)" % len(sd)})

    def write(self, seed, function_file, arguments, checks, notes):
        manifest = {
            "chapter": "ssd",
            "case": self.name,
            "description": self.description,
            "conventions": CONVENTIONS,
            "files": self.files,
            "provenance": {
                "repository": "pytorch/vision",
                "version": torchvision.__version__,
                "file": function_file,
                "function": self.function,
                "seed": seed,
                "arguments": arguments,
                "generator": "golden-tests/generate/ssd.py",
                "environment": environment(),
            },
            "checks": checks,
            "notes": notes,
        }
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")


def tol(why, atol=1e-4, rtol=0.0, scale="max(1, max|ref|)"):
    return {"tolerance": {"atol": atol, "rtol": rtol, "scale": scale, "why": why}}


def gen(seed):
    return torch.Generator().manual_seed(seed)


def anchors_of(generator, image_hw, grids, channels=1):
    """Runs DefaultBoxGenerator.forward on an ImageList of one image and dummy feature maps."""
    images = ImageList(torch.zeros(1, 3, image_hw[0], image_hw[1]), [tuple(image_hw)])
    feats = [torch.zeros(1, channels, g[0], g[1]) for g in grids]
    with torch.no_grad():
        return generator(images, feats)[0]


def anchors_case(out, name, image_hw, grids, aspect_ratios, scales=None, steps=None, clip=True,
                 min_ratio=0.15, max_ratio=0.9):
    kwargs = {"min_ratio": min_ratio, "max_ratio": max_ratio, "clip": clip}
    if scales is not None:
        kwargs["scales"] = scales
    if steps is not None:
        kwargs["steps"] = steps
    g = DefaultBoxGenerator(aspect_ratios, **kwargs)
    a = anchors_of(g, image_hw, grids)
    c = Case(out, name, "DefaultBoxGenerator", "torchvision DefaultBoxGenerator(%s) on an image %dx%d (HxW) with "
             "feature maps %s; anchors as SSD.forward receives them (xyxy, pixels)" % (
                 ", ".join("%s=%s" % kv for kv in [("aspect_ratios", aspect_ratios)] + sorted(kwargs.items())),
                 image_hw[0], image_hw[1], grids))
    c.save("anchors.npy", "anchors", a, "DefaultBoxGenerator(...)(images, features)[0]: [sum(H*W*A), 4] xyxy in pixels")
    c.save("scales.npy", "scales", torch.tensor(g.scales, dtype=torch.float64), "DefaultBoxGenerator.scales (s_k, then s_{m+1})")
    args = {"aspect_ratios": aspect_ratios, "scales": scales, "steps": steps, "clip": clip, "min_ratio": min_ratio,
            "max_ratio": max_ratio, "image_size": list(image_hw), "grid_sizes": [list(x) for x in grids]}
    c.write(0, "torchvision/models/detection/anchor_utils.py", args,
            tol("float32 arithmetic of the same formula; a wrong order or offset is off by whole pixels", atol=1e-4),
            "num_anchors_per_location = %s" % g.num_anchors_per_location())


def head_case(out, name, seed, in_channels, aspect_ratios, num_classes, grids, batch):
    num_anchors = [2 + 2 * len(r) for r in aspect_ratios]
    head = tv_ssd.SSDHead(in_channels, num_anchors, num_classes)
    g = gen(seed)
    with torch.no_grad():
        for m in head.modules():
            if isinstance(m, torch.nn.Conv2d):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / m.weight[0].numel()) ** 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
        feats = [torch.randn((batch, ch, gr[0], gr[1]), generator=g) for ch, gr in zip(in_channels, grids)]
        y = head(feats)
    c = Case(out, name, "SSDHead", "torchvision SSDHead(in_channels=%s, num_anchors=%s, num_classes=%d) on random "
             "feature maps of sizes %s: the permute (N, A*K, H, W) -> (N, HWA, K) and concat order" % (
                 in_channels, num_anchors, num_classes, grids))
    for i, f in enumerate(feats):
        c.save("features/%d.npy" % i, "features.%d" % i, f, "input feature map %d [N, C, H, W]" % i)
    c.save_params(head)
    c.save("bbox_regression.npy", "bbox_regression", y["bbox_regression"], "head(x)['bbox_regression'] [N, sum(HWA), 4]")
    yv = c.save("cls_logits.npy", "cls_logits", y["cls_logits"], "head(x)['cls_logits'] [N, sum(HWA), num_classes]")
    c.write(seed, "torchvision/models/detection/ssd.py",
            {"in_channels": in_channels, "num_anchors": num_anchors, "num_classes": num_classes,
             "grid_sizes": [list(x) for x in grids], "batch": batch},
            tol("float32 3x3 convolutions, summation order differs from PyTorch's"), "max|cls_logits| = %.3f" % np.abs(yv).max())


def l2norm_case(out, name, seed, shape):
    """The rescaled conv4_3 of SSDFeatureExtractorVGG.forward: scale_weight.view(1,-1,1,1) * F.normalize(x)."""
    g = gen(seed)
    x = torch.randn(shape, generator=g) * 3.0
    x[0, :, 0, 0] = 0.0          # a location where every channel is 0: normalize divides by eps, not by 0
    scale = torch.rand(shape[1], generator=g) * 20 + 10
    with torch.no_grad():
        y = scale.view(1, -1, 1, 1) * torch.nn.functional.normalize(x)
    c = Case(out, name, "L2Norm", "SSDFeatureExtractorVGG's rescaled conv4_3: scale_weight.view(1, -1, 1, 1) * "
             "F.normalize(x) (p=2 over channels, eps=1e-12), with a random scale_weight and one all-zero location")
    c.save("input.npy", "input", x, "conv4_3 output stand-in [N, C, H, W]")
    c.save("params/scale_weight.npy", "scale_weight", scale, "SSDFeatureExtractorVGG.scale_weight [C]")
    c.save("output.npy", "output", y, "scale_weight * F.normalize(x)")
    c.write(seed, "torchvision/models/detection/ssd.py", {"channels": shape[1]},
            tol("a sum of C squares and one division per element"), "")


def detector(num_classes, aspect_ratios, steps, scales, size, **kwargs):
    """An SSD whose backbone is never called: compute_loss and postprocess_detections only need the
    box coder, the matcher and the thresholds."""
    backbone = torch.nn.Identity()
    backbone.out_channels = [1] * len(aspect_ratios)
    anchor_gen = DefaultBoxGenerator(aspect_ratios, scales=scales, steps=steps)
    return tv_ssd.SSD(backbone, anchor_gen, size, num_classes, **kwargs).eval()


SMALL_AR = [[2], [2, 3], [2]]
SMALL_STEPS = [16, 32, 96]
SMALL_SCALES = [0.2, 0.45, 0.7, 0.95]
SMALL_GRIDS = [(6, 6), (3, 3), (1, 1)]
SMALL_IMAGE = (96, 96)


def targets_for(seed):
    """Fixed targets: image 0 has three boxes (two overlapping, one small), image 1 has none."""
    boxes0 = torch.tensor([[10.0, 12.0, 50.0, 60.0], [30.0, 25.0, 90.0, 80.0], [70.0, 5.0, 82.0, 20.0]])
    labels0 = torch.tensor([1, 3, 2], dtype=torch.int64)
    empty = torch.zeros((0, 4))
    return [{"boxes": boxes0, "labels": labels0}, {"boxes": empty, "labels": torch.zeros((0,), dtype=torch.int64)}]


def targets_ssd300():
    """Targets on 300x300: image 0 holds a whole-image box, a centred box (symmetric, so several default boxes tie
    for its best overlap), a box sticking out of the image and two boxes wanting the same default box; image 1 a
    single small box."""
    boxes0 = torch.tensor([[0.0, 0.0, 300.0, 300.0], [100.0, 100.0, 200.0, 200.0], [250.0, 240.0, 330.0, 320.0],
                           [40.0, 40.0, 80.0, 80.0], [42.0, 44.0, 82.0, 86.0]])
    labels0 = torch.tensor([5, 12, 7, 3, 9], dtype=torch.int64)
    boxes1 = torch.tensor([[140.0, 20.0, 160.0, 44.0]])
    return [{"boxes": boxes0, "labels": labels0}, {"boxes": boxes1, "labels": torch.tensor([20], dtype=torch.int64)}]


def loss_case(out, name, seed, num_classes, ratios=SMALL_AR, steps=SMALL_STEPS, scales=SMALL_SCALES, image=SMALL_IMAGE,
              grids=SMALL_GRIDS, targets_of=None):
    model = detector(num_classes, ratios, steps, scales, image)
    anchors = anchors_of(model.anchor_generator, image, grids)
    num_a = anchors.shape[0]
    g = gen(seed)
    batch = 2
    bbox_regression = torch.randn((batch, num_a, 4), generator=g)
    cls_logits = torch.randn((batch, num_a, num_classes), generator=g) * 2
    targets = targets_for(seed) if targets_of is None else targets_of()
    matched = []
    for t in targets:
        if t["boxes"].numel() == 0:
            matched.append(torch.full((num_a,), -1, dtype=torch.int64))
        else:
            matched.append(model.proposal_matcher(box_ops.box_iou(t["boxes"], anchors)))
    with torch.no_grad():
        losses = model.compute_loss(targets, {"bbox_regression": bbox_regression, "cls_logits": cls_logits},
                                    [anchors] * batch, matched)
    c = Case(out, name, "compute_loss", "torchvision SSD.compute_loss (iou_thresh 0.5 SSDMatcher, BoxCoder weights "
             "(10, 10, 5, 5), 3:1 hard negative mining) on random head outputs over %d anchors, %d classes; %s" % (
                 num_a, num_classes, " ".join((targets_of or targets_for).__doc__.split())))
    c.save("anchors.npy", "anchors", anchors, "anchors of DefaultBoxGenerator(%s, scales=%s, steps=%s) on %s" % (
        ratios, scales, steps, image))
    c.save("bbox_regression.npy", "bbox_regression", bbox_regression, "head output [N, A, 4] (random)")
    c.save("cls_logits.npy", "cls_logits", cls_logits, "head output [N, A, num_classes] (random)")
    c.save("targets/boxes0.npy", "targets.boxes0", targets[0]["boxes"], "ground-truth boxes of image 0, xyxy pixels")
    c.save("targets/labels0.npy", "targets.labels0", targets[0]["labels"], "labels of image 0")
    c.save("targets/boxes1.npy", "targets.boxes1", targets[1]["boxes"].reshape(-1, 4), "ground-truth boxes of image 1, xyxy pixels")
    c.save("targets/labels1.npy", "targets.labels1", targets[1]["labels"], "labels of image 1")
    for i, m in enumerate(matched):
        c.save("matched_idxs%d.npy" % i, "matched_idxs%d" % i, m, "SSDMatcher(0.5)(box_iou(gt, anchors)) of image %d "
               "(-1 background, -2 never happens at equal thresholds)" % i)
    c.save("loss_bbox_regression.npy", "loss.bbox_regression", losses["bbox_regression"].reshape(1),
           "compute_loss(...)['bbox_regression']")
    c.save("loss_classification.npy", "loss.classification", losses["classification"].reshape(1),
           "compute_loss(...)['classification']")
    c.write(seed, "torchvision/models/detection/ssd.py",
            {"num_classes": num_classes, "aspect_ratios": ratios, "scales": scales, "steps": steps,
             "grid_sizes": [list(x) for x in grids], "image_size": list(image), "iou_thresh": 0.5,
             "neg_to_pos_ratio": model.neg_to_pos_ratio, "batch": batch},
            tol("sums of a few hundred float32 terms; the issue asks 1e-4 relative", atol=0.0, rtol=1e-4, scale="1"),
            "Losses are divided by max(1, number of matched anchors over the batch).")


def postprocess_case(out, name, seed, num_classes, score_thresh, nms_thresh, topk, keep):
    model = detector(num_classes, SMALL_AR, SMALL_STEPS, SMALL_SCALES, SMALL_IMAGE, score_thresh=score_thresh,
                     nms_thresh=nms_thresh, topk_candidates=topk, detections_per_img=keep)
    anchors = anchors_of(model.anchor_generator, SMALL_IMAGE, SMALL_GRIDS)
    num_a = anchors.shape[0]
    g = gen(seed)
    batch = 2
    bbox_regression = torch.randn((batch, num_a, 4), generator=g) * 0.5
    cls_logits = torch.randn((batch, num_a, num_classes), generator=g) * 2.5
    with torch.no_grad():
        dets = model.postprocess_detections({"bbox_regression": bbox_regression, "cls_logits": cls_logits},
                                            [anchors] * batch, [SMALL_IMAGE] * batch)
    c = Case(out, name, "postprocess_detections", "torchvision SSD.postprocess_detections: decode with BoxCoder "
             "(10, 10, 5, 5), clip to the image, per class score > %g, top %d, batched NMS at %g, keep %d" % (
                 score_thresh, topk, nms_thresh, keep))
    c.save("anchors.npy", "anchors", anchors, "anchors (xyxy pixels)")
    c.save("bbox_regression.npy", "bbox_regression", bbox_regression, "head output [N, A, 4] (random)")
    c.save("cls_logits.npy", "cls_logits", cls_logits, "head output [N, A, num_classes] (random)")
    for i, d in enumerate(dets):
        d = sorted_detections(d)
        c.save("detections/boxes%d.npy" % i, "detections.boxes%d" % i, d["boxes"].reshape(-1, 4), "boxes of image %d" % i)
        c.save("detections/scores%d.npy" % i, "detections.scores%d" % i, d["scores"], "scores of image %d" % i)
        c.save("detections/labels%d.npy" % i, "detections.labels%d" % i, d["labels"], "labels of image %d" % i)
    c.write(seed, "torchvision/models/detection/ssd.py",
            {"num_classes": num_classes, "aspect_ratios": SMALL_AR, "scales": SMALL_SCALES, "steps": SMALL_STEPS,
             "grid_sizes": [list(x) for x in SMALL_GRIDS], "image_size": list(SMALL_IMAGE), "score_thresh": score_thresh,
             "nms_thresh": nms_thresh, "topk_candidates": topk, "detections_per_img": keep, "batch": batch},
            tol("softmax, exp and a few float32 products per box; compared after sorting by (label, score)"),
            "Detections are compared as a set: sorted by label, then score descending.")


def sorted_detections(d):
    """torchvision's detections reordered by (label ascending, score descending): the same set, in an order both
    sides can reproduce (batched NMS may order equal scores of different classes either way)."""
    labels, scores = d["labels"].numpy(), d["scores"].numpy()
    order = torch.as_tensor(np.lexsort((-scores, labels)), dtype=torch.int64)
    return {k: v[order] for k, v in d.items()}


def write_keys(out_root):
    keys_dir = os.path.join(os.path.dirname(os.path.abspath(out_root)), "ssd_keys")
    os.makedirs(keys_dir, exist_ok=True)
    for num_classes in (91, 21):
        sd = tv_ssd.ssd300_vgg16(weights=None, weights_backbone=None, num_classes=num_classes).state_dict()
        doc = {"source": "torchvision %s models.detection.ssd300_vgg16(weights=None, weights_backbone=None, num_classes=%d)"
                         ".state_dict()" % (torchvision.__version__, num_classes),
               "keys": [[k, list(v.shape)] for k, v in sd.items()]}
        with open(os.path.join(keys_dir, "ssd300_vgg16_%d.json" % num_classes), "w") as f:
            json.dump(doc, f)
            f.write("\n")
    # SSD512: torchvision 0.14 has no builder, but SSDFeatureExtractorVGG(highres=True) is its backbone
    backbone = tv_ssd._vgg_extractor(torchvision.models.vgg16(weights=None), True, 5)
    anchors512 = DefaultBoxGenerator([[2], [2, 3], [2, 3], [2, 3], [2, 3], [2], [2]], steps=[8, 16, 32, 64, 128, 256, 512])
    backbone.out_channels = [512, 1024, 512, 256, 256, 256, 256]
    sd = tv_ssd.SSD(backbone, anchors512, (512, 512), 21).state_dict()
    doc = {"source": "torchvision %s SSD(_vgg_extractor(vgg16(), highres=True, 5), DefaultBoxGenerator(7 levels), (512, 512), 21)"
                     ".state_dict()" % torchvision.__version__,
           "keys": [[k, list(v.shape)] for k, v in sd.items()]}
    with open(os.path.join(keys_dir, "ssd512_vgg16_highres_21.json"), "w") as f:
        json.dump(doc, f)
        f.write("\n")


HEAD_GAIN = {"head.classification_head": 1.0 / 40, "head.regression_head": 1.0 / 200}


def randomise(model, seed):
    """conv weights ~ N(0, 2/fan_in) (He: keeps the scale through 15 ReLU layers), biases ~ N(0, 0.1),
    scale_weight ~ U(10, 30); the classification head's weights are then multiplied by 1/40 and the regression
    head's by 1/200, so that on 0..255 pixels the logits are a few units (softmax not saturated: distinct scores)
    and the offsets well below exp's clamp; modules visited in named_modules() order."""
    g = gen(seed)
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, torch.nn.Conv2d):
                gain = next((v for k, v in HEAD_GAIN.items() if name.startswith(k)), 1.0)
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / m.weight[0].numel()) ** 0.5 * gain)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
        model.backbone.scale_weight.copy_(torch.rand(512, generator=g) * 20 + 10)
    return model.eval()


def full_case(out, name, seed, num_classes):
    model = randomise(tv_ssd.ssd300_vgg16(weights=None, weights_backbone=None, num_classes=num_classes), seed)
    g = gen(seed + 7)
    image = torch.rand((3, 300, 300), generator=g)
    captured = {}
    model.backbone.register_forward_hook(lambda _m, _i, o: captured.__setitem__("features", o))
    model.head.register_forward_hook(lambda _m, _i, o: captured.__setitem__("head", o))
    with torch.no_grad():
        transformed, _ = model.transform([image])
        dets = sorted_detections(model([image])[0])
        anchors = model.anchor_generator(transformed, list(captured["features"].values()))[0]
    c = Case(out, name, "ssd300_vgg16", "torchvision ssd300_vgg16(weights=None, weights_backbone=None, num_classes=%d) "
             "with seeded weights; one 300x300 image in [0, 1]" % num_classes)
    c.save("image.npy", "image", image, "the image [3, H, W] in [0, 1] as passed to model([image])")
    c.save("input.npy", "input", transformed.tensors, "model.transform output: (image - mean) / std, [1, 3, 300, 300]")
    c.save_pth(model)
    for k, v in captured["features"].items():
        c.save("features/%s.npy" % k, "features.%s" % k, v, "backbone(x)['%s']" % k)
    c.save("bbox_regression.npy", "bbox_regression", captured["head"]["bbox_regression"], "head output")
    c.save("cls_logits.npy", "cls_logits", captured["head"]["cls_logits"], "head output")
    c.save("anchors.npy", "anchors", anchors, "anchor_generator(images, features)[0] (xyxy pixels)")
    c.save("detections/boxes0.npy", "detections.boxes0", dets["boxes"].reshape(-1, 4), "model([image])[0]['boxes']")
    c.save("detections/scores0.npy", "detections.scores0", dets["scores"], "model([image])[0]['scores']")
    c.save("detections/labels0.npy", "detections.labels0", dets["labels"], "model([image])[0]['labels']")
    # a second image of odd size, as 8-bit pixels (what a PNG holds): exercises the resize to 300x300 and the
    # scaling of the detections back to the image (GeneralizedRCNNTransform.resize / .postprocess)
    pixels = (torch.rand((3, 241, 319), generator=g) * 255).round().to(torch.uint8)
    torchvision.io.write_png(pixels, os.path.join(c.dir, "image_241x319.png"), compression_level=6)
    c.files.append({"file": "image_241x319.png", "name": "image_241x319.png", "shape": [241, 319, 3], "dtype": "png",
                    "meaning": "the same pixels as image_241x319.npy, as an 8-bit RGB PNG"})
    image2 = pixels.to(torch.float32) / 255
    with torch.no_grad():
        dets2 = sorted_detections(model([image2])[0])
        transformed2, _ = model.transform([image2])
    c.save("image_241x319.npy", "image_241x319", image2, "an odd-sized image [3, 241, 319], values k/255")
    c.save("input_241x319.npy", "input_241x319", transformed2.tensors, "model.transform output: normalised, resized to 300x300")
    c.save("detections_241x319/boxes0.npy", "detections_241x319.boxes0", dets2["boxes"].reshape(-1, 4),
           "model([image])[0]['boxes'], in the 241x319 image's pixels")
    c.save("detections_241x319/scores0.npy", "detections_241x319.scores0", dets2["scores"], "scores")
    c.save("detections_241x319/labels0.npy", "detections_241x319.labels0", dets2["labels"], "labels")
    c.write(seed, "torchvision/models/detection/ssd.py", {"arch": "ssd300_vgg16", "num_classes": num_classes,
                                                          "distinct_scores": int(np.unique(dets["scores"].numpy()).size)},
            tol("float32 VGG16 with 3x3x512 and 3x3x1024 reductions; summation order differs from PyTorch's"),
            " ".join(randomise.__doc__.split()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["small", "full"], required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    if a.set == "small":
        o = a.out
        anchors_case(o, "anchors_ssd300", (300, 300), [(s, s) for s in SSD300_GRIDS], SSD300_ASPECT_RATIOS,
                     scales=SSD300_SCALES, steps=SSD300_STEPS)
        anchors_case(o, "anchors_ratio_formula_noclip", (90, 120), [(6, 8), (3, 4), (2, 2), (1, 1)],
                     [[2], [2, 3], [3], [2]], steps=[15, 30, 45, 90], clip=False, min_ratio=0.2, max_ratio=0.95)
        anchors_case(o, "anchors_no_steps", (64, 80), [(8, 10), (4, 5), (1, 1)], [[2, 3], [2], [3]])
        head_case(o, "head_3_levels_c4", 501, [6, 8, 5], SMALL_AR, 4, SMALL_GRIDS, 2)
        head_case(o, "head_ssd300_grids_c3", 502, [4, 4, 4, 4, 4, 4], SSD300_ASPECT_RATIOS, 3,
                  [(7, 9), (5, 5), (3, 4), (2, 3), (2, 2), (1, 1)], 1)
        l2norm_case(o, "l2norm_conv4_3", 503, (1, 16, 5, 7))
        loss_case(o, "compute_loss_c5", 504, 5)
        postprocess_case(o, "postprocess_c4", 505, 4, 0.01, 0.45, 400, 200)
        postprocess_case(o, "postprocess_c6_top20_keep15", 506, 6, 0.05, 0.3, 20, 15)
        write_keys(o)
    else:
        full_case(a.out, "ssd300_vgg16_c21", 601, 21)
        loss_case(a.out, "compute_loss_ssd300_c21", 602, 21, ratios=SSD300_ASPECT_RATIOS, steps=SSD300_STEPS,
                  scales=SSD300_SCALES, image=(300, 300), grids=[(k, k) for k in SSD300_GRIDS], targets_of=targets_ssd300)
        print("wrote", os.path.join(a.out, "ssd300_vgg16_c21"), file=sys.stderr)


if __name__ == "__main__":
    main()
