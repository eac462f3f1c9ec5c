#!/usr/bin/python3
"""Golden tensors for the network of chapter 02 (VGGish), made with PyTorch.

TensorFlow is not available here, so the network of vggish_slim.py (tensorflow/models
research/audioset/vggish, read at commit 09093db7da85c9808bbbce7bc6e26fd1a049e9af) is built in
torch to the same layer spec, in the layout of torchvggish (harritaylor/torchvggish), the
state_dict PyTorch users load:

    features:   Conv2d(1, c1, 3, padding=1), ReLU, MaxPool2d(2, 2),        # conv1, pool1
                Conv2d(c1, c2, 3, padding=1), ReLU, MaxPool2d(2, 2),       # conv2, pool2
                Conv2d(c2, c3, 3, padding=1), ReLU, Conv2d(c3, c3, ...), ReLU, MaxPool2d(2, 2),   # conv3/conv3_1..2
                Conv2d(c3, c4, 3, padding=1), ReLU, Conv2d(c4, c4, ...), ReLU, MaxPool2d(2, 2)    # conv4/conv4_1..2
    flatten:    NCHW -> NHWC (TF's layout) -> (N, 6*4*c4)
    embeddings: Linear(6*4*c4, f), ReLU, Linear(f, f), ReLU, Linear(f, e)   # fc1/fc1_1, fc1/fc1_2, fc2
                (no ReLU after fc2: the current vggish_slim.py has activation_fn=None there)

The same weights are also written as an .npz of TF-Slim variables (vggish/conv1/weights as
(kh, kw, C, K), vggish/fc1/fc1_1/weights as (in, out), ...), the layout a TF checkpoint dump has.

    /usr/bin/python3 golden-tests/generate/vggish.py --set small --out golden-tests/data/vggish
    /usr/bin/python3 golden-tests/generate/vggish.py --set full  --out golden-tests/cache/vggish

`small` writes network_tiny (narrow widths, every traced layer; committed, about 250 KB).
`full` writes network_full with the official widths 64/128/256/512/4096/128 (a 290 MB model.pth,
for the ignored cache). The input is the official front end's output for the shared 16 kHz case
(frontend_16k_mono_2s0/examples.npy), so the patches are real log-mel values.
Every tensor saved is what the torch modules returned; nothing computes an expected value itself.
Running it again gives identical files.
"""
import argparse
import json
import os
import platform

import numpy as np
import torch

FUNCTION = "VGGish network (vggish_slim layer spec, torchvggish state_dict layout)"
CONVENTIONS = ("Each .npy is written by numpy.save: C order, little-endian float32. PyTorch tensors are NCHW; "
               "conv weights are [out_channels, in_channels, kH, kW], linear weights [out, in]. trace/<name>.npy "
               "holds the output of the module with that qualified name (forward hook, cloned); 'flatten' is the "
               "channels-last flattened map fed to embeddings.0.")
TF_SCOPES = [("features.0", "vggish/conv1"), ("features.3", "vggish/conv2"), ("features.6", "vggish/conv3/conv3_1"),
             ("features.8", "vggish/conv3/conv3_2"), ("features.11", "vggish/conv4/conv4_1"),
             ("features.13", "vggish/conv4/conv4_2"), ("embeddings.0", "vggish/fc1/fc1_1"),
             ("embeddings.2", "vggish/fc1/fc1_2"), ("embeddings.4", "vggish/fc2")]


class Flatten(torch.nn.Module):
    """slim.flatten of TF's NHWC map, written as torchvggish does it (two transposes)."""

    def forward(self, x):
        return torch.transpose(torch.transpose(x, 1, 3), 1, 2).contiguous().view(x.size(0), -1)


class VGGish(torch.nn.Module):
    def __init__(self, c1, c2, c3, c4, f, e):
        super().__init__()
        layers, cin = [], 1
        for width, repeat in [(c1, 1), (c2, 1), (c3, 2), (c4, 2)]:
            for _ in range(repeat):
                layers += [torch.nn.Conv2d(cin, width, kernel_size=3, padding=1), torch.nn.ReLU()]
                cin = width
            layers.append(torch.nn.MaxPool2d(kernel_size=2, stride=2))
        self.features = torch.nn.Sequential(*layers)
        self.flatten = Flatten()
        self.embeddings = torch.nn.Sequential(torch.nn.Linear(c4 * 6 * 4, f), torch.nn.ReLU(),
                                              torch.nn.Linear(f, f), torch.nn.ReLU(), torch.nn.Linear(f, e))

    def forward(self, x):
        return self.embeddings(self.flatten(self.features(x)))


