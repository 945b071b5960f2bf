#!/usr/bin/env python3
"""Turns bench/cpu/results.json into a Markdown table and a PNG plot.

usage: report.py RESULTS.json OUT.md OUT.png "COMMAND"
"""
import json
import math
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import machine  # noqa: E402


def combine(rounds):
    """One engine's rounds of a case as one result: each figure's median over
    the rounds that ran (None when none did)."""
    runs = [r for r in rounds if r]
    if not runs:
        return None
    return {"peer": runs[0].get("peer"),
            "throughput_qps": statistics.median(r["throughput_qps"] for r in runs),
            "latency_ms": {k: statistics.median(r["latency_ms"][k] for r in runs)
                           for k in runs[0]["latency_ms"]}}


def main():
    results_path, md_path, png_path, command = sys.argv[1:5]
    rows = json.load(open(results_path))
    for r in rows:
        r["trtinfer"], r["onnxruntime"] = combine(r["trtinfer"]), combine(r["onnxruntime"])
    lines = [
        "# CPU: trtinfer vs onnxruntime",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        f"Peer: {next((r['onnxruntime'].get('peer') for r in rows if r['onnxruntime']), 'onnxruntime')} "
        "(CPU execution provider, sequential, all graph optimizations); both engines with their "
        "thread pools as shipped (idle threads spin a while before they sleep)",
        "",
        f"Load average when the run began: {os.environ.get('BENCH_LOAD', 'unknown')} "
        "(the machine is shared: compare trtinfer with the peer measured next to it)  ",
        "Batch 8 runs a copy of each model made for it by `bench/cpu/batch-model.py` (batch dim 8, "
        "Reshape targets that started with 1 copy the batch instead); both engines run the same file.",
        "",
        "Latency in ms (median / p99), throughput in inferences per second, each the median over the "
        "rounds; ratio = trtinfer median / onnxruntime median (below 1 means trtinfer is faster).",
        "",
        "| model | batch | threads | trtinfer median | trtinfer p99 | trtinfer qps | onnxruntime median "
        "| onnxruntime p99 | onnxruntime qps | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = {}
    for r in rows:
        t, o = r["trtinfer"], r["onnxruntime"]
        def cell(x, key, sub=None):
            if not x:
                return "failed"
            v = x[key][sub] if sub else x[key]
            return f"{v:.3f}" if v < 100 else f"{v:.1f}"
        ratio = "n/a"
        if t and o:
            q = t["latency_ms"]["median"] / o["latency_ms"]["median"]
            ratio = f"{q:.2f}"
            ratios.setdefault((r["batch"], r["threads"]), []).append((r["model"], q))
        lines.append(f"| {r['model']} | {r['batch']} | {r['threads']} | {cell(t, 'latency_ms', 'median')} | "
                     f"{cell(t, 'latency_ms', 'p99')} | {cell(t, 'throughput_qps')} | "
                     f"{cell(o, 'latency_ms', 'median')} | {cell(o, 'latency_ms', 'p99')} | "
                     f"{cell(o, 'throughput_qps')} | {ratio} |")
    lines += ["", "Geometric mean of the ratio:", ""]
    means = {}
    for (batch, threads), qs in sorted(ratios.items()):
        g = means[(batch, threads)] = math.exp(sum(math.log(q) for _, q in qs) / len(qs))
        lines.append(f"- batch {batch}, {threads} thread(s): {g:.2f} over {len(qs)} models")
    # Issue #8's targets: batch-1 latency at most 1.25x onnxruntime on every
    # model, geometric mean at most 1.0, in one run.
    lines += ["", "Targets (batch 1: every ratio at most 1.25, geometric mean at most 1.0):", ""]
    for threads in (1, 2):
        qs = ratios.get((1, threads), [])
        if not qs:
            continue
        model, worst = max(qs, key=lambda mq: mq[1])
        complete = len(qs) == len({r["model"] for r in rows})
        met = complete and worst <= 1.25 and means[(1, threads)] <= 1.0
        lines.append(f"- {threads} thread(s): worst {worst:.2f} ({model}), geometric mean "
                     f"{means[(1, threads)]:.2f}: {'met' if met else 'NOT met'}"
                     f"{'' if complete else ' (some models failed)'}")
    open(md_path, "w").write("\n".join(lines) + "\n")

    # Plot: ratio per model at batch 1, one bar group per thread count.
    data = os.path.splitext(png_path)[0] + ".dat"
    models = sorted({m for qs in ratios.values() for m, _ in qs})
    with open(data, "w") as f:
        for m in models:
            vals = [dict(ratios.get((1, th), [])).get(m, float("nan")) for th in (1, 2)]
            f.write(f"{m} {vals[0]} {vals[1]}\n")
    script = f"""
set terminal pngcairo size 1000,500 noenhanced
set output '{png_path}'
set title 'trtinfer / onnxruntime CPU latency at batch 1 (below 1: trtinfer faster)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8
set yrange [0:*]
set ylabel 'latency ratio'
set xtics rotate by -30
set grid ytics
plot '{data}' using 2:xtic(1) title '1 thread', '' using 3 title '2 threads', 1 with lines lc rgb 'black' title 'parity', 1.25 with lines lc rgb 'red' dt 2 title 'target 1.25'
"""
    try:
        subprocess.run(["gnuplot"], input=script.encode(), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"report: no plot ({e})", file=sys.stderr)
    finally:
        os.remove(data)


if __name__ == "__main__":
    main()
