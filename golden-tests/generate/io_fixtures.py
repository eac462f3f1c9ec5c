#!/usr/bin/python3
"""
Fixture generator for the checkpoint/array readers in naive/src/main/java/workbench/io/.

Writes small files into naive/src/test/resources/io/ with NumPy and PyTorch themselves, so the
Java tests compare against what those libraries wrote and read back, never against numbers typed
into a test:
  npy_*.npy            np.save / numpy.lib.format.write_array in each dtype and header version
  npz_*.npz            np.savez and np.savez_compressed (entry order chosen to be unsorted)
  st_*.safetensors     written by hand with struct + json (spec: huggingface/safetensors README),
                       because no safetensors package is installed here
  pth_*.pth            torch.save (zip format), plus one legacy-format file
  bad_*.pth            hand-made zips whose pickle must be rejected or skipped without running code
  expected.json        for every fixture: shapes, dtypes, key order, and the values as NumPy/torch
                       see them, converted to float32 (fp16/bf16 via torch's .float()) and listed
                       row-major; integer tensors also list their exact integer values

Run with Debian's interpreter (it has numpy 1.24 and torch 1.13):
    /usr/bin/python3 golden-tests/generate/io_fixtures.py
It deliberately does not write anything large: every file stays well under 20 KB.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "naive", "src", "test", "resources", "io")
os.makedirs(OUT, exist_ok=True)

expected = collections.OrderedDict()
expected["_provenance"] = {
    "generator": "golden-tests/generate/io_fixtures.py",
    "numpy": np.__version__,
    "torch": torch.__version__,
    "seed": 1234,
}
rng = np.random.default_rng(1234)
torch.manual_seed(1234)


def path(name):
    return os.path.join(OUT, name)


def values_of(array):
    """Row-major float32 values as JSON numbers (a float32 is exact as a JSON double)."""
    flat = np.ascontiguousarray(array, dtype=np.float32).reshape(-1)
    return [float(v) for v in flat]


def describe_numpy(array, descr):
    entry = {"descr": descr, "shape": list(array.shape), "values": values_of(array)}
    if array.dtype.kind in "biu":
        entry["integers"] = [int(v) for v in np.asarray(array).reshape(-1)]
    return entry


def describe_torch(t):
    entry = {
        "dtype": str(t.dtype).replace("torch.", ""),
        "shape": list(t.shape),
        "values": values_of(t.detach().float().contiguous().numpy()),
    }
    if not t.dtype.is_floating_point:
        entry["integers"] = [int(v) for v in t.detach().reshape(-1).tolist()]
    return entry


# ---------------------------------------------------------------- .npy
def save_npy(name, array, version=None):
    with open(path(name), "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            np.lib.format.write_array(f, array, version=version)
    expected[name] = describe_numpy(array, array.dtype.str)


base = rng.standard_normal((2, 3, 4)).astype(np.float32)
save_npy("npy_f4_v1.npy", base)
save_npy("npy_f4_v2.npy", base, version=(2, 0))
save_npy("npy_f4_v3.npy", base, version=(3, 0))
save_npy("npy_f8.npy", rng.standard_normal((3, 5)).astype(np.float64) * 1e3)
save_npy("npy_f2.npy", rng.standard_normal((7,)).astype(np.float16))
save_npy("npy_i1.npy", rng.integers(-128, 128, size=(4, 4)).astype(np.int8))
save_npy("npy_u1.npy", rng.integers(0, 256, size=(3, 4, 3)).astype(np.uint8))
save_npy("npy_i2.npy", rng.integers(-32768, 32768, size=(2, 5)).astype(np.int16))
save_npy("npy_i4.npy", rng.integers(-2**31, 2**31, size=(6,)).astype(np.int32))
# int64 values beyond 2^24 show that the exact integers survive next to the rounded floats
save_npy("npy_i8.npy", np.array([[0, -1, 2**40 + 1], [123456789012, -(2**62), 7]], dtype=np.int64))
save_npy("npy_b1.npy", np.array([True, False, False, True, True]))
save_npy("npy_f4_big_endian.npy", base.astype(">f4"))
save_npy("npy_i8_big_endian.npy", np.array([1, -2, 3 * 2**33], dtype=">i8"))
save_npy("npy_scalar.npy", np.array(3.25, dtype=np.float32))
save_npy("npy_zero_size.npy", np.zeros((0, 96, 64), dtype=np.float32))

fortran = np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))
np.save(path("npy_fortran.npy"), fortran)
np.save(path("npy_object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)

# ---------------------------------------------------------------- .npz
npz_arrays = collections.OrderedDict([
    ("zeta", rng.standard_normal((3, 2)).astype(np.float32)),
    ("alpha", rng.integers(0, 256, size=(5,)).astype(np.uint8)),
    ("mid/inner", np.array(-1.5, dtype=np.float32)),
])
for name, writer in (("npz_plain.npz", np.savez), ("npz_compressed.npz", np.savez_compressed)):
    with open(path(name), "wb") as f:
        writer(f, **npz_arrays)
    expected[name] = {
        "keys": list(npz_arrays),
        "arrays": {k: describe_numpy(v, v.dtype.str) for k, v in npz_arrays.items()},
    }


# ---------------------------------------------------------------- .safetensors
def raw_bytes(t):
    """Little-endian bytes of a contiguous tensor; bf16 goes through an int16 view (no numpy bf16)."""
    assert sys.byteorder == "little"
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


ST_NAMES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.uint8: "U8", torch.bool: "BOOL",
}


def save_safetensors(name, tensors):
    header = collections.OrderedDict()
    header["__metadata__"] = {"format": "pt", "note": "hand-written fixture"}
    blobs, offset = [], 0
    for key, t in tensors.items():
        blob = raw_bytes(t)
        header[key] = {"dtype": ST_NAMES[t.dtype], "shape": list(t.shape),
                       "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the spec pads the header with spaces to 8 bytes
    with open(path(name), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    expected[name] = {"keys": list(tensors), "tensors": {k: describe_torch(v) for k, v in tensors.items()}}


save_safetensors("st_basic.safetensors", collections.OrderedDict([
    ("encoder.weight", torch.randn(2, 3)),
    ("encoder.half", torch.randn(4).half()),
    ("decoder.bf16", torch.randn(3, 2).bfloat16()),
    ("decoder.steps", torch.tensor([3, -7, 2**40 + 3], dtype=torch.int64)),
]))
save_safetensors("st_all_dtypes.safetensors", collections.OrderedDict([
    ("f64", torch.randn(2, 2, dtype=torch.float64)),
    ("i32", torch.tensor([-5, 0, 2**31 - 1], dtype=torch.int32)),
    ("i16", torch.tensor([[-32768, 12], [5, 32767]], dtype=torch.int16)),
    ("u8", torch.tensor([0, 1, 200, 255], dtype=torch.uint8)),
    ("bool", torch.tensor([True, False, True])),
    ("scalar", torch.tensor(0.125)),
    ("empty", torch.zeros(0, 3)),
]))


# ---------------------------------------------------------------- .pth (zip format)
def save_pth(name, obj, state_dict, **kwargs):
    torch.save(obj, path(name), **kwargs)
    expected[name] = {"keys": list(state_dict),
                      "tensors": {k: describe_torch(v) for k, v in state_dict.items()}}


square = torch.randn(3, 4)
big = torch.arange(20, dtype=torch.float32).reshape(4, 5) / 8
mixed = collections.OrderedDict([
    ("z_first", torch.randn(2, 2)),
    ("w_f32", square),
    ("w_f16", torch.randn(5).half()),
    ("w_bf16", torch.randn(2, 3).bfloat16()),
    ("steps_i64", torch.tensor([0, 5, 2**40 + 1], dtype=torch.int64)),
    ("scalar", torch.tensor(2.5)),
    ("transposed", square.t()),            # shares the storage of w_f32, strides (1, 4)
    ("offset_view", big[1:3, 2:]),         # storage offset 7, strides (5, 1)
    ("broadcast", torch.arange(3, dtype=torch.float32).expand(2, 3)),  # strides (0, 1)
    ("f64", torch.randn(2, dtype=torch.float64)),
    ("i32", torch.tensor([-3, 4], dtype=torch.int32)),
    ("i16", torch.tensor([-300, 301], dtype=torch.int16)),
    ("i8", torch.tensor([-8, 9], dtype=torch.int8)),
    ("u8", torch.tensor([0, 255], dtype=torch.uint8)),
    ("flags", torch.tensor([True, False])),
])
with_extras = collections.OrderedDict(mixed)
with_extras["note"] = "not a tensor"
with_extras["count"] = 5
save_pth("pth_mixed.pth", with_extras, mixed)

model = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3))
model.train()
model(torch.randn(2, 2, 5, 5))  # moves running_mean / running_var, bumps num_batches_tracked
model.eval()
sd = model.state_dict()
save_pth("pth_model.pth", sd, sd)
save_pth("pth_params.pth", model.state_dict(keep_vars=True), sd)  # values are nn.Parameter
save_pth("pth_wrapped.pth", {"epoch": 3, "model_state": sd, "optimizer": "sgd", "meta": {"lr": 0.1}}, sd)
save_pth("pth_legacy.pth", sd, sd, _use_new_zipfile_serialization=False)


# ---------------------------------------------------------------- hand-made hostile .pth zips
class _HostilePickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, _Pid) else None


class _Pid:
    def __init__(self, pid):
        self.pid = pid


class _Call:
    """Pickles as module.name(*args) (REDUCE); unpickling in Python would run it."""

    def __init__(self, module, name, args):
        self.module, self.name, self.args = module, name, args

    def __reduce__(self):
        return (_global_ref(self.module, self.name), self.args)


def _global_ref(module, name):
    import importlib
    return getattr(importlib.import_module(module), name)


def write_hostile(name, payload):
    stem = name[:-len(".pth")]
    buf = io.BytesIO()
    _HostilePickler(buf, protocol=2).dump(payload)
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_STORED) as z:
        for member, data in ((stem + "/data.pkl", buf.getvalue()),
                             (stem + "/data/0", struct.pack("<4f", 1, 2, 3, 4)),
                             (stem + "/version", b"3\n")):
            z.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), data)  # reproducible bytes


# a persistent id whose "storage type" is os.system rather than a torch storage class
write_hostile("bad_storage.pth", collections.OrderedDict([
    ("w", _Call("torch._utils", "_rebuild_tensor_v2",
                (_Pid(("storage", os.system, "0", "cpu", 4)), 0, (4,), (1,), False, collections.OrderedDict()))),
]))
# a real tensor next to a value that Python would build by calling os.system("...")
write_hostile("bad_callable.pth", collections.OrderedDict([
    ("w", _Call("torch._utils", "_rebuild_tensor_v2",
                (_Pid(("storage", torch.FloatStorage, "0", "cpu", 4)), 0, (2, 2), (2, 1), False,
                 collections.OrderedDict()))),
    ("evil", _Call("os", "system", ("echo this must never run",))),
]))
# a broadcast view claiming 10^10 elements over a 4-element storage (torch would try to allocate 40 GB)
write_hostile("bad_broadcast.pth", collections.OrderedDict([
    ("w", _Call("torch._utils", "_rebuild_tensor_v2",
                (_Pid(("storage", torch.FloatStorage, "0", "cpu", 4)), 0, (100000, 100000), (0, 0), False,
                 collections.OrderedDict()))),
]))
expected["bad_callable.pth"] = {"keys": ["w"], "skipped": ["evil"], "tensors": {
    "w": {"dtype": "float32", "shape": [2, 2], "values": [1.0, 2.0, 3.0, 4.0]}}}

with open(path("expected.json"), "w") as f:
    json.dump(expected, f, separators=(",", ":"))
    f.write("\n")

for name in sorted(os.listdir(OUT)):
    size = os.path.getsize(path(name))
    assert size < 20_000, f"{name} is {size} bytes, fixtures must stay under 20 KB"
print("wrote", len(os.listdir(OUT)), "files to", OUT)
