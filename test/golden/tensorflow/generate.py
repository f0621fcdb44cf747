"""Writes test/golden/tensorflow.json: goldens for the TensorFlow-compatible resizes from the
float32 oracle (./oracle.py, written from TensorFlow's C++ kernels), checks the oracle against the
expected values TensorFlow's own tests state (./unit_tests.json), and records cross-checks against
PyTorch where the semantics coincide. No TensorFlow runtime is needed.

    ATEN_CPU_CAPABILITY=default /usr/bin/python3 test/golden/tensorflow/generate.py

(`npm run golden:tensorflow`.) Float data is base64 little-endian float32.
"""
import base64
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as TF

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

assert os.environ.get("ATEN_CPU_CAPABILITY") == "default", "run with ATEN_CPU_CAPABILITY=default"
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tensorflow.json")
RNG = np.random.default_rng(20261201)
F = np.float32


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def image(shape, integer=False):
    if integer:
        return RNG.integers(0, 256, size=shape).astype(np.float32)
    return (RNG.standard_normal(shape) * 2).astype(np.float32)


def run(case, x):
    op = case["op"]
    a = case["attrs"]
    if op == "ResizeBicubic":
        return oracle.resize_bicubic(x, case["size"], a["alignCorners"], a["halfPixelCenters"])
    if op == "ResizeArea":
        return oracle.resize_area(x, case["size"], a["alignCorners"])
    return oracle.scale_and_translate(x, case["size"], case["scale"], case["translation"], a["kernelType"], a["antialias"])


def make_case(name, op, shape, size, integer=False, scale=None, translation=None, **attrs):
    x = image(shape, integer)
    full = {"alignCorners": False, "halfPixelCenters": False, "kernelType": "lanczos3", "antialias": True}
    full.update(attrs)
    case = {"name": name, "op": op, "attrs": full, "shape": list(shape), "dtype": "int32" if integer else "float32",
            "size": list(size)}
    if op == "ScaleAndTranslate":
        case["scale"] = [float(F(s)) for s in scale]
        case["translation"] = [float(F(t)) for t in translation]
    y = run(case, x)
    case.update(input=b64(x), outShape=list(y.shape), output=b64(y))
    return case, x, y


def size_scale(shape, size):
    return [float(F(F(size[0]) / F(shape[1]))), float(F(F(size[1]) / F(shape[2])))]


cases = []
BICUBIC_SIZES = [((1, 5, 7, 3), (9, 4)), ((2, 4, 4, 1), (8, 8)), ((1, 6, 5, 4), (3, 2)), ((1, 3, 3, 2), (3, 3)),
                 ((1, 1, 1, 3), (3, 2)), ((1, 7, 3, 3), (1, 1)), ((1, 2, 9, 3), (5, 13))]
for ac, hpc in [(False, False), (True, False), (False, True)]:
    for shape, size in BICUBIC_SIZES:
        cases.append(make_case(f"bicubic ac={ac} hpc={hpc} {shape}->{size}", "ResizeBicubic", shape, size,
                               alignCorners=ac, halfPixelCenters=hpc)[0])
cases.append(make_case("bicubic int32 hpc", "ResizeBicubic", (1, 4, 5, 3), (7, 3), integer=True, halfPixelCenters=True)[0])
# x = o * 3/2048: every odd o puts the table position exactly halfway (lrintf rounds to even).
cases.append(make_case("bicubic lrintf ties (1, 2, 3, 1)->(2, 2048)", "ResizeBicubic", (1, 2, 3, 1), (2, 2048))[0])

AREA_SIZES = [((1, 6, 6, 1), (4, 4)), ((2, 5, 7, 3), (3, 2)), ((1, 3, 2, 3), (6, 4)), ((1, 4, 5, 2), (7, 11)),
              ((1, 5, 5, 3), (1, 1)), ((1, 2, 3, 4), (5, 4)), ((1, 9, 8, 3), (3, 5))]
for ac in [False, True]:
    for shape, size in AREA_SIZES:
        cases.append(make_case(f"area ac={ac} {shape}->{size}", "ResizeArea", shape, size, alignCorners=ac)[0])
cases.append(make_case("area int32", "ResizeArea", (1, 7, 5, 3), (3, 4), integer=True)[0])
for ac in [False, True]:
    cases.append(make_case(f"area ac={ac} wide, 9 channels", "ResizeArea", (1, 6, 17, 9), (4, 5), alignCorners=ac)[0])

SPAN_SCENARIOS = [
    ("up", (1, 4, 5, 2), (8, 10), None, (0, 0)),
    ("down", (1, 9, 8, 3), (4, 3), None, (0, 0)),
    ("mixed", (1, 6, 4, 1), (3, 9), None, (0, 0)),
    ("scaled+translated", (2, 5, 5, 3), (7, 6), (1.3, 0.7), (0.4, -1.2)),
    ("outside the input", (1, 4, 4, 2), (6, 6), (1.5, 2.0), (3.0, -2.5)),
]
for kt in oracle.KERNELS:
    for aa in [True, False]:
        for label, shape, size, scale, translation in SPAN_SCENARIOS:
            s = list(scale) if scale is not None else size_scale(shape, size)
            cases.append(make_case(f"{kt} aa={aa} {label} {shape}->{size}", "ScaleAndTranslate", shape, size,
                                   scale=s, translation=translation, kernelType=kt, antialias=aa)[0])
