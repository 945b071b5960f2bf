"""Caffe models into networks, as TensorRT's caffeparser:

    parser = caffeparser.create_caffe_parser()
    blob_name_to_tensor = parser.parse("deploy.prototxt", "model.caffemodel",
                                       network, trt.infer.DataType.FLOAT)
    network.mark_output(blob_name_to_tensor.find("prob"))
    mean = parser.parse_binary_proto("mean.binaryproto")   # a NumPy array

Messages go to the network's logger unless set_logger() names another.
Failures raise TrtError with the parser's message (file:line:column for
syntax errors, the layer for layer problems).
"""
import ctypes

from .. import _lib
from .._logger import logger_pointer, quiet_unless
from .._network import Network, Tensor
from .._types import DataType, host_tensor_to_array

lib = _lib.lib

__all__ = ["BlobNameToTensor", "CaffeParser", "create_caffe_parser"]


class BlobNameToTensor:
    """Blob names of the parsed net to the tensors holding their newest
    values. Valid until the parser parses again."""

    def __init__(self, parser, ptr, network):
        self._parser = parser
        self._parser_handle = parser._handle  # the map lives in the C parser
        self._generation = parser._generation
        self._ptr = ptr
        self._network = network

    def find(self, name):
        """The tensor of blob `name`, or None."""
        if self._generation != self._parser._generation:
            raise ValueError("this blob map is stale: its parser has parsed another net")
        ptr = lib.trt_blob_name_to_tensor_find(self._ptr, _lib.encode(name))
        return Tensor(ptr, self._network._handle) if ptr else None

    def __getitem__(self, name):
        tensor = self.find(name)
        if tensor is None:
            raise KeyError(name)
        return tensor

    def __contains__(self, name):
        return self.find(name) is not None


class CaffeParser:
    """TensorRT's ICaffeParser."""

    def __init__(self):
        ptr = lib.trt_caffe_parser_new()
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a Caffe parser")
        self._handle = _lib.Handle(ptr, lib.trt_caffe_parser_free)
        self._logger = None
        self._generation = 0

    def destroy(self):
        """Lets go of the parser; blob maps made by it stay usable."""
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the Caffe parser was destroyed")
        return self._handle.ptr

    def set_logger(self, logger):
        """Where messages go; None (the default): the network's logger."""
        pointer = logger_pointer(logger) if logger is not None else None
        lib.trt_caffe_parser_set_logger(self._ptr(), pointer)
        self._logger = logger  # used by the C parser only while this object lives

    def parse(self, deploy, model, network, dtype=DataType.FLOAT):
        """Adds the net of the `deploy` .prototxt to `network`, with the
        weights of the `model` .caffemodel (None: only weights written in the
        deploy file). `dtype` is FLOAT or HALF (a hint for the builder; the
        network is float32). Returns the BlobNameToTensor map.

        The files may also come the other way round, (model.caffemodel,
        deploy.prototxt), as in some of TensorRT's own examples: they are
        told apart by those extensions."""
        if not isinstance(network, Network):
            raise TypeError(f"expected a Network, got {type(network).__name__}")
        if (model is not None and str(deploy).endswith(".caffemodel")
                and str(model).endswith(".prototxt")):
            deploy, model = model, deploy
        self._generation += 1
        with _lib.capture() as errors:
            ptr = lib.trt_caffe_parser_parse(
                self._ptr(), _lib.encode(deploy),
                _lib.encode(model) if model is not None else None,
                network._ptr(), DataType(dtype))
        if not ptr:
            raise errors.error(f"cannot parse {deploy}")
        return BlobNameToTensor(self, ptr, network)

    def parse_binary_proto(self, mean_file):
        """The mean image of a .binaryproto file (a Caffe BlobProto), as a
        float32 array of the blob's shape."""
        out = _lib.TrtHostTensor()
        with quiet_unless(self._logger, lib.trt_caffe_parser_set_logger, self._ptr()), \
                _lib.capture() as errors:
            status = lib.trt_caffe_parser_parse_binary_proto(
                self._ptr(), _lib.encode(mean_file), ctypes.byref(out))
        try:
            _lib.check(status, errors, f"cannot read the mean file {mean_file}")
            return host_tensor_to_array(out)
        finally:
            lib.trt_host_tensor_free(ctypes.byref(out))


def create_caffe_parser():
    return CaffeParser()
