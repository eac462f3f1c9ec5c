"""Packs committed golden tensors of chapter 03 into one torch.save checkpoint, as a user's
training-time state_dict would arrive: three blocks under prefixes, int64 num_batches_tracked
counters, and an unrelated layer. No computation: every tensor is copied from
golden-tests/data/reparam/<case>/params/ (made with the official code, see each manifest).

    /usr/bin/python3 golden-tests/generate/reparam_pth.py   # writes cli/src/test/resources/reparam/mixed_train.pth
"""
import collections
import os
import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "golden-tests", "data", "reparam")
OUT = os.path.join(ROOT, "cli", "src", "test", "resources", "reparam", "mixed_train.pth")

BLOCKS = [("backbone.0.", "block_c16_c16_s1_g2"), ("backbone.1.", "dbb_c8_c8_k3_s1_g2"), ("head.acb.", "acb_c8_c8_k3_p1_s1")]


def main():
    sd = collections.OrderedDict()
    for prefix, case in BLOCKS:
        params = os.path.join(DATA, case, "params")
        for name in sorted(os.listdir(params)):
            key = name[:-len(".npy")]
            sd[prefix + key] = torch.from_numpy(np.load(os.path.join(params, name)))
            if key.endswith("running_var"):
                sd[prefix + key[:-len("running_var")] + "num_batches_tracked"] = torch.tensor(100, dtype=torch.int64)
    sd["head.fc.weight"] = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    torch.save(sd, OUT)
    print("wrote", OUT, len(sd), "keys")


if __name__ == "__main__":
    main()
