#!/usr/bin/env python3
"""Engine build time and load time per model, through the C API (ctypes),
so that process start-up is not counted.

  build:   trt_onnx_parse_file + trt_builder_build_engine (optimization
           passes, kernels prepared once, tactics chosen)
  load:    trt_runtime_load_engine of the saved file (mapping, checksum,
           tables checked, shapes inferred again)
  context: trt_engine_create_context on the loaded engine (kernels prepared
           for running; the same after a build or a load)

Each is the median of --repeat runs. The loads read the engine file saved
by the last build, as an engine cache written by an earlier run is read
(right after a save, the kernel may still be writing the file's pages out,
which is not what a cache hit meets). oneDNN's primitive cache is off
(run.sh sets ONEDNN_PRIMITIVE_CACHE_CAPACITY=0): a process builds or loads
an engine once, and a cache warmed by the previous repetition would hide
the cost of making the convolution kernels. Prints one JSON list.

    build-bench.py LIBTRTINFER.so NAME=MODEL.onnx... [--repeat N]
                   [--backend cpu|cuda] [--precision fp32|fp16]
"""
import ctypes
import json
import os
import statistics
import sys
import tempfile
import time

BACKENDS = {"cpu": 1, "cuda": 2}
PRECISIONS = {"fp32": 0, "fp16": 1}
SEVERITY_ERROR = 1


def main():
    args = sys.argv[1:]
    options = {"--repeat": "3", "--backend": "cpu", "--precision": "fp32"}
    for option in options:
        if option in args:
            i = args.index(option)
            options[option] = args[i + 1]
            del args[i:i + 2]
    repeat = int(options["--repeat"])
    lib = ctypes.CDLL(args[0])
    p = ctypes.c_void_p
    for name, res, argtypes in [
        ("trt_logger_new_console", p, [ctypes.c_int]),
        ("trt_builder_new", p, [p]),
        ("trt_builder_create_network", p, [p]),
        ("trt_onnx_parse_file", ctypes.c_int, [p, ctypes.c_char_p, p]),
        ("trt_builder_config_new", p, []),
        ("trt_builder_config_set_backend", None, [p, ctypes.c_int]),
        ("trt_builder_config_set_precision", None, [p, ctypes.c_int]),
        ("trt_builder_build_engine", p, [p, p, p]),
        ("trt_engine_save", ctypes.c_int, [p, ctypes.c_char_p]),
        ("trt_runtime_new", p, [p]),
        ("trt_runtime_load_engine", p, [p, ctypes.c_char_p]),
        ("trt_engine_create_context", p, [p]),
        ("trt_context_free", None, [p]),
        ("trt_engine_free", None, [p]),
        ("trt_network_free", None, [p]),
    ]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, argtypes

    logger = lib.trt_logger_new_console(SEVERITY_ERROR)
    builder = lib.trt_builder_new(logger)
    runtime = lib.trt_runtime_new(logger)
    config = lib.trt_builder_config_new()
    lib.trt_builder_config_set_backend(config, BACKENDS[options["--backend"]])
    lib.trt_builder_config_set_precision(config, PRECISIONS[options["--precision"]])
    results = []
    tmp = tempfile.mkdtemp(prefix="build-bench-")
    # The first model is built and loaded once uncounted, so that starting
    # the libraries (oneDNN's engine, its JIT) is not charged to a model.
    specs = args[1:]
    for index, spec in enumerate(specs[:1] + specs):
        warmup = index == 0
        name, path = spec.split("=", 1)
        engine_path = os.path.join(tmp, name + ".engine").encode()
        builds, loads = [], []
        for _ in range(1 if warmup else repeat):
            start = time.perf_counter()
            network = lib.trt_builder_create_network(builder)
            if lib.trt_onnx_parse_file(network, path.encode(), logger) != 0:
                raise SystemExit(f"build-bench: {path} does not parse")
            engine = lib.trt_builder_build_engine(builder, network, config)
            builds.append(time.perf_counter() - start)
            if not engine or lib.trt_engine_save(engine, engine_path) != 0:
                raise SystemExit(f"build-bench: {path} does not build")
            lib.trt_engine_free(engine)
            lib.trt_network_free(network)
        for _ in range(1 if warmup else repeat):
            start = time.perf_counter()
            engine = lib.trt_runtime_load_engine(runtime, engine_path)
            loaded = time.perf_counter()
            context = lib.trt_engine_create_context(engine) if engine else None
            loads.append((loaded - start, time.perf_counter() - loaded))
            if not context:
                raise SystemExit(f"build-bench: {engine_path.decode()} does not load")
            lib.trt_context_free(context)
            lib.trt_engine_free(engine)
        if warmup:
            os.remove(engine_path)
            continue
        results.append({"model": name, "build_s": statistics.median(builds),
                        "load_s": statistics.median(l for l, _ in loads),
                        "context_s": statistics.median(c for _, c in loads),
                        "engine_bytes": os.path.getsize(engine_path), "repeat": repeat,
                        "backend": options["--backend"], "precision": options["--precision"]})
        os.remove(engine_path)
        print(f"build-bench: {name} done", file=sys.stderr)
    os.rmdir(tmp)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
