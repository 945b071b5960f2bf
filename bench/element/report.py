#!/usr/bin/env python3
"""Turns bench/element/results.json into a Markdown table.

usage: report.py RESULTS.json PREPROCESS.jsonl OUT.md "COMMAND"
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cpu"))
from report import machine  # noqa: E402


def main():
    results_path, preprocess_path, md_path, command = sys.argv[1:5]
    rows = json.load(open(results_path))
    conversions = [json.loads(line) for line in open(preprocess_path) if line.strip()]
    lines = [
        "# The trtinfer element vs the bare engine (CPU, 1 thread)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        f"Load average when the run began: {os.environ.get('BENCH_LOAD', 'unknown')} "
        "(the machine is shared)",
        "",
        "Pipeline: `videotestsrc ! video/x-raw,format=F,width=W,height=H ! trtinfer model-file=M "
        "backend=cpu ! fakesink sync=false`. Element latency: from the frame entering the "
        "element to it leaving (conversion to the network input, the run, decoding), taken by "
        "pad probes. Frames/s: frames leaving the element per second, the test source included. "
        "Engine: `trtinfer bench M --backend cpu --threads 1` (random input, no conversion), "
        "measured just before each element run. Overhead = element median / engine median - 1; "
        "the minima (fastest frame, fastest run) are the least disturbed by other jobs.",
        "",
        "| model | frame | format | element median ms | element p99 ms | frames/s | "
        "engine median ms | overhead | overhead of the minima |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    medians = {}
    for r in rows:
        e, g = r["element"], r["engine"]
        if not e or not g:
            lines.append(f"| {r['model']} | {r['size']} | {r['format']} | failed | | | | | |")
            continue
        em, gm = e["latency_ms"]["median"], g["latency_ms"]["median"]
        medians[(r["model"], r["size"], r["format"])] = (em, gm)
        lines.append(f"| {r['model']} | {r['size']} | {r['format']} | {em:.2f} | "
                     f"{e['latency_ms']['p99']:.2f} | {e['frames_per_s']:.1f} | {gm:.2f} | "
                     f"{100 * (em / gm - 1):+.1f}% | "
                     f"{100 * (e['latency_ms']['min'] / g['latency_ms']['min'] - 1):+.1f}% |")
    lines += ["", "The preprocessing alone (`preprocess-bench.c`: `trt_preprocess_image` of one frame "
              "into the 224x224 RGB float input, 500 times; not disturbed by the engine or the "
              "pipeline):", "", "| frame | format | min ms | median ms |", "|---|---|---:|---:|"]
    for c in conversions:
        lines.append(f"| {c['width']}x{c['height']} | {c['format']} | {c['min_ms']:.3f} | "
                     f"{c['median_ms']:.3f} |")
    lines += ["", "1080p preprocessing cost seen in the pipeline (element median at 1920x1080 minus "
              "at 224x224, same model and format):", ""]
    for (model, size, fmt), (em, _) in medians.items():
        small = medians.get((model, "224x224", fmt))
        if size == "1920x1080" and small:
            lines.append(f"- {model}, {fmt}: {em - small[0]:.2f} ms per frame")
    small = [(k, em / gm - 1) for k, (em, gm) in medians.items() if k[1] == "224x224"]
    if small:
        lines += ["", "Target (the element's overhead under 10% at 224x224, by medians):", ""]
        for (model, _, fmt), over in small:
            lines.append(f"- {model} {fmt}: {100 * over:+.1f}%: {'met' if over < 0.10 else 'NOT met'}")
    open(md_path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
