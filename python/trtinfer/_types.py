"""Enums and shapes shared by the whole binding, with the numeric values of
the C headers (types.h, logger.h, builder.h, layers.h)."""
import ctypes
from enum import IntEnum

import numpy as np

from . import _lib


class LogSeverity(IntEnum):
    """How bad a message is; a smaller value is more severe."""
    INTERNAL_ERROR = 0
    ERROR = 1
    WARNING = 2
    INFO = 3
    VERBOSE = 4


class DataType(IntEnum):
    """Element types of tensors and bindings."""
    FLOAT = 0
    HALF = 1
    INT8 = 2
    UINT8 = 3
    INT32 = 4
    INT64 = 5
    BOOL = 6

    @property
    def nptype(self):
        """The NumPy type of this element type."""
        return _NUMPY_TYPES[self]

    @classmethod
    def from_numpy(cls, dtype):
        """The DataType of a NumPy dtype; TypeError when there is none."""
        dtype = np.dtype(dtype)
        for data_type, nptype in _NUMPY_TYPES.items():
            if np.dtype(nptype) == dtype:
                return data_type
        raise TypeError(f"trtinfer has no element type for NumPy {dtype}")


_NUMPY_TYPES = {
    DataType.FLOAT: np.float32,
    DataType.HALF: np.float16,
    DataType.INT8: np.int8,
    DataType.UINT8: np.uint8,
    DataType.INT32: np.int32,
    DataType.INT64: np.int64,
    DataType.BOOL: np.bool_,
}


def nptype(data_type):
    """The NumPy type of a DataType (as TensorRT's trt.nptype)."""
    return DataType(data_type).nptype


class Backend(IntEnum):
    """The device an engine is built for. AUTO takes CUDA when a GPU is there."""
    AUTO = 0
    CPU = 1
    CUDA = 2


class ActivationType(IntEnum):
    """Activation functions; alpha and beta as in layers.h."""
    NONE = 0
    RELU = 1
    LEAKY_RELU = 2
    SIGMOID = 3
    TANH = 4
    CLIP = 5
    ELU = 6
    SELU = 7
    SOFTPLUS = 8
    SOFTSIGN = 9
    HARD_SIGMOID = 10
    HARD_SWISH = 11
    GELU = 12
    MISH = 13
    THRESHOLDED_RELU = 14
    CELU = 15


class ElementWiseOperation(IntEnum):
    """Binary operations with NumPy broadcasting; SUM and PROD are
    TensorRT's names for ADD and MUL."""
    ADD = 0
    SUM = 0
    SUB = 1
    MUL = 2
    PROD = 2
    DIV = 3
    POW = 4
    MAX = 5
    MIN = 6
    MOD = 7
    FMOD = 8
    EQUAL = 9
    LESS = 10
    LESS_EQUAL = 11
    GREATER = 12
    GREATER_EQUAL = 13
    AND = 14
    OR = 15
    XOR = 16
    PRELU = 17


class UnaryOperation(IntEnum):
    ABS = 0
    NEG = 1
    EXP = 2
    LOG = 3
    SQRT = 4
    RECIP = 5
    FLOOR = 6
    CEIL = 7
    ROUND = 8
    SIN = 9
    COS = 10
    TAN = 11
    ASIN = 12
    ACOS = 13
    ATAN = 14
    SINH = 15
    COSH = 16
    ASINH = 17
    ACOSH = 18
    ATANH = 19
    ERF = 20
    SIGN = 21
    NOT = 22
    ISNAN = 23
    ISINF = 24


class Dims(tuple):
    """A shape: a tuple of ints, where -1 is a dimension not known yet."""

    @property
    def nb_dims(self):
        return len(self)

    def vol(self):
        """Number of elements, or -1 when a dimension is unknown."""
        volume = 1
        for d in self:
            if d < 0:
                return -1
            volume *= d
        return volume

    def to_DimsCHW(self):
        """The last three dimensions, as TensorRT's DimsCHW."""
        if len(self) < 3:
            raise ValueError(f"{tuple(self)} has fewer than three dimensions")
        return DimsCHW(self[-3:])

    def to_DimsNCHW(self):
        if len(self) != 4:
            raise ValueError(f"{tuple(self)} does not have four dimensions")
        return DimsNCHW(self)


class DimsCHW(Dims):
    def C(self):
        return self[0]

    def H(self):
        return self[1]

    def W(self):
        return self[2]


class DimsNCHW(Dims):
    def N(self):
        return self[0]

    def C(self):
        return self[1]

    def H(self):
        return self[2]

    def W(self):
        return self[3]


def to_c_dims(shape):
    """A sequence of ints as a TrtDims; ValueError when it does not fit."""
    shape = tuple(int(d) for d in shape)
    if len(shape) > _lib.MAX_DIMS:
        raise ValueError(f"shape {shape} has more than {_lib.MAX_DIMS} dimensions")
    dims = _lib.TrtDims()
    dims.nb_dims = len(shape)
    for i, d in enumerate(shape):
        dims.d[i] = d
    return dims


def from_c_dims(dims):
    count = max(0, min(dims.nb_dims, _lib.MAX_DIMS))
    return Dims(dims.d[i] for i in range(count))


def host_tensor_to_array(tensor):
    """A NumPy copy of a TrtHostTensor's data, of its type and shape."""
    shape = tuple(from_c_dims(tensor.dims))
    array = np.empty(shape, DataType(tensor.type).nptype)
    if array.nbytes != tensor.size:
        raise ValueError(f"a {tensor.size}-byte tensor cannot be {array.dtype} {shape}")
    if tensor.size:
        ctypes.memmove(array.ctypes.data, tensor.data, tensor.size)
    return array
