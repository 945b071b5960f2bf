"""trtinfer for Python: the trtinfer inference library (libtrtinfer, through
ctypes) with the names of TensorRT's original Python API, and NumPy arrays
in and out.

    import trtinfer as trt
    from trtinfer.parsers import onnxparser

    G_LOGGER = trt.infer.ConsoleLogger(trt.infer.LogSeverity.ERROR)
    engine = trt.utils.onnx_to_trt_engine(G_LOGGER, "mnist.onnx")
    scores = engine.infer({"Input3": image})["Plus214_Output_0"]

Modules: trtinfer.infer (loggers, builder, network, engine, runtime),
trtinfer.utils (engine files, model files to engines) and
trtinfer.parsers.{onnxparser, caffeparser, uffparser}. Every failure of
the library raises trtinfer.TrtError with the library's message.
"""
from . import infer, parsers, utils
from ._lib import TrtError, lib as _c, library_path

__version__ = "0.1.0"
library_version = _c.trt_version_string().decode()

__all__ = ["TrtError", "infer", "parsers", "utils", "library_path", "library_version"]
