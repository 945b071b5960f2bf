#!/usr/bin/env python3
"""Turns bench/element/results.json into a Markdown table.

usage: report.py RESULTS.json PREPROCESS.jsonl OUT.md "COMMAND"
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import header  # noqa: E402


def main():
    results_path, preprocess_path, md_path, command = sys.argv[1:5]
    rows = json.load(open(results_path))
    conversions = [json.loads(line) for line in open(preprocess_path) if line.strip()]
    # On CUDA the element converts frames on the device: the host conversion
    # measured next to it is not part of its time, so those columns go.
    cuda = os.environ.get("BENCH_BACKEND") == "cuda"
    lines = header(f"The trtinfer element vs the bare engine ({'CUDA' if cuda else 'CPU, 1 thread'})",
                   command) + [
        "How it is measured (`element-bench.c`): one process takes turns, frame by frame, "
        "between (1) pushing the frame through the `trtinfer` element (a GstHarness; the push "
        "runs all of the element's work on the calling thread), (2) the bare engine: "
        "`trt_context_execute` on a context of the same engine file, its input already "
        "converted (what `trtinfer bench` times), and (3) the conversion alone "
        "(`trt_preprocess_image`). The order rotates each frame. Other jobs on the machine "
        "then slow the element and the engine alike, instead of whichever ran while they were "
        "busy. Overhead = element median / engine median - 1 over the same frames; it "
        "includes mapping the frame, converting it to the network input (colour conversion, "
        "resize, scale; the element writes it straight into the engine's input, where the "
        "bare engine copies its input in), decoding the outputs (softmax, top-k), the "
        "`GstTrtInferMeta`, the bus message and GstBaseTransform's own work. "
        "Paired: the median over frames of (element - engine) on the same frame, over the engine "
        "median; a burst of other work slows both runs of a frame, so this moves less than the "
        "ratio of medians. Rest = element - engine - conversion, by medians.",
        "",
        "Frames/s: the same element in a real pipeline (`pipeline-bench.py`: `videotestsrc ! "
        "video/x-raw,format=F,width=W,height=H ! trtinfer model-file=M backend=cpu ! fakesink "
        "sync=false`), frames leaving the element per second, the test source included.",
        "",
    ]
    if cuda:
        lines += [
            "On CUDA (`backend=cuda`) the element uploads the frame as it is and converts it on "
            "the device, while the bare engine uploads the converted float input; both download "
            "the outputs. The conversion columns are left out (the device conversion is timed "
            "inside the element's run).",
            "",
        ]
    conversion_head = "" if cuda else " conversion median ms | rest ms |"
    lines += [
        "| model | frame | format | element median ms | engine median ms | overhead | "
        f"overhead, paired | overhead of the minima |{conversion_head} "
        "element p99 ms | pipeline frames/s |",
        "|---|---|---|---:|---:|---:|---:|---:|" + ("" if cuda else "---:|---:|") + "---:|---:|",
    ]
    overheads = {}
    paired = {}
    conversion_in_run = {}
    for r in rows:
        i, p = r["interleaved"], r["pipeline"]
        if not i:
            lines.append(f"| {r['model']} | {r['size']} | {r['format']} | failed |" + " |" * 9)
            continue
        el, en, pre, diff = i["element"], i["engine"], i["preprocess"], i["difference"]
        over = el["median"] / en["median"] - 1
        overheads[(r["model"], r["size"], r["format"])] = over
        paired[(r["model"], r["size"], r["format"])] = diff["median"] / en["median"]
        conversion_in_run[(r["model"], r["size"], r["format"])] = pre["median"]
        fps = f"{p['frames_per_s']:.1f}" if p else ("not run" if cuda else "failed")
        conversion = "" if cuda else (f" {pre['median']:.3f} | "
                                      f"{el['median'] - en['median'] - pre['median']:+.3f} |")
        lines.append(f"| {r['model']} | {r['size']} | {r['format']} | {el['median']:.2f} | "
                     f"{en['median']:.2f} | {100 * over:+.1f}% | "
                     f"{100 * diff['median'] / en['median']:+.1f}% | "
                     f"{100 * (el['min'] / en['min'] - 1):+.1f}% |{conversion} "
                     f"{el['p99']:.2f} | {fps} |")
    if cuda:
        conversions, conversion_in_run = [], {}
        element_ms = {(r["model"], r["size"], r["format"]): r["interleaved"]["element"]["median"]
                      for r in rows if r["interleaved"]}
        lines += ["", "1080p cost in the element on CUDA (element median at 1920x1080 minus at "
                  "224x224, same model and format: the larger upload and device conversion):",
                  ""]
        for (model, size, fmt), ms in element_ms.items():
            small = element_ms.get((model, "224x224", fmt))
            if size == "1920x1080" and small is not None:
                lines.append(f"- {model}, {fmt}: {ms - small:+.3f} ms per frame")
    if conversions:
        lines += ["", "The conversion alone, without the element and the engine around it "
                  "(`preprocess-bench.c`: `trt_preprocess_image` of one frame into the 224x224 "
                  "RGB float input, 500 times):", "", "| frame | format | min ms | median ms |",
                  "|---|---|---:|---:|"]
        for c in conversions:
            lines.append(f"| {c['width']}x{c['height']} | {c['format']} | {c['min_ms']:.3f} | "
                         f"{c['median_ms']:.3f} |")
    if conversion_in_run:
        lines += ["", "1080p preprocessing cost in the element runs (conversion median, "
                  "1920x1080 into 224x224):", ""]
    for (model, size, fmt), ms in conversion_in_run.items():
        if size == "1920x1080":
            key = (model, size, fmt)
            lines.append(f"- {model}, {fmt}: {ms:.3f} ms per frame (element overhead "
                         f"{100 * overheads[key]:+.1f}%, paired {100 * paired[key]:+.1f}%)")
    small = [(k, v) for k, v in overheads.items() if k[1] == "224x224"]
    if small:
        lines += ["", "Target (the element's overhead under 10% at 224x224, by medians; paired "
                  "in brackets):", ""]
        for key, over in small:
            verdict = "met" if over < 0.10 else "NOT met"
            lines.append(f"- {key[0]} {key[2]}: {100 * over:+.1f}% ({100 * paired[key]:+.1f}%): "
                         f"{verdict}")
    open(md_path, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
