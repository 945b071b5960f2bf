#!/usr/bin/env python3
"""MNIST through the ONNX parser, as TensorRT's ONNX MNIST sample: parse
models/mnist.onnx, build an engine, classify the ten digits, then write
the engine to a file, load it back and classify them again through an
execution context and NumPy bindings.

    python3 python/examples/onnx_mnist.py [--engine mnist.engine]
"""
import argparse
import os
import sys
import tempfile

from mnist_common import REPO, digits, report, softmax

import numpy as np
import trtinfer as trt
from trtinfer.parsers import onnxparser

G_LOGGER = trt.infer.ConsoleLogger(trt.infer.LogSeverity.ERROR)


def build_engine(model_file):
    config = onnxparser.create_onnxconfig()
    config.set_model_filename(model_file)
    config.set_model_dtype(trt.infer.DataType.FLOAT)
    parser = onnxparser.create_onnxparser(config)
    parser.parse(config.get_model_filename(), config.get_model_dtype())
    parser.convert_to_trt_network()
    network = parser.get_trt_network()

    builder = trt.infer.create_infer_builder(G_LOGGER)
    builder.set_max_batch_size(1)
    builder.set_max_workspace_size(1 << 20)
    return builder.build_cuda_engine(network)


def preprocess(image):
    """The sample's input: 1 - pixel/255 (white digit on black)."""
    return 1.0 - image.astype(np.float32) / 255.0


def classify_with_infer(engine):
    """engine.infer: {input name: array} in, {output name: array} out."""
    input_name, output_name = engine.get_binding_name(0), engine.get_binding_name(1)
    for digit, image in digits():
        x = preprocess(image).reshape(engine.get_binding_dimensions(0))
        scores = engine.infer({input_name: x})[output_name]
        p = softmax(scores)
        yield digit, (int(p.argmax()), float(p.max()))


def classify_with_context(engine):
    """context.execute(batch, bindings) with NumPy arrays as the bindings:
    the library reads and writes their memory in place."""
    context = engine.create_execution_context()
    x = np.empty(engine.get_binding_dimensions(0), dtype=np.float32)
    scores = np.empty(engine.get_binding_dimensions(1), dtype=np.float32)
    for digit, image in digits():
        x[...] = preprocess(image).reshape(x.shape)
        context.execute(1, [x, scores])
        p = softmax(scores)
        yield digit, (int(p.argmax()), float(p.max()))


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--model", default=str(REPO / "models" / "mnist.onnx"))
    args.add_argument("--engine", help="where to write the engine file (default: a temporary file)")
    args = args.parse_args()

    engine = build_engine(args.model)
    print(f"engine built for {engine.get_backend_name()}: "
          + ", ".join(f"{engine.get_binding_name(i)} {list(engine.get_binding_dimensions(i))}"
                      for i in range(engine.get_nb_bindings())))
    status = report("ONNX, built engine", classify_with_infer(engine))

    with tempfile.TemporaryDirectory() as tmp:
        path = args.engine or os.path.join(tmp, "mnist.engine")
        trt.utils.write_engine_to_file(path, engine.serialize())
        loaded = trt.utils.load_engine(G_LOGGER, path)
        status |= report(f"ONNX, engine loaded from {os.path.basename(path)}",
                         classify_with_context(loaded))
    return status


if __name__ == "__main__":
    sys.exit(main())
