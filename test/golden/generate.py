"""Writes the PyTorch golden fixtures used by the test suites.

Run with Debian's PyTorch 1.13.1 and the FMA-free CPU kernels:
    ATEN_CPU_CAPABILITY=default /usr/bin/python3 test/golden/generate.py
(`npm run golden` does exactly that.) Output: test/golden/forward.json (values and autograd
gradients) and test/golden/errors.json (argument combinations PyTorch rejects). Float data is stored
as base64 little-endian float32, so the fixtures are exact and compact.
"""
import base64
import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn.functional as F

assert os.environ.get("ATEN_CPU_CAPABILITY") == "default", "run with ATEN_CPU_CAPABILITY=default"
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20261125)
torch.manual_seed(20261125)

RANK_MODES = {
    3: ["nearest", "nearest-exact", "linear", "area"],
    4: ["nearest", "nearest-exact", "bilinear", "bicubic", "area"],
    5: ["nearest", "nearest-exact", "trilinear", "area"],
}
LINEAR = {"linear", "bilinear", "bicubic", "trilinear"}
SCALES = [0.12, 0.3, 0.5, 0.6, 0.9999, 1.0, 1.00001, 1.05, 1.3, 1.7, 2.0, 2.05, 2.3, 2.5, 3.1, 4.0, 8.5]


def b64(t):
    return base64.b64encode(np.ascontiguousarray(t.detach().numpy().astype("<f4")).tobytes()).decode()