def randomise(model, seed):
    """weights ~ N(0, 2/fan_in) (keeps activations O(1) through 8 ReLU layers), biases ~ N(0, 0.1),
    drawn in named_modules() order from torch.Generator().manual_seed(seed)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, m in model.named_modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / fan_in) ** 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
    return model.eval()


def tf_variables(model):
    """The same weights under TF-Slim names: conv (K, C, kh, kw) -> (kh, kw, C, K), linear (out, in) -> (in, out)."""
    sd, out = model.state_dict(), {}
    for torch_name, scope in TF_SCOPES:
        w = sd[torch_name + ".weight"].numpy()
        out[scope + "/weights"] = np.ascontiguousarray(w.transpose(2, 3, 1, 0) if w.ndim == 4 else w.T)
        out[scope + "/biases"] = sd[torch_name + ".bias"].numpy()
    return out


def environment():
    return {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torch_num_threads": torch.get_num_threads(), "note": "Debian 12 package python3-torch; CPU only"}


def make_case(out_root, name, widths, traced, seed, examples_path, batch, description):
    case_dir = os.path.join(out_root, name)
    os.makedirs(os.path.join(case_dir, "trace"), exist_ok=True)
    files = []

    def save(rel, tensor_name, arr, meaning):
        arr = np.ascontiguousarray(np.asarray(arr, dtype=np.float32))
        np.save(os.path.join(case_dir, rel), arr, allow_pickle=False)
        files.append({"file": rel, "name": tensor_name, "shape": list(arr.shape), "dtype": "float32", "meaning": meaning})

    model = randomise(VGGish(*widths), seed)
    x = np.load(examples_path)[:batch]
    save("input.npy", "input", x, "examples (N, 96, 64): the official front end's output for frontend_16k_mono_2s0")

    captured, handles = {}, []
    for n, m in model.named_modules():
        if n in traced:
            handles.append(m.register_forward_hook(lambda _m, _i, o, n=n: captured.__setitem__(n, o.detach().clone())))
    with torch.no_grad():
        y = model(torch.from_numpy(x).unsqueeze(1))     # (N, 1, 96, 64): NCHW with one channel
    for h in handles:
        h.remove()
    for n in traced:
        save("trace/%s.npy" % n, n, captured[n].numpy(), "output of %s (forward hook)" % n)
    save("output.npy", "output", y.numpy(), "the embedding (N, %d), pre-activation (no ReLU after fc2)" % widths[5])

    sd = model.state_dict()
    torch.save(sd, os.path.join(case_dir, "model.pth"))
    files.append({"file": "model.pth", "name": "state_dict", "shape": [len(sd)], "dtype": "pth",
                  "meaning": "torch.save(model.state_dict()): torchvggish keys features.N / embeddings.N (%d keys)" % len(sd)})
    tf = tf_variables(model)
    np.savez(os.path.join(case_dir, "tf_variables.npz"), **tf)
    files.append({"file": "tf_variables.npz", "name": "tf_variables", "dtype": "npz",
                  "meaning": "the same weights as TF-Slim variables of vggish_slim.py: conv (kh, kw, C, K), fc (in, out)",
                  "npz_keys": {k: {"shape": list(v.shape), "dtype": str(v.dtype)} for k, v in tf.items()}})

    c1, c2, c3, c4, f, e = widths
    manifest = {
        "chapter": "vggish",
        "case": name,
        "description": description,
        "conventions": CONVENTIONS,
        "files": files,
        "provenance": {
            "repository": "tensorflow/models (layer spec), harritaylor/torchvggish (state_dict layout)",
            "file": "research/audioset/vggish/vggish_slim.py",
            "commit": "09093db7da85c9808bbbce7bc6e26fd1a049e9af",
            "function": FUNCTION,
            "seed": seed,
            "arguments": {"conv1": c1, "conv2": c2, "conv3": c3, "conv4": c4, "fc1": f, "embedding_size": e,
                          "relu_on_embedding": False, "batch": batch},
            "randomisation": " ".join(randomise.__doc__.split()),
            "generator": "golden-tests/generate/vggish.py",
            "environment": environment(),
        },
        "checks": {"output_abs_max": float(np.abs(y.numpy()).max()),
                   "output_min": float(y.numpy().min())},
        "notes": ["TensorFlow is not available, so the network is torch built to vggish_slim's spec: 3x3 stride-1 SAME "
                  "convs (padding 1), 2x2 stride-2 pools (SAME adds no padding on the even 96x64 -> 6x4 maps), "
                  "a channels-last flatten, fc2 without activation."],
    }
    with open(os.path.join(case_dir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")


def main():
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["small", "full"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--examples", default=os.path.join(os.path.dirname(__file__), "..", "data", "vggish",
                                                       "frontend_16k_mono_2s0", "examples.npy"))
    a = ap.parse_args()
    if a.set == "small":
        make_case(a.out, "network_tiny", (4, 8, 8, 16, 32, 128),
                  ["features.2", "features.5", "features.10", "features.15", "flatten", "embeddings.0", "embeddings.2"],
                  1002, a.examples, 2, "VGGish layer spec with narrow widths (4, 8, 8x2, 16x2, fc 32x2, embedding 128), "
                                       "2 real log-mel examples; every pool output, the flatten and each fc traced.")
    else:
        make_case(a.out, "network_full", (64, 128, 256, 512, 4096, 128), ["features.15", "flatten"], 1001, a.examples, 1,
                  "VGGish with the official widths (64, 128, 256x2, 512x2, fc 4096x2, embedding 128), 1 example.")


if __name__ == "__main__":
    main()
