#!/usr/bin/env python3
"""MNIST through the UFF/TensorFlow parser, as TensorRT's UFF MNIST sample:
register the input (C, H, W) and the output, build with
trt.utils.uff_to_trt_engine, classify the ten digits, then serialize the
engine, load it back and classify them again. Two models of
../shared/models: the Keras MLP as a binary .uff (tf_uff/mnist_mlp.uff) and
LeNet-5 as the frozen TensorFlow graph NVIDIA made lenet5.uff from
(mnist/lenet5_mnist_frozen.pb).

    python3 python/examples/uff_mnist.py
Exits with status 77 when the shared models are not there.
"""
import sys

from mnist_common import digits, report, shared_model, softmax

import numpy as np
import trtinfer as trt
from trtinfer.parsers import uffparser

G_LOGGER = trt.infer.ConsoleLogger(trt.infer.LogSeverity.ERROR)
MAX_BATCHSIZE = 1
MAX_WORKSPACE = 1 << 20

# file, input node, output node, whether the output is already a softmax
MODELS = [
    (("tf_uff", "mnist_mlp.uff"), "input_1", "dense_1/Softmax", True),
    (("mnist", "lenet5_mnist_frozen.pb"), "in", "out", False),
]


def classify(engine, input_name, output_name, is_softmax):
    for digit, image in digits():
        x = (1.0 - image.astype(np.float32) / 255.0).reshape(1, 28, 28)
        scores = engine.infer({input_name: x})[output_name].reshape(-1)
        p = scores if is_softmax else softmax(scores)
        yield digit, (int(p.argmax()), float(p.max()))


def main():
    status = 0
    for parts, input_name, output_name, is_softmax in MODELS:
        model = shared_model(*parts)
        try:
            parser = uffparser.create_uff_parser()
        except trt.TrtError as error:  # a library built without the parser
            print(f"skipped: {error}", file=sys.stderr)
            return 77
        parser.register_input(input_name, (1, 28, 28), 0)
        parser.register_output(output_name)
        engine = trt.utils.uff_to_trt_engine(G_LOGGER, str(model), parser,
                                             MAX_BATCHSIZE, MAX_WORKSPACE)
        status |= report(f"{model.name}, built engine",
                         classify(engine, input_name, output_name, is_softmax))
        runtime = trt.infer.create_infer_runtime(G_LOGGER)
        loaded = runtime.deserialize_cuda_engine(engine.serialize())
        status |= report(f"{model.name}, engine serialized and loaded again",
                         classify(loaded, input_name, output_name, is_softmax))
    return status


if __name__ == "__main__":
    sys.exit(main())
