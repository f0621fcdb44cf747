"""Writes test/golden/signed_zero.json: PyTorch's outputs for inputs of signed zeros, on the kernels
that sum in double (one channel; 1x1 spatial inputs with channels-last memory) and their float
neighbours. Each case stores the input as a pattern of +0/-0 (1 = -0) and the output's sign bits
(1 = negative, values are all zero), so the file is tiny and exact.

    ATEN_CPU_CAPABILITY=default /usr/bin/python3 test/golden/generate_signed_zero.py
"""
import json
import os

import torch
import torch.nn.functional as F

assert os.environ.get("ATEN_CPU_CAPABILITY") == "default", "run with ATEN_CPU_CAPABILITY=default"
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))

# (shape NC..., size, mode, align_corners, channels_last, pattern): pattern "all" = every input -0,
# "alternate" = -0 at even flat indices, +0 elsewhere.
CASES = [
    ((1, 1, 2, 2), (3, 3), "bilinear", False, False, "all"),
    ((1, 1, 2, 2), (3, 3), "bilinear", True, False, "all"),
    ((1, 1, 4, 5), (7, 3), "bicubic", False, False, "all"),
    ((1, 1, 3, 3), (5, 6), "bilinear", False, False, "alternate"),
    ((1, 1, 5), (9,), "linear", False, False, "all"),
    ((1, 1, 2, 2, 2), (3, 3, 3), "trilinear", False, False, "all"),
    ((2, 1, 3, 4), (5, 5), "bilinear", False, False, "all"),
    ((1, 3, 1, 1), (2, 3), "bilinear", False, True, "all"),
    ((1, 9, 1, 1), (3, 2), "bilinear", True, True, "all"),
    ((1, 3, 2, 2), (3, 3), "bilinear", False, True, "all"),
    ((1, 3, 2, 2), (3, 3), "bicubic", False, True, "alternate"),
    ((1, 2, 1, 1, 1), (2, 2, 2), "trilinear", False, True, "all"),
    ((1, 4, 2, 3), (4, 5), "bilinear", False, False, "all"),
]


def main():
    out = []
    for shape, size, mode, align, last, pat in CASES:
        n = 1
        for s in shape:
            n *= s
        signs = [1 if pat == "all" or i % 2 == 0 else 0 for i in range(n)]
        x = torch.tensor([-0.0 if s else 0.0 for s in signs], dtype=torch.float32).reshape(shape)
        if last:
            x = x.contiguous(memory_format=torch.channels_last if len(shape) == 4 else torch.channels_last_3d)
        y = F.interpolate(x, size=size, mode=mode, align_corners=align).contiguous()
        assert bool((y == 0).all()), "signed-zero inputs give zeros"
        out.append({
            "shape": list(shape), "size": list(size), "mode": mode, "alignCorners": align,
            "channelsLastMemory": last, "inputNegative": signs,
            "outputNegative": [1 if v else 0 for v in torch.signbit(y).flatten().tolist()],
        })
    with open(os.path.join(HERE, "signed_zero.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": out}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