cases.append(make_case("lanczos3 int32 down", "ScaleAndTranslate", (1, 8, 8, 3), (3, 5), integer=True,
                       scale=size_scale((1, 8, 8, 3), (3, 5)), translation=(0, 0), kernelType="lanczos3", antialias=True)[0])

# --- TensorFlow's own test expectations ---------------------------------------------------------
with open(os.path.join(HERE, "unit_tests.json")) as f:
    unit = json.load(f)
unit_report = []
for u in unit["cases"]:
    x = np.array(u["input"], np.float32).reshape(u["shape"])
    if u["via"] == "ScaleAndTranslate":
        y = oracle.scale_and_translate(x, u["size"], size_scale(u["shape"], u["size"]), [0, 0], u["kernelType"], u["antialias"])
    elif u["via"] == "ResizeBicubic":
        y = oracle.resize_bicubic(x, u["size"], u["alignCorners"], u["halfPixelCenters"])
    else:
        y = oracle.resize_area(x, u["size"], u["alignCorners"])
    err = float(np.max(np.abs(y.reshape(-1) - np.array(u["expected"], np.float64))))
    assert err <= u["atol"], f"oracle disagrees with TensorFlow's test {u['name']}: {err} > {u['atol']}"
    unit_report.append((u["name"], err, u["atol"]))

# --- Cross-checks against PyTorch (same semantics) and between the ops -----------------------------
def nchw(x):
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def nhwc(t):
    return np.ascontiguousarray(t.numpy().transpose(0, 2, 3, 1))


def rel(a, b):
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))) / max(np.max(np.abs(b)), 1e-30))


cross = []


def cross_check(name, case, x, reference, label, tol):
    err = rel(run(case, x), reference)
    assert err <= tol, f"cross-check {name}: {err} > {tol}"
    cross.append({"name": name, "reference": label, "tol": tol, "oracleError": err, "case": case, "expected": b64(reference)})


for shape, size in [((1, 5, 7, 3), (12, 15)), ((1, 4, 4, 1), (8, 8)), ((2, 3, 6, 2), (7, 13))]:
    c, x, _ = make_case(f"triangle upsample {shape}->{size}", "ScaleAndTranslate", shape, size,
                        scale=size_scale(shape, size), translation=(0, 0), kernelType="triangle", antialias=False)
    ref = nhwc(TF.interpolate(nchw(x), size=size, mode="bilinear", align_corners=False))
    cross_check(c["name"], c, x, ref, "torch bilinear, align_corners=False", 1e-5)

for shape, size in [((1, 13, 11, 3), (5, 4)), ((1, 16, 16, 1), (4, 4)), ((2, 9, 12, 2), (4, 7))]:
    c, x, _ = make_case(f"triangle antialias downsample {shape}->{size}", "ScaleAndTranslate", shape, size,
                        scale=size_scale(shape, size), translation=(0, 0), kernelType="triangle", antialias=True)
    ref = nhwc(TF.interpolate(nchw(x), size=size, mode="bilinear", align_corners=False, antialias=True))
    cross_check(c["name"], c, x, ref, "torch bilinear, antialias=True", 1e-5)

for shape, size in [((1, 6, 6, 3), (3, 3)), ((1, 8, 12, 2), (4, 3))]:
    c, x, _ = make_case(f"area integer factor {shape}->{size}", "ResizeArea", shape, size)
    ref = nhwc(TF.interpolate(nchw(x), size=size, mode="area"))
    cross_check(c["name"], c, x, ref, "torch area (adaptive average pooling)", 1e-5)

# Table quantisation: the 1024-step table moves weights by up to ~1e-3 of the taps' range.
TABLE_TOL = 2e-3
for shape, size in [((1, 5, 7, 3), (11, 9)), ((1, 6, 6, 1), (4, 9))]:
    c, x, _ = make_case(f"bicubic align_corners {shape}->{size}", "ResizeBicubic", shape, size, alignCorners=True)
    ref = nhwc(TF.interpolate(nchw(x), size=size, mode="bicubic", align_corners=True))
    cross_check(c["name"], c, x, ref, "torch bicubic, align_corners=True (up to the table)", TABLE_TOL)
for shape, size in [((1, 5, 7, 3), (11, 9)), ((1, 9, 6, 2), (4, 5))]:
    c, x, _ = make_case(f"keyscubic {shape}->{size}", "ScaleAndTranslate", shape, size,
                        scale=size_scale(shape, size), translation=(0, 0), kernelType="keyscubic", antialias=False)
    ref = oracle.resize_bicubic(x, size, False, True)
    cross_check(c["name"], c, x, ref, "ResizeBicubic, half_pixel_centers (up to the table)", TABLE_TOL)

meta = {
    "oracle": "test/golden/tensorflow/oracle.py (numpy %s), from TensorFlow's CPU kernels" % np.__version__,
    "torch": torch.__version__,
    "note": "cases[].output from the oracle; unitTests from TensorFlow's tests; crossChecks[].expected from the named reference",
}
with open(OUT, "w") as f:
    json.dump({"meta": meta, "cases": cases, "unitTests": unit["cases"], "crossChecks": cross}, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases, {len(cross)} cross-checks to {os.path.relpath(OUT)}")
for name, err, atol in unit_report:
    print(f"  TF test {name}: max |oracle - expected| = {err:.3g} (TF asserts atol {atol})")
for c in cross:
    print(f"  cross-check {c['name']} vs {c['reference']}: relative {c['oracleError']:.3g} (tol {c['tol']})")
