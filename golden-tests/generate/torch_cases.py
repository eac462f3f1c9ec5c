"""What the torch-based golden generators (resnet.py, portrait.py) share: the seeded randomisation
of weights and BatchNorm statistics, the environment record, and a case folder that saves float32
.npy files, parameters and a .pth, and writes its manifest. Each generator keeps its own manifest
fields (chapter, provenance) in a subclass's write()."""
import json
import os
import platform

import numpy as np
import torch
import torchvision


def randomise(module, seed):
    """conv/linear weights ~ N(0, 1/fan_in), biases ~ N(0, 0.1); BN weight ~ U(0.5, 1.5),
    bias ~ N(0, 0.2), running_mean ~ N(0, 0.3), running_var ~ U(0.4, 2.0); modules visited in
    named_modules() order."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, m in module.named_modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (1.0 / fan_in) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
            elif isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.3)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) * 1.6 + 0.4)
    return module.eval()


RANDOMISATION = " ".join(randomise.__doc__.split())


def environment():
    return {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torchvision": torchvision.__version__, "torch_num_threads": torch.get_num_threads(),
            "note": "Debian 12 packages python3-torch / python3-torchvision; CPU only"}


class TorchCase:
    def __init__(self, out_root, name, function, description):
        self.dir = os.path.join(out_root, name)
        self.name, self.function, self.description = name, function, description
        self.files = []
        os.makedirs(self.dir, exist_ok=True)

    def save(self, rel, name, tensor, meaning):
        arr = tensor.detach().cpu().numpy().astype(np.float32)
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        np.save(path, np.ascontiguousarray(arr), allow_pickle=False)
        self.files.append({"file": rel, "name": name, "shape": list(arr.shape), "dtype": "float32", "meaning": meaning})
        return arr

    def save_params(self, module):
        for key, t in module.state_dict().items():
            if not key.endswith("num_batches_tracked"):
                self.save("params/%s.npy" % key, key, t, 'state_dict["%s"]' % key)

    def save_pth(self, module):
        sd = module.state_dict()
        torch.save(sd, os.path.join(self.dir, "model.pth"))
        self.files.append({"file": "model.pth", "name": "state_dict", "shape": [len(sd)], "dtype": "pth",
                           "meaning": "torch.save(model.state_dict()) of the randomised model (zip format, %d keys)" % len(sd)})

    def dump(self, manifest):
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
