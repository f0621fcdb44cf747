"""Times torch.nn.functional.interpolate on the benchmark workloads (CPU, 2 threads).

Reads a JSON list of workloads on stdin: {id, shape, size, mode, alignCorners, grad, repeats}.
Prints one JSON object {"torch": version, "ms": {id: median ms}} (forward, or forward + backward
for `grad` workloads), or {"error": reason} when torch cannot be imported.
"""
import json
import statistics
import sys
import time


def main():
    workloads = json.load(sys.stdin)
    try:
        import torch
        import torch.nn.functional as F
    except Exception as e:  # noqa: BLE001 - report any import failure
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return
    torch.set_num_threads(2)
    gen = torch.Generator().manual_seed(7)
    out = {}
    for w in workloads:
        x = torch.rand(w["shape"], generator=gen) * 2 - 1
        kwargs = {"size": w["size"], "mode": w["mode"]}
        if w["mode"] in ("linear", "bilinear", "bicubic", "trilinear"):
            kwargs["align_corners"] = bool(w["alignCorners"])
        if w["grad"]:
            dy = torch.rand([*w["shape"][:2], *w["size"]], generator=gen)

            def run():
                xg = x.detach().requires_grad_(True)
                F.interpolate(xg, **kwargs).backward(dy)
                return xg.grad
        else:
            def run():
                return F.interpolate(x, **kwargs)
        samples = []
        for i in range(w["repeats"] + 2):
            t0 = time.perf_counter()
            run()
            ms = (time.perf_counter() - t0) * 1e3
            if i >= 2:
                samples.append(ms)
        out[w["id"]] = statistics.median(samples)
    print(json.dumps({"torch": torch.__version__, "ms": out}))


if __name__ == "__main__":
    main()
