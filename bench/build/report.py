#!/usr/bin/env python3
"""Turns bench/build/results.json into a Markdown table.

usage: report.py RESULTS.json OUT.md "COMMAND"
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cpu"))
from report import machine  # noqa: E402


def main():
    results_path, md_path, command = sys.argv[1:4]
    rows = json.load(open(results_path))
    lines = [
        "# Engine build and load times (CPU backend)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        f"Load average when the run began: {os.environ.get('BENCH_LOAD', 'unknown')} "
        "(the machine is shared)",
        "",
        "Build: `trt_onnx_parse_file` + `trt_builder_build_engine` (passes, every kernel "
        "prepared once). Load: `trt_runtime_load_engine` of the saved engine file + "
        "`trt_engine_create_context` (kernels prepared for running), which is what the element "
        "waits for when its engine comes from the cache. Medians, in the same process.",
        "",
        "| model | engine file MB | build s | load s | of which reading the file s | "
        "load / build |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['model']} | {r['engine_bytes'] / 1e6:.1f} | {r['build_s']:.3f} | "
                     f"{r['load_s']:.3f} | {r['load_file_s']:.3f} | "
                     f"{100 * r['load_s'] / r['build_s']:.0f}% |")
    worst = max(rows, key=lambda r: r["load_s"] / r["build_s"])
    met = worst["load_s"] / worst["build_s"] < 0.10
    lines += ["", f"Target (load under 10% of build for every model): {'met' if met else 'NOT met'}; "
              f"worst {worst['model']} at {100 * worst['load_s'] / worst['build_s']:.0f}%."]
    open(md_path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
