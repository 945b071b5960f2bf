"""ONNX models into networks, as TensorRT's onnxparser:

    config = onnxparser.create_onnxconfig()
    config.set_model_filename("mnist.onnx")
    config.set_model_dtype(trt.infer.DataType.FLOAT)
    parser = onnxparser.create_onnxparser(config)
    parser.parse(config.get_model_filename(), config.get_model_dtype())
    parser.convert_to_trt_network()
    network = parser.get_trt_network()

Messages go to stderr, filtered by the config's verbosity, unless
config.set_logger() names a Logger. Failures raise TrtError with the
parser's message (file, node, op type).
"""
import gc
import weakref

from .. import _lib
from .._logger import ConsoleLogger, logger_pointer
from .._network import Network
from .._types import DataType, LogSeverity

lib = _lib.lib

__all__ = ["OnnxConfig", "OnnxParser", "create_onnxconfig", "create_onnxparser"]


class OnnxConfig:
    """Settings of an ONNX parser (TensorRT's IOnnxConfig)."""

    def __init__(self):
        ptr = lib.trt_onnx_config_new()
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate an ONNX config")
        self._handle = _lib.Handle(ptr, lib.trt_onnx_config_free)
        self.set_logger(ConsoleLogger(LogSeverity.VERBOSE))

    def destroy(self):
        """Lets go of the config; parsers made from it keep their copy."""
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the ONNX config was destroyed")
        return self._handle.ptr

    def set_logger(self, logger):
        """Where the parser's messages go (after the verbosity filter)."""
        lib.trt_onnx_config_set_logger(self._ptr(), logger_pointer(logger))
        self._logger = logger

    def get_logger(self):
        return self._logger

    def set_model_filename(self, path):
        lib.trt_onnx_config_set_model_file_name(self._ptr(), _lib.encode(path))

    def get_model_filename(self):
        return _lib.decode(lib.trt_onnx_config_get_model_file_name(self._ptr()))

    set_model_file_name = set_model_filename
    get_model_file_name = get_model_filename

    def set_model_dtype(self, dtype):
        """The precision the model is meant to run in: FLOAT or HALF (a hint
        for the builder; the network is made in float32)."""
        lib.trt_onnx_config_set_model_dtype(self._ptr(), DataType(dtype))

    def get_model_dtype(self):
        return DataType(lib.trt_onnx_config_get_model_dtype(self._ptr()))

    def set_print_layer_info(self, on):
        """Log each layer made (name, kind, inputs, outputs) at INFO."""
        lib.trt_onnx_config_set_print_layer_info(self._ptr(), bool(on))

    def get_print_layer_info(self):
        return bool(lib.trt_onnx_config_get_print_layer_info(self._ptr()))

    def report_parsing_info(self):
        """After converting, log a summary of the model (versions, producer,
        node counts per op type, inputs and outputs)."""
        lib.trt_onnx_config_report_parsing_info(self._ptr())

    def add_verbosity(self):
        """Show one level more (towards VERBOSE)."""
        lib.trt_onnx_config_add_verbosity(self._ptr())

    def reduce_verbosity(self):
        """Show one level less (towards INTERNAL_ERROR)."""
        lib.trt_onnx_config_reduce_verbosity(self._ptr())

    def set_verbosity_level(self, level):
        lib.trt_onnx_config_set_verbosity_level(self._ptr(), LogSeverity(level))

    def get_verbosity_level(self):
        return LogSeverity(lib.trt_onnx_config_get_verbosity_level(self._ptr()))


class OnnxParser:
    """Parses a model file and converts it into a network (TensorRT's
    IONNXParser). It keeps a copy of the config's settings."""

    def __init__(self, config):
        if not isinstance(config, OnnxConfig):
            raise TypeError(f"expected an OnnxConfig, got {type(config).__name__}")
        ptr = lib.trt_onnx_parser_new(config._ptr())
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate an ONNX parser")
        self._handle = _lib.Handle(ptr, lib.trt_onnx_parser_free, keep=[config._logger])
        self._network = None  # weak reference to the handle of the last network

    def destroy(self):
        """Lets go of the parser; its network stays usable while referenced."""
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the ONNX parser was destroyed")
        return self._handle.ptr

    def parse(self, filename, dtype=DataType.FLOAT):
        """Reads and decodes the model file. Returns True; raises TrtError
        (file, reason) on a missing or malformed file."""
        with _lib.capture() as errors:
            status = lib.trt_onnx_parser_parse(self._ptr(), _lib.encode(filename),
                                               DataType(dtype))
        _lib.check(status, errors, f"cannot parse {filename}")
        return True

    def convert_to_trt_network(self):
        """Makes the network from the parsed model. Returns True; raises
        TrtError naming the node that cannot be converted."""
        if self._network is not None and self._network() is not None:
            gc.collect()  # tensors in reference cycles may still hold it
            if self._network() is not None:
                raise ValueError("the network of the last conversion is still in use "
                                 "(converting again would free it): drop it and its "
                                 "tensors first, or use a new parser")
        with _lib.capture() as errors:
            status = lib.trt_onnx_parser_convert_to_network(self._ptr())
        _lib.check(status, errors, "cannot convert the ONNX model")
        return True

    def get_trt_network(self):
        """The network made by convert_to_trt_network. It belongs to the
        parser, which lives at least as long as the network is used."""
        ptr = lib.trt_onnx_parser_get_network(self._ptr())
        if not ptr:
            raise ValueError("no network yet: call parse and convert_to_trt_network first")
        handle = self._network() if self._network is not None else None
        if handle is None or handle.ptr != ptr:
            handle = _lib.Handle(ptr, keep=[self._handle])
            self._network = weakref.ref(handle)
        return Network(handle)

    convert_to_trtnetwork = convert_to_trt_network
    get_trtnetwork = get_trt_network


def create_onnxconfig():
    return OnnxConfig()


def create_onnxparser(config):
    return OnnxParser(config)
