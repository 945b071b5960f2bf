"""Model parsers with the names of TensorRT's original Python API:
onnxparser, caffeparser and uffparser (UFF and frozen TensorFlow graphs)."""
from . import caffeparser, onnxparser, uffparser

__all__ = ["caffeparser", "onnxparser", "uffparser"]
