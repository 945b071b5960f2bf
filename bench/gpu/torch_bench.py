"""PyTorch side of the GPU benchmark (bench/gpu/run.sh).

  python3 torch_bench.py export DIR            ONNX files of the four models
  python3 torch_bench.py time DIR BATCHES      PyTorch eager and CUDA-graph
                                               timings, one JSON line each
  python3 torch_bench.py compare DIR           FP16 vs FP32 agreement of
                                               trtinfer outputs (top-5)

Models: torchvision ResNet-50, MobileNetV2, SqueezeNet 1.1 (weights=None:
random initialisation, since the GPU machine has no network; timings do
not depend on the values) and a LeNet shaped like the MNIST one. All take
NCHW float32 with a dynamic batch dimension.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torchvision

torch.manual_seed(0)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84),
            nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


MODELS = {
    "resnet50": (lambda: torchvision.models.resnet50(weights=None), (3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(weights=None), (3, 224, 224)),
    "squeezenet1_1": (lambda: torchvision.models.squeezenet1_1(weights=None), (3, 224, 224)),
    "lenet": (LeNet, (1, 28, 28)),
}


def make(name):
    # The same weights every run: the ONNX export and the PyTorch timing
    # and the accuracy check all see one model.
    torch.manual_seed(0)
    model = MODELS[name][0]().eval()
    return model


def export(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, (_, shape) in MODELS.items():
        model = make(name)
        x = torch.randn(1, *shape)
        path = os.path.join(out_dir, name + ".onnx")
        kwargs = dict(input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                      opset_version=17)
        try:  # the TorchScript exporter, where this PyTorch still has it
            torch.onnx.export(model, x, path, dynamo=False, **kwargs)
        except TypeError:
            torch.onnx.export(model, x, path, **kwargs)
        # One input for the accuracy check (batch 4).
        np.save(os.path.join(out_dir, name + "-input.npy"),
                np.random.default_rng(1).standard_normal((4, *shape)).astype(np.float32))
        print("exported", path, flush=True)


def timed(fn, min_seconds=0.5, min_iters=20):
    """Mean milliseconds of fn() over at least min_iters runs and min_seconds."""
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    iters, start = 0, time.perf_counter()
    while True:
        fn()
        iters += 1
        if iters >= min_iters:
            torch.cuda.synchronize()
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                return 1e3 * elapsed / iters


def time_models(out_dir, batches):
    torch.backends.cudnn.benchmark = True
    dev = torch.device("cuda")
    for name, (_, shape) in MODELS.items():
        for precision in ("fp32", "fp16"):
            dtype = torch.float16 if precision == "fp16" else torch.float32
            model = make(name).to(dev, dtype)
            for batch in batches:
                x = torch.randn(batch, *shape, device=dev, dtype=dtype)
                with torch.inference_mode():
                    eager = timed(lambda: model(x))
                    # CUDA graphs: capture one forward on a side stream, replay.
                    stream = torch.cuda.Stream()
                    stream.wait_stream(torch.cuda.current_stream())
                    with torch.cuda.stream(stream):
                        for _ in range(3):
                            model(x)
                    torch.cuda.current_stream().wait_stream(stream)
                    graph = torch.cuda.CUDAGraph()
                    with torch.cuda.graph(graph):
                        model(x)
                    graphed = timed(graph.replay)
                    del graph
                print(json.dumps({"model": name, "precision": precision, "batch": batch,
                                  "torch_eager_ms": eager, "torch_graph_ms": graphed}),
                      flush=True)
            del model
            torch.cuda.empty_cache()


def top5_agreement(out_dir):
    """FP16 vs FP32 trtinfer outputs: worst relative difference on each
    row's FP32 top-5 classes, and whether the top-1 class is the same."""
    for name in MODELS:
        try:
            a = np.load(os.path.join(out_dir, name + "-fp32", "output_0.npy"))
            b = np.load(os.path.join(out_dir, name + "-fp16", "output_0.npy"))
        except OSError as e:
            print(json.dumps({"model": name, "error": str(e)}))
            continue
        a, b = a.reshape(a.shape[0], -1), b.reshape(b.shape[0], -1)
        worst, same_top1 = 0.0, True
        for row_a, row_b in zip(a, b):
            top = np.argsort(-row_a)[:5]
            rel = np.abs(row_b[top] - row_a[top]) / np.maximum(np.abs(row_a[top]), 1e-6)
            worst = max(worst, float(rel.max()))
            same_top1 &= int(np.argmax(row_a)) == int(np.argmax(row_b))
        print(json.dumps({"model": name, "top5_worst_relative": worst,
                          "same_top1": bool(same_top1)}))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2])
    elif sys.argv[1] == "time":
        time_models(sys.argv[2], [int(b) for b in sys.argv[3].split(",")])
    elif sys.argv[1] == "compare":
        top5_agreement(sys.argv[2])
    else:
        sys.exit("usage: torch_bench.py export|time|compare DIR [BATCHES]")
