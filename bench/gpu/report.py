"""Markdown table of a bench/gpu/run.sh run: python3 report.py OUT."""
import json
import os
import sys


def load(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    rows.append(json.loads(line))
    return rows


def fmt_ms(ms):
    return "—" if ms is None else f"{ms:.3f}"


def fmt_rate(batch, ms):
    return "—" if not ms else f"{batch * 1e3 / ms:,.0f}"


def main(out):
    trt = {(r["model"], r["precision"], r["batch"]): r["trtinfer"]
           for r in load(os.path.join(out, "trtinfer.jsonl"))}
    torch = {(r["model"], r["precision"], r["batch"]): r
             for r in load(os.path.join(out, "torch.jsonl"))}
    read = lambda name: open(os.path.join(out, name)).read().strip() \
        if os.path.exists(os.path.join(out, name)) else "?"
    print(f"GPU: {read('gpu.txt')}; PyTorch (version, CUDA, cuDNN): "
          f"{read('torch-version.txt')}\n")
    print("Mean milliseconds per batch (images/s in brackets). trtinfer: `trtinfer bench "
          "--backend cuda --device-buffers`, which times `trt_context_enqueue` on bindings "
          "in GPU memory until the stream is done (no host copies, as trtexec "
          "--noDataTransfers), each run waited for; PyTorch: the mean of back-to-back forward "
          "passes on tensors already on the GPU (torch.backends.cudnn.benchmark on), "
          "synchronized at the end.\n")
    print("| model | precision | batch | trtinfer ms (img/s) | PyTorch eager ms (img/s) "
          "| PyTorch CUDA graphs ms (img/s) | trtinfer vs graphs |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for key in sorted(set(trt) | set(torch), key=lambda k: (k[0], k[1] != "fp32", k[2])):
        model, precision, batch = key
        t = trt.get(key)
        t_ms = t["latency_ms"]["mean"] if t else None
        p = torch.get(key, {})
        e_ms, g_ms = p.get("torch_eager_ms"), p.get("torch_graph_ms")
        ratio = f"{g_ms / t_ms:.2f}x" if t_ms and g_ms else "—"
        print(f"| {model} | {precision} | {batch} | {fmt_ms(t_ms)} ({fmt_rate(batch, t_ms)}) "
              f"| {fmt_ms(e_ms)} ({fmt_rate(batch, e_ms)}) "
              f"| {fmt_ms(g_ms)} ({fmt_rate(batch, g_ms)}) | {ratio} |")
    print("\n\"trtinfer vs graphs\" is PyTorch-with-graphs time / trtinfer time "
          "(above 1: trtinfer is faster).\n")
    agreement = load(os.path.join(out, "agreement.jsonl"))
    if agreement:
        print("FP16 against FP32 (trtinfer, batch 4 of random inputs): worst relative "
              "difference over each row's FP32 top-5 classes.\n")
        print("| model | top-5 worst relative difference | same top-1 |")
        print("|---|---:|---|")
        for r in agreement:
            if "error" in r:
                print(f"| {r['model']} | no output ({r['error']}) | — |")
            else:
                print(f"| {r['model']} | {r['top5_worst_relative']:.2e} | "
                      f"{'yes' if r['same_top1'] else 'no'} |")


if __name__ == "__main__":
    main(sys.argv[1])
