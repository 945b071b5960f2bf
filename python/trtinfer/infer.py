"""trtinfer.infer: the core objects, named as in TensorRT's original Python
API (tensorrt.infer):

    G_LOGGER = trt.infer.ConsoleLogger(trt.infer.LogSeverity.ERROR)
    builder = trt.infer.create_infer_builder(G_LOGGER)
    network = builder.create_network()
    ...
    engine = builder.build_cuda_engine(network)
    context = engine.create_execution_context()
    context.execute(1, [input_array, output_array])
"""
from . import _lib
from ._builder import Builder
from ._engine import Engine, ExecutionContext, Runtime
from ._lib import TrtError
from ._logger import ConsoleLogger, Logger
from ._network import Layer, Network, Tensor
from ._types import (ActivationType, Backend, DataType, Dims, DimsCHW, DimsNCHW,
                     ElementWiseOperation, LogSeverity, UnaryOperation, nptype)

__all__ = [
    "ActivationType", "Backend", "Builder", "ConsoleLogger", "DataType", "Dims",
    "DimsCHW", "DimsNCHW", "ElementWiseOperation", "Engine", "ExecutionContext",
    "Layer", "LogSeverity", "Logger", "Network", "Runtime", "Tensor", "TrtError",
    "UnaryOperation", "backend_is_available", "create_infer_builder",
    "create_infer_runtime", "nptype",
]


def create_infer_builder(logger):
    """A builder whose messages (and those of its networks and engines) go
    to `logger`."""
    return Builder(logger)


def create_infer_runtime(logger):
    """A runtime that loads engine files, logging to `logger`."""
    return Runtime(logger)


def backend_is_available(backend, device_id=0):
    """Whether this build of the library has `backend` (a Backend) and a
    device for it; the CPU always is."""
    return bool(_lib.lib.trt_backend_is_available(Backend(backend), device_id))
