"""Times torch.nn.functional.interpolate on the benchmark workloads (CPU, 2 threads).

Reads a JSON list of workloads on stdin: {id, shape, size, mode, alignCorners, grad, repeats,
warmupMs}. Prints one JSON object {"torch": version, "samples": {id: [ms, ...]}} (forward, or
forward + backward for `grad` workloads; timed after warmupMs of warm-up, at least three calls), or
{"error": reason} when torch cannot be imported.
"""
import json
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
        warm_end = time.perf_counter() + w["warmupMs"] / 1e3
        i = 0
        while len(samples) < w["repeats"]:
            t0 = time.perf_counter()
            run()
            t1 = time.perf_counter()
            if i >= 3 and t1 >= warm_end:
                samples.append((t1 - t0) * 1e3)
            i += 1
        out[w["id"]] = samples
    print(json.dumps({"torch": torch.__version__, "samples": out}))


if __name__ == "__main__":
    main()
