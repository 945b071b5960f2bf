#!/usr/bin/env python3
"""MNIST through the Caffe parser, as TensorRT's Caffe MNIST sample: parse
mnist.prototxt and mnist.caffemodel (from ../shared/models), mark the
"prob" blob as output, subtract the mean image of mnist_mean.binaryproto,
classify the ten digits, then serialize the engine, load it back and
classify them again.

    python3 python/examples/caffe_mnist.py
Exits with status 77 when the shared models are not there.
"""
import sys

from mnist_common import digits, report, shared_model

import numpy as np
import trtinfer as trt
from trtinfer.parsers import caffeparser

G_LOGGER = trt.infer.ConsoleLogger(trt.infer.LogSeverity.ERROR)
OUTPUT_LAYERS = ["prob"]
MAX_BATCHSIZE = 1
MAX_WORKSPACE = 1 << 20


def main():
    deploy = shared_model("mnist", "mnist.prototxt")
    model = shared_model("mnist", "mnist.caffemodel")
    mean_file = shared_model("mnist", "mnist_mean.binaryproto")

    builder = trt.infer.create_infer_builder(G_LOGGER)
    builder.set_max_batch_size(MAX_BATCHSIZE)
    builder.set_max_workspace_size(MAX_WORKSPACE)
    network = builder.create_network()
    parser = caffeparser.create_caffe_parser()
    blob_name_to_tensor = parser.parse(str(deploy), str(model), network,
                                       trt.infer.DataType.FLOAT)
    for name in OUTPUT_LAYERS:
        network.mark_output(blob_name_to_tensor.find(name))
    engine = builder.build_cuda_engine(network)
    mean = parser.parse_binary_proto(str(mean_file))  # float32 [1, 1, 28, 28]

    def classify(engine):
        for digit, image in digits():
            data = image.astype(np.float32).reshape(mean.shape) - mean
            prob = engine.infer({"data": data})["prob"]
            yield digit, (int(prob.argmax()), float(prob.max()))

    status = report("Caffe, built engine", classify(engine))
    runtime = trt.infer.create_infer_runtime(G_LOGGER)
    loaded = runtime.deserialize_cuda_engine(engine.serialize())
    status |= report("Caffe, engine serialized and loaded again", classify(loaded))

    # The one-call form of TensorRT's utils gives the same engine.
    engine = trt.utils.caffe_to_trt_engine(G_LOGGER, str(deploy), str(model), MAX_BATCHSIZE,
                                           MAX_WORKSPACE, OUTPUT_LAYERS,
                                           trt.infer.DataType.FLOAT)
    status |= report("Caffe, trt.utils.caffe_to_trt_engine", classify(engine))
    return status


if __name__ == "__main__":
    sys.exit(main())
