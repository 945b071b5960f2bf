"""UFF models and frozen TensorFlow graphs into networks, as TensorRT's
uffparser:

    parser = uffparser.create_uff_parser()
    parser.register_input("in", (1, 28, 28), 0)      # C, H, W; order NCHW
    parser.register_output("out")
    engine = trt.utils.uff_to_trt_engine(G_LOGGER, "lenet5.uff", parser,
                                         MAX_BATCHSIZE, MAX_WORKSPACE)

A .uff file and the frozen GraphDef (.pb) it came from are both read (told
apart by content). Inputs are registered without the batch, channels first,
with the order of the data that will be fed (UffInputOrder); the network
input is [N, C, H, W] (NCHW) or [N, H, W, C] (NHWC). Messages go to the
network's logger unless set_logger() names another. Failures raise TrtError
with the parser's message.
"""
from enum import IntEnum

import numpy as np

from .. import _lib
from .._logger import logger_pointer, quiet_unless
from .._network import Network
from .._types import DataType, to_c_dims

lib = _lib.lib

__all__ = ["UffInputOrder", "UffParser", "create_uff_parser"]


class UffInputOrder(IntEnum):
    NCHW = 0  # fed channels first: C x H x W per item
    NHWC = 1  # fed channels last: H x W x C per item
    NC = 2    # no spatial dims: fed as given


class UffParser:
    """TensorRT's IUffParser."""

    def __init__(self):
        if not _lib.has("trt_uff_parser_new"):
            raise _lib.TrtError(f"this libtrtinfer ({_lib.library_path}) has no "
                                "UFF/TensorFlow parser", "UNSUPPORTED")
        ptr = lib.trt_uff_parser_new()
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a UFF parser")
        self._handle = _lib.Handle(ptr, lib.trt_uff_parser_free)
        self._logger = None

    def destroy(self):
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the UFF parser was destroyed")
        return self._handle.ptr

    def _quiet_unless_logger(self):
        return quiet_unless(self._logger, lib.trt_uff_parser_set_logger, self._ptr())

    def set_logger(self, logger):
        """Where messages go; None (the default): the network's logger."""
        pointer = logger_pointer(logger) if logger is not None else None
        lib.trt_uff_parser_set_logger(self._ptr(), pointer)
        self._logger = logger  # used by the C parser only while this object lives

    def register_input(self, name, dims, order=UffInputOrder.NCHW):
        """Registers input `name` of `dims` without the batch, channels first
        ((C, H, W) or (C,)), fed in `order`. Registering a name again
        replaces it. Returns True."""
        with self._quiet_unless_logger(), _lib.capture() as errors:
            status = lib.trt_uff_parser_register_input(self._ptr(), _lib.encode(name),
                                                       to_c_dims(dims), UffInputOrder(order))
        _lib.check(status, errors, f"cannot register input '{name}'")
        return True

    def register_output(self, name):
        """Registers output node `name` ("node", or "node:1" for its second
        output). Returns True."""
        with self._quiet_unless_logger(), _lib.capture() as errors:
            status = lib.trt_uff_parser_register_output(self._ptr(), _lib.encode(name))
        _lib.check(status, errors, f"cannot register output '{name}'")
        return True

    def clear(self):
        """Forgets the registered inputs and outputs."""
        lib.trt_uff_parser_clear(self._ptr())

    def parse(self, model, network, dtype=DataType.FLOAT):
        """Adds the graph of `model` (a .uff or frozen .pb path, or the file's
        bytes) to `network`. `dtype` is FLOAT or HALF (a hint for the
        builder; the network is float32). Returns True."""
        if not isinstance(network, Network):
            raise TypeError(f"expected a Network, got {type(network).__name__}")
        with _lib.capture() as errors:
            if isinstance(model, (bytes, bytearray, memoryview, np.ndarray)):
                buffer = np.frombuffer(model, dtype=np.uint8)
                status = lib.trt_uff_parser_parse_buffer(self._ptr(), buffer.ctypes.data,
                                                         buffer.size, network._ptr(),
                                                         DataType(dtype))
                what = "cannot parse the model"
            else:
                status = lib.trt_uff_parser_parse(self._ptr(), _lib.encode(model),
                                                  network._ptr(), DataType(dtype))
                what = f"cannot parse {model}"
        _lib.check(status, errors, what)
        return True


def create_uff_parser():
    return UffParser()
