#!/usr/bin/env python3
"""Turns bench/build/results*.json into a Markdown table.

usage: report.py RESULTS.json OUT.md "COMMAND"
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import header  # noqa: E402


def main():
    results_path, md_path, command = sys.argv[1:4]
    rows = json.load(open(results_path))
    backend, precision = rows[0]["backend"], rows[0]["precision"]
    lines = header(f"Engine build and load times ({backend} backend, {precision})", command) + [
        "Build: `trt_onnx_parse_file` + `trt_builder_build_engine` (passes, every kernel "
        "prepared once, tactics timed where the backend has a choice). Load: "
        "`trt_runtime_load_engine` of the engine file the last build saved (the file is "
        "mapped, its checksum checked over every byte, the tables checked and every shape "
        "inferred again; the weights are used where the mapping has them). Context: "
        "`trt_engine_create_context` on the loaded engine (kernels prepared for running), "
        "which follows a build as it follows a load; ready from cache / from model = "
        "(load + context) / (build + context). Medians, in the same process.",
        "",
        "| model | engine file MB | build s | load s | load / build | context s | "
        "ready from cache / from model |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ready = (r["load_s"] + r["context_s"]) / (r["build_s"] + r["context_s"])
        lines.append(f"| {r['model']} | {r['engine_bytes'] / 1e6:.1f} | {r['build_s']:.3f} | "
                     f"{r['load_s']:.4f} | {100 * r['load_s'] / r['build_s']:.1f}% | "
                     f"{r['context_s']:.3f} | {100 * ready:.0f}% |")
    worst = max(rows, key=lambda r: r["load_s"] / r["build_s"])
    met = worst["load_s"] / worst["build_s"] < 0.10
    lines += ["", f"Target (load under 10% of build for every model): {'met' if met else 'NOT met'}; "
              f"worst {worst['model']} at {100 * worst['load_s'] / worst['build_s']:.1f}%."]
    open(md_path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