def pattern(n, a, b, m):
    """Deterministic float32-exact values ((i*a + b) % m - m/2) / (m/4); test/util mirrors this."""
    i = np.arange(n, dtype=np.int64)
    return torch.from_numpy((((i * a + b) % m - m // 2) / (m // 4)).astype(np.float32))


def grad_seed(shape):
    return pattern(int(np.prod(shape)), 37, 11, 64).reshape(shape)


def direction_seed(shape):
    return pattern(int(np.prod(shape)), 29, 5, 32).reshape(shape)


def options_of(kw):
    out = {}
    for k, v in kw.items():
        key = {"scale_factor": "scaleFactor", "align_corners": "alignCorners",
               "recompute_scale_factor": "recomputeScaleFactor"}.get(k, k)
        out[key] = list(v) if isinstance(v, tuple) else v
    return out


def run_case(name, x, kw, double_backward=False):
    x = x.detach().clone().requires_grad_(True)
    y = F.interpolate(x, **kw)
    case = {"name": name, "shape": list(x.shape), "options": options_of(kw),
            "input": b64(x), "outShape": list(y.shape), "output": b64(y)}
    double_backward = double_backward and y.numel() <= 2000
    if y.numel() > 0 and x.numel() > 0:
        g = grad_seed(y.shape)
        (gx,) = torch.autograd.grad(y, x, g, create_graph=double_backward)
        case["grad"] = b64(gx)
        if double_backward:
            g2 = g.clone().requires_grad_(True)
            (gx2,) = torch.autograd.grad(F.interpolate(x, **kw), x, g2, create_graph=True)
            v = direction_seed(x.shape)
            (gg,) = torch.autograd.grad(gx2, g2, v)
            case["gradGrad"] = b64(gg)
    return case


def random_shape(rank, channels=None):
    n = RNG.choice([1, 2])
    c = channels if channels is not None else RNG.choice([1, 2, 3])
    hi = {3: 9, 4: 8, 5: 5}[rank]
    return [n, c] + [RNG.randint(1, hi) for _ in range(rank - 2)]


def random_request(kind, spatial):
    dims = len(spatial)
    if kind == "size":
        pick = RNG.random()
        if pick < 0.15:
            sizes = list(spatial)                                   # out == in
        elif pick < 0.3:
            sizes = [max(1, s * 8 + RNG.randint(0, 3)) for s in spatial]  # >= 8x up
        else:
            sizes = [RNG.randint(1, 13 if dims < 3 else 7) for _ in spatial]
        return {"size": sizes} if len(set(sizes)) > 1 or RNG.random() < 0.5 else {"size": sizes[0]}
    scales = [RNG.choice(SCALES) for _ in spatial]
    req = {"scale_factor": tuple(scales) if RNG.random() < 0.7 else scales[0]}
    if kind == "recompute":
        req["recompute_scale_factor"] = True
    return req


def out_sizes(spatial, req):
    if "size" in req:
        s = req["size"]
        return s if isinstance(s, list) else [s] * len(spatial)
    sc = req["scale_factor"]
    sc = list(sc) if isinstance(sc, tuple) else [sc] * len(spatial)
    return [int(np.floor(float(i) * f)) for i, f in zip(spatial, sc)]


def variants(rank, mode):
    acs = [None] if mode not in LINEAR else [False, True]
    aas = [False, True] if (mode in ("bilinear", "bicubic") and rank == 4) else [False]
    return [(ac, aa) for ac in acs for aa in aas]


def random_cases(per_combo):
    cases = []
    for rank, modes in RANK_MODES.items():
        for mode in modes:
            for ac, aa in variants(rank, mode):
                for kind in ("size", "scale", "recompute"):
                    made = 0
                    while made < per_combo:
                        shape = random_shape(rank)
                        if made == 0 and rank > 3:
                            shape[1] = 1                     # single channel: PyTorch's channels-last kernels
                        if made == 1 and rank > 3 and mode != "area":
                            shape = [1, 9] + [1] * (rank - 2)  # one pixel, >= 8 channels
                        if made == 2:
                            shape = shape[:2] + [RNG.randint(12, 20) for _ in range(rank - 2)]
                        req = random_request(kind, shape[2:])
                        if made == 2 and kind == "size":
                            req = {"size": [RNG.randint(1, 2) for _ in range(rank - 2)]}  # <= 1/8 down
                        outs = out_sizes(shape[2:], req)
                        if min(outs) < 1 or int(np.prod(outs)) * shape[0] * shape[1] > 2500:
                            continue
                        kw = dict(req, mode=mode)
                        if ac is not None:
                            kw["align_corners"] = ac
                        if aa:
                            kw["antialias"] = True
                        x = torch.randn(*shape)
                        label = f"r{rank}-{mode}-ac{ac}-aa{aa}-{kind}-{made}"
                        cases.append(run_case(label, x, kw, double_backward=(made == 0 and kind == "scale")))
                        made += 1
    return cases


def arange(*shape):
    return torch.arange(float(np.prod(shape))).reshape(shape)


def named_cases():
    c = []
    add = lambda name, x, **kw: c.append(run_case(name, x, kw, double_backward=True))
    # The two examples of the package's documentation (PyTorch's published output).
    add("doc-nearest-1d", torch.tensor([[[1., 2, 3], [4, 5, 6]]]), size=6)
    add("doc-bilinear-align", torch.tensor([[[[1., 2, 3], [4, 5, 6]]]]), scale_factor=2, mode="bilinear", align_corners=True)
    # test/test_nn.py (1.13.1)
    for s in (0.5, 1.5, 2):
        for ac in (False, True):
            add(f"test_upsamplingLinear1d-{s}-{ac}", torch.ones(1, 1, 2), scale_factor=s, mode="linear", align_corners=ac)
    add("test_upsampling_not_recompute_scale_factor", arange(1, 2, 2, 2), scale_factor=2.3, mode="bicubic",
        align_corners=False, recompute_scale_factor=False)
    for s in (0.6, 1.6, 2.3):
        for ac in (False, True):
            add(f"bicubic-ones-{s}-{ac}", torch.ones(2, 2, 2, 2), scale_factor=s, mode="bicubic", align_corners=ac)
    add("test_upsampling_small_scale", torch.tensor([[[[1., 2], [3, 4]]]]), scale_factor=0.5, mode="bilinear")
    add("test_upsamplingBicubic2d_correctness", arange(1, 2, 2, 2), scale_factor=2, mode="bicubic", align_corners=False)
    add("test_upsamplingBilinear2d_aa_correctness", arange(1, 3, 8, 8), size=(2, 2), mode="bilinear", antialias=True)
    add("test_upsamplingBicubic2d_aa_correctness", arange(1, 3, 8, 8), size=(2, 2), mode="bicubic", antialias=True)
    add("spatial_invariance-linear", torch.randn(1, 1, 9), scale_factor=3, mode="linear")
    add("spatial_invariance-bilinear", torch.randn(1, 1, 9, 9), scale_factor=3, mode="bilinear")
    add("spatial_invariance-trilinear", torch.randn(1, 1, 5, 5, 5), scale_factor=3, mode="trilinear")
    add("NearestExact1d_rescale-1.00001", arange(1, 1, 20), scale_factor=1.00001, mode="nearest-exact")
    add("NearestExact1d_rescale-2.00001", arange(1, 1, 20), scale_factor=2.00001, mode="nearest-exact")
    for rank in (3, 4, 5):
        for i, o in ((20, 11), (10, 15)):
            if rank == 5 and i == 20:
                i, o = 6, 4
            for m in ("nearest", "nearest-exact"):
                add(f"{m}-correctness-{rank}d-{i}-{o}", arange(1, 1, *([i] * (rank - 2))), size=[o] * (rank - 2), mode=m)
    add("nearest-inconsistent-scale-1.05", arange(1, 2, 10), scale_factor=1.05)
    add("nearest-inconsistent-scale-2.05", arange(1, 2, 10), scale_factor=2.05)
    add("nearest-inconsistent-scale-1.05-2d-c1", arange(1, 1, 10, 10), scale_factor=1.05)
    add("nearest-inconsistent-scale-2.05-2d-c1", arange(1, 1, 10, 10), scale_factor=2.05)
    # Spec 5.4 extra values
    add("linear-0123-size7", arange(1, 1, 4), size=7, mode="linear")
    add("linear-0123-size7-ac", arange(1, 1, 4), size=7, mode="linear", align_corners=True)
    add("linear-0123-scale1.7", arange(1, 1, 4), scale_factor=1.7, mode="linear")
    add("linear-0123-scale1.7-recompute", arange(1, 1, 4), scale_factor=1.7, mode="linear", recompute_scale_factor=True)
    add("area-arange5-3", arange(1, 1, 5), size=3, mode="area")
    add("area-arange5-2", arange(1, 1, 5), size=2, mode="area")
    add("area-12-3", torch.tensor([[[1., 2]]]), size=3, mode="area")
    add("trilinear-arange27", arange(1, 1, 3, 3, 3), size=(2, 4, 2), mode="trilinear")
    add("bicubic-arange16-3x5", arange(1, 1, 4, 4), size=(3, 5), mode="bicubic")
    add("bicubic-arange16-3x5-ac", arange(1, 1, 4, 4), size=(3, 5), mode="bicubic", align_corners=True)
    add("bilinear-aa-arange64", arange(1, 1, 8, 8), size=(3, 3), mode="bilinear", antialias=True)
    add("bicubic-aa-arange64", arange(1, 1, 8, 8), size=(3, 3), mode="bicubic", antialias=True)
    # Every output 1 (mean path): cascade sums of long planes.
    for n in (7, 8, 37, 300, 1111):
        add(f"area-mean-1d-{n}", torch.randn(1, 2, n), size=1, mode="area")
    add("area-mean-2d", torch.randn(2, 3, 17, 23), size=1, mode="area")
    add("area-mean-3d", torch.randn(1, 2, 6, 7, 9), size=1, mode="area")
    # Channels >= 8 on one pixel: the vector part of the channels-last linear kernel.
    add("bilinear-1px-11ch", torch.randn(1, 11, 1, 1), size=(3, 2), mode="bilinear")
    add("trilinear-1px-17ch", torch.randn(2, 17, 1, 1, 1), size=(2, 3, 2), mode="trilinear", align_corners=True)
    add("bilinear-11ch-to-1px", torch.randn(1, 11, 3, 4), size=1, mode="bilinear")
    # common_nn.py module tests
    add("interpolate_nearest_1d", torch.randn(1, 2, 4), size=12)
    add("interpolate_nearest_1d_zero_dim", torch.randn(0, 2, 4), size=12)
    add("interpolate_nearest_tuple_1d", torch.randn(1, 2, 3), size=(12,))
    add("interpolate_nearest_scale_1d", torch.randn(1, 2, 4), scale_factor=4.)
    add("interpolate_linear_1d", torch.randn(1, 2, 4), size=12, mode="linear", align_corners=False)
    add("interpolate_linear_tuple_1d", torch.randn(1, 2, 3), size=(4,), mode="linear", align_corners=False)
    add("interpolate_linear_scale_1d", torch.randn(1, 2, 4), scale_factor=4., mode="linear", align_corners=False)
    add("interpolate_linear_1d_zero_dim", torch.randn(0, 2, 4), size=12, mode="linear", align_corners=False)
    add("interpolate_linear_1d_align_corners", torch.randn(1, 2, 4), size=12, mode="linear", align_corners=True)
    add("interpolate_nearest_2d_launch_configs", torch.randn(1, 128, 1, 1), size=2)
    add("interpolate_nearest_2d", torch.randn(1, 2, 4, 4), size=12)
    add("interpolate_nearest_tuple_2d", torch.randn(1, 2, 3, 4), size=(12, 16))
    add("interpolate_nearest_scale_2d", torch.randn(1, 2, 4, 4), scale_factor=4.)
    add("interpolate_nearest_2d_zero_dim", torch.randn(0, 2, 4, 4), size=12)
    for m in ("bilinear", "bicubic"):
        add(f"interpolate_{m}_2d", torch.randn(1, 2, 4, 4), size=12, mode=m, align_corners=False)
        add(f"interpolate_{m}_2d_zero_dim", torch.randn(0, 2, 4, 4), size=12, mode=m, align_corners=False)
        add(f"interpolate_{m}_tuple_2d", torch.randn(1, 2, 2, 3), size=(4, 6), mode=m, align_corners=False)
        add(f"interpolate_{m}_scale_2d", torch.randn(1, 2, 4, 4), scale_factor=4., mode=m, align_corners=False)
        add(f"interpolate_{m}_scale_tuple_shared_2d", torch.randn(1, 2, 4, 4), scale_factor=(2., 2.), mode=m, align_corners=False)
        add(f"interpolate_{m}_scale_tuple_skewed_2d", torch.randn(1, 2, 4, 4), scale_factor=(2., 1.), mode=m, align_corners=False)
        add(f"interpolate_{m}_tuple_2d_align_corners", torch.randn(1, 2, 4, 4), size=(4, 6), mode=m, align_corners=True)
        add(f"interpolate_{m}_scale_tuple_skewed_2d_align_corners", torch.randn(1, 2, 4, 4), scale_factor=(2., 1.), mode=m, align_corners=True)
    add("interpolate_nearest_3d", torch.randn(1, 2, 4, 4, 4), size=12)
    add("interpolate_nearest_3d_zero_dim", torch.randn(0, 2, 4, 4, 4), size=12)
    add("interpolate_nearest_tuple_3d", torch.randn(1, 2, 3, 4, 4), size=(12, 16, 16))
    add("interpolate_nearest_scale_3d", torch.randn(1, 2, 4, 4, 4), scale_factor=4.)
    add("interpolate_trilinear_3d", torch.randn(1, 2, 4, 4, 4), size=12, mode="trilinear", align_corners=False)
    add("interpolate_trilinear_3d_zero_dim", torch.randn(0, 2, 4, 4, 4), size=12, mode="trilinear", align_corners=False)
    add("interpolate_trilinear_tuple_3d", torch.randn(1, 2, 2, 3, 3), size=(4, 6, 6), mode="trilinear", align_corners=False)
    add("interpolate_trilinear_scale_3d", torch.randn(1, 2, 3, 4, 5), scale_factor=3., mode="trilinear", align_corners=False)
    add("interpolate_trilinear_tuple_3d_align_corners", torch.randn(1, 2, 2, 3, 3), size=(4, 6, 6), mode="trilinear", align_corners=True)
    add("interpolate_trilinear_scale_3d_align_corners", torch.randn(1, 2, 3, 4, 4), scale_factor=3., mode="trilinear", align_corners=True)
    add("area-zero-output", torch.randn(1, 2, 4, 4), size=(0, 3), mode="area")
    add("area-zero-channels", torch.randn(1, 0, 4, 4), size=(2, 3), mode="area")
    # OpInfo sample_inputs_interpolate
    for rank, modes in RANK_MODES.items():
        for mode in modes:
            for ac in ([None] if mode not in LINEAR else [None, True, False]):
                for req in ({"size": [3] * (rank - 2)}, {"size": [5] * (rank - 2)}, {"scale_factor": 1.7}, {"scale_factor": 0.6}):
                    kw = dict(req, mode=mode)
                    if ac is not None:
                        kw["align_corners"] = ac
                    add(f"opinfo-{rank}d-{mode}-{ac}-{list(req.values())[0]}", torch.rand(2, 3, *([4] * (rank - 2))) * 2 - 1, **kw)
    return c


def int_cases():
    out = []
    for rank in (3, 4, 5):
        for mode in ("nearest", "nearest-exact"):
            shape = random_shape(rank)
            x = torch.randint(0, 256, shape, dtype=torch.uint8)
            size = [RNG.randint(1, 9) for _ in range(rank - 2)]
            y = F.interpolate(x, size=size, mode=mode)
            out.append({"name": f"uint8-{rank}d-{mode}", "shape": shape, "options": {"size": size, "mode": mode},
                        "input": x.flatten().tolist(), "outShape": list(y.shape), "output": y.flatten().tolist()})
    return out


def error_cases():
    """Combinations PyTorch rejects; each records the exception class and message."""
    x3, x4, x5 = torch.randn(1, 2, 4), torch.randn(1, 2, 4, 4), torch.randn(1, 2, 3, 3, 3)
    combos = [
        (x4, {"size": 2, "scale_factor": 2}), (x4, {}), (x4, {"size": [2, 2, 2]}), (x4, {"scale_factor": [2, 2, 2]}),
        (x3, {"size": [2, 2]}), (x5, {"scale_factor": [2.0]}),
        (x4, {"size": 2, "align_corners": True}), (x4, {"size": 2, "mode": "area", "align_corners": False}),
        (x4, {"size": 2, "mode": "nearest-exact", "align_corners": True}),
        (x4, {"size": 2, "recompute_scale_factor": True}), (x4, {"size": 2, "mode": "bilinear", "recompute_scale_factor": True}),
        (x3, {"size": 2, "mode": "linear", "antialias": True}), (x4, {"size": 2, "mode": "nearest", "antialias": True}),
        (x5, {"size": 2, "mode": "trilinear", "antialias": True}), (x4, {"size": 2, "mode": "area", "antialias": True}),
        (x3, {"size": 2, "mode": "bilinear"}), (x3, {"size": 2, "mode": "bicubic"}), (x3, {"size": 2, "mode": "trilinear"}),
        (x4, {"size": 2, "mode": "linear"}), (x4, {"size": 2, "mode": "trilinear"}), (x5, {"size": 2, "mode": "linear"}),
        (x5, {"size": 2, "mode": "bilinear"}), (x5, {"size": 2, "mode": "bicubic"}), (x4, {"size": 2, "mode": "lanczos"}),
        (torch.randn(2, 4), {"size": 2}), (torch.randn(1, 1, 1, 1, 1, 1), {"size": 2}),
        (x4, {"size": 0}), (x4, {"size": [3, 0], "mode": "bilinear"}), (x4, {"size": -1, "mode": "bicubic"}),
        (x4, {"size": -1, "mode": "area"}), (x3, {"scale_factor": 0.1}), (x4, {"scale_factor": -2.0, "mode": "bilinear"}),
        (x4, {"scale_factor": float("nan")}), (x4, {"scale_factor": float("inf"), "mode": "bilinear"}),
        (torch.randn(1, 2, 0, 4), {"size": 3}), (torch.randn(1, 2, 0, 4), {"size": 3, "mode": "area"}),
        (torch.randn(1, 0, 4, 4), {"size": 3}), (torch.randn(1, 0, 4, 4), {"size": 3, "mode": "bilinear"}),
        (x4, {"size": 2.5}), (x4, {"size": [2, 2.5], "mode": "bilinear"}),
    ]
    out = []
    for x, kw in combos:
        try:
            F.interpolate(x, **kw)
        except Exception as e:  # noqa: BLE001 — recording what PyTorch raises
            out.append({"shape": list(x.shape), "options": {k: (None if isinstance(v, float) and not np.isfinite(v) else v)
                                                             for k, v in options_of(kw).items()},
                        "nonFinite": {k: str(v) for k, v in options_of(kw).items() if isinstance(v, float) and not np.isfinite(v)},
                        "error": type(e).__name__, "message": str(e).split("\n")[0]})
            continue
        raise SystemExit(f"PyTorch accepted {kw} on {list(x.shape)}")
    return out


def main():
    per_combo = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    cases = named_cases() + random_cases(per_combo)
    meta = {"torch": torch.__version__, "aten_cpu_capability": "default", "threads": 1,
            "grad_seed": "((i*37 + 11) % 64 - 32) / 16 over dy", "direction_seed": "((i*29 + 5) % 32 - 16) / 8 over x"}
    with open(os.path.join(HERE, "forward.json"), "w") as f:
        json.dump({"meta": meta, "cases": cases, "intCases": int_cases()}, f, separators=(",", ":"))
    with open(os.path.join(HERE, "errors.json"), "w") as f:
        json.dump({"meta": meta, "cases": error_cases()}, f, indent=1)
    print(f"{len(cases)} cases; {os.path.getsize(os.path.join(HERE, 'forward.json')) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
