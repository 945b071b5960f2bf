"""trtinfer.utils: the one-call helpers of TensorRT's original Python API
(tensorrt.utils): engine files, and model files straight to engines."""
import ctypes
import os

from . import _lib
from ._builder import Builder
from ._engine import Runtime
from ._logger import QuietLogger, logger_pointer
from ._types import DataType, host_tensor_to_array
from .parsers import caffeparser, onnxparser

__all__ = ["caffe_to_trt_engine", "load_engine", "onnx_to_trt_engine",
           "read_tensor_file", "uff_to_trt_engine", "write_engine_to_file"]


def write_engine_to_file(path, data):
    """Writes the bytes of engine.serialize() to `path`. Returns True;
    raises OSError when the file cannot be written."""
    with open(path, "wb") as f:
        f.write(data)
    return True


def load_engine(logger, path, plugin_factory=None):
    """Loads an engine file. Raises TrtError (with the library's reason) for
    a missing, corrupt, truncated, foreign-version or wrong-device file."""
    if plugin_factory is not None:
        raise ValueError("plugin factories are not supported")
    return Runtime(logger).load_engine(os.fspath(path))


def _configured_builder(logger, max_batch_size, max_workspace_size, datatype):
    builder = Builder(logger)
    builder.set_max_batch_size(max_batch_size)
    builder.set_max_workspace_size(max_workspace_size)
    builder.set_fp16_mode(DataType(datatype) == DataType.HALF)
    return builder


def caffe_to_trt_engine(logger, deploy_file, model_file, max_batch_size,
                        max_workspace_size, output_layers, datatype=DataType.FLOAT,
                        plugin_factory=None, calibrator=None):
    """An engine from a Caffe deploy .prototxt and .caffemodel, with the blobs
    named in `output_layers` as outputs."""
    if plugin_factory is not None or calibrator is not None:
        raise ValueError("plugin factories and calibrators are not supported")
    builder = _configured_builder(logger, max_batch_size, max_workspace_size, datatype)
    network = builder.create_network()
    blobs = caffeparser.create_caffe_parser().parse(deploy_file, model_file, network, datatype)
    for name in [output_layers] if isinstance(output_layers, str) else output_layers:
        tensor = blobs.find(name)
        if tensor is None:
            raise ValueError(f"{deploy_file} has no blob '{name}' to mark as output")
        network.mark_output(tensor)
    return builder.build_cuda_engine(network)


def uff_to_trt_engine(logger, stream, parser, max_batch_size, max_workspace_size,
                      datatype=DataType.FLOAT, plugin_factory=None, calibrator=None):
    """An engine from a UFF model (or a frozen TensorFlow graph) through a
    UffParser whose inputs and outputs are registered. `stream` is the
    model's path or its bytes."""
    if plugin_factory is not None or calibrator is not None:
        raise ValueError("plugin factories and calibrators are not supported")
    builder = _configured_builder(logger, max_batch_size, max_workspace_size, datatype)
    network = builder.create_network()
    parser.parse(stream, network, datatype)
    return builder.build_cuda_engine(network)


def onnx_to_trt_engine(logger, model_file, max_batch_size=1, max_workspace_size=1 << 30,
                       datatype=DataType.FLOAT):
    """An engine from an ONNX model file, with the model's outputs."""
    config = onnxparser.create_onnxconfig()
    config.set_logger(logger)
    config.set_model_filename(model_file)
    config.set_model_dtype(datatype)
    parser = onnxparser.create_onnxparser(config)
    parser.parse(model_file, datatype)
    parser.convert_to_trt_network()
    builder = _configured_builder(logger, max_batch_size, max_workspace_size, datatype)
    return builder.build_cuda_engine(parser.get_trt_network())


def read_tensor_file(path):
    """A NumPy array from a serialized onnx.TensorProto (.pb, as in ONNX test
    data sets), with the types the ONNX parser maps to (DOUBLE becomes
    float32, ...). Raises TrtError naming the file on bad bytes."""
    out = _lib.TrtHostTensor()
    quiet = QuietLogger()
    with _lib.capture() as errors:
        status = _lib.lib.trt_onnx_read_tensor_file(_lib.encode(path), ctypes.byref(out),
                                                    logger_pointer(quiet))
    try:
        _lib.check(status, errors, f"cannot read the tensor file {path}")
        return host_tensor_to_array(out)
    finally:
        _lib.lib.trt_host_tensor_free(ctypes.byref(out))
