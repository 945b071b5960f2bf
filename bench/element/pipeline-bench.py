#!/usr/bin/env python3
"""Frames/s of the trtinfer element in a real pipeline, for one frame size
and format (its overhead over the bare engine is element-bench.c's job):

    videotestsrc ! video/x-raw,format=F,width=W,height=H ! trtinfer ! fakesink

Pad probes on the element's sink and source pads take the time each buffer
goes in and comes out (the element works in place on the streaming thread,
so that is the whole of its work on the frame: conversion to the network's
input, the run, decoding); frames/s counts the buffers that left the
element over the time they took, the test source included. The first
--warmup frames (engine load or build, first runs) are not counted.
Prints one JSON object.

    pipeline-bench.py MODEL --width W --height H --format RGB|NV12
                     [--frames N] [--warmup N] [--backend cpu|cuda]
                     [--cache-dir DIR] [--property NAME=VALUE]...
"""
import argparse
import json
import tempfile
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def percentile(sorted_values, p):
    """Nearest rank, as trtinfer bench."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--height", type=int, required=True)
    ap.add_argument("--format", default="RGB")
    ap.add_argument("--frames", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--backend", default="cpu")
    ap.add_argument("--cache-dir", default=None, help="engine cache (default: a new temporary one)")
    ap.add_argument("--property", action="append", default=[])
    a = ap.parse_args()

    Gst.init(None)
    cache_dir = a.cache_dir or tempfile.mkdtemp(prefix="pipeline-bench-")
    props = " ".join(a.property)
    pipeline = Gst.parse_launch(
        f"videotestsrc pattern=smpte num-buffers={a.warmup + a.frames} ! "
        f"video/x-raw,format={a.format},width={a.width},height={a.height},framerate=30/1 ! "
        f"trtinfer name=infer model-file={a.model} backend={a.backend} "
        f"engine-cache-dir={cache_dir} {props} ! fakesink sync=false")
    infer = pipeline.get_by_name("infer")
    entered, spans, exits = {}, [], []

    def on_sink(pad, info):
        entered[info.get_buffer().pts] = time.perf_counter()
        return Gst.PadProbeReturn.OK

    def on_src(pad, info):
        now = time.perf_counter()
        start = entered.pop(info.get_buffer().pts, None)
        if start is not None:
            spans.append((now - start) * 1e3)
            exits.append(now)
        return Gst.PadProbeReturn.OK

    infer.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_sink)
    infer.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_src)

    loop = GLib.MainLoop()
    error = []

    def on_message(bus, msg):
        if msg.type == Gst.MessageType.ERROR:
            error.append(msg.parse_error()[0].message)
            loop.quit()
        elif msg.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    bus.remove_signal_watch()
    if error:
        raise SystemExit(f"pipeline-bench: {error[0]}")

    measured = spans[a.warmup:]
    times = exits[a.warmup:]
    if len(measured) < 2:
        raise SystemExit("pipeline-bench: too few frames came through")
    ordered = sorted(measured)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    print(json.dumps({
        "format": a.format, "width": a.width, "height": a.height, "frames": len(measured),
        # Frames that left the element over the time between the first and
        # the last of them.
        "frames_per_s": (len(times) - 1) / (times[-1] - times[0]),
        "latency_ms": {"min": ordered[0], "mean": sum(ordered) / len(ordered), "median": median,
                       "p90": percentile(ordered, 90), "p99": percentile(ordered, 99)},
    }))


if __name__ == "__main__":
    main()
