"""The network definition (TensorRT's INetworkDefinition): tensors, layers,
inputs and outputs, and a few layers that can be added from Python."""
import ctypes

import numpy as np

from . import _lib
from ._types import (ActivationType, DataType, ElementWiseOperation,
                     UnaryOperation, from_c_dims, to_c_dims)

lib = _lib.lib


class Tensor:
    """A tensor of a network; valid as long as the network is. Two Tensor
    objects for the same tensor compare equal."""

    __slots__ = ("_ptr", "_owner")

    def __init__(self, ptr, owner):
        self._ptr = ptr
        self._owner = owner  # the network's Handle

    def __eq__(self, other):
        return isinstance(other, Tensor) and other._ptr == self._ptr

    def __hash__(self):
        return hash(self._ptr)

    def __repr__(self):
        return f"<trtinfer Tensor '{self.name}' {self.dtype.name} {tuple(self.shape)}>"

    def get_name(self):
        return _lib.decode(lib.trt_tensor_get_name(self._ptr))

    def set_name(self, name):
        with _lib.capture() as errors:
            status = lib.trt_tensor_set_name(self._ptr, _lib.encode(name))
        _lib.check(status, errors, f"cannot rename tensor '{self.get_name()}' to '{name}'")

    name = property(get_name, set_name)

    def get_dimensions(self):
        """Declared dims for inputs and constants; inferred dims once the
        network has been built."""
        return from_c_dims(lib.trt_tensor_get_dims(self._ptr))

    shape = property(get_dimensions)

    def get_type(self):
        return DataType(lib.trt_tensor_get_type(self._ptr))

    dtype = property(get_type)

    def is_network_input(self):
        return bool(lib.trt_tensor_is_input(self._ptr))

    def is_network_output(self):
        return bool(lib.trt_tensor_is_output(self._ptr))

    def is_constant(self):
        return bool(lib.trt_tensor_is_constant(self._ptr))


class Layer:
    """A layer of a network; valid as long as the network is."""

    __slots__ = ("_ptr", "_owner")

    def __init__(self, ptr, owner):
        self._ptr = ptr
        self._owner = owner

    def __repr__(self):
        return f"<trtinfer Layer '{self.name}'>"

    def get_name(self):
        return _lib.decode(lib.trt_layer_get_name(self._ptr))

    def set_name(self, name):
        with _lib.capture() as errors:
            status = lib.trt_layer_set_name(self._ptr, _lib.encode(name))
        _lib.check(status, errors, f"cannot rename layer '{self.get_name()}' to '{name}'")

    name = property(get_name, set_name)

    def get_type(self):
        """The layer kind: a TRT_LAYER_* number of layers.h."""
        return lib.trt_layer_get_type(self._ptr)

    def get_nb_inputs(self):
        return lib.trt_layer_get_nb_inputs(self._ptr)

    def get_input(self, index):
        """The index-th input, or None for an absent optional input."""
        _check_index(index, self.get_nb_inputs(), "input")
        ptr = lib.trt_layer_get_input(self._ptr, index)
        return Tensor(ptr, self._owner) if ptr else None

    def get_nb_outputs(self):
        return lib.trt_layer_get_nb_outputs(self._ptr)

    def get_output(self, index):
        _check_index(index, self.get_nb_outputs(), "output")
        return Tensor(lib.trt_layer_get_output(self._ptr, index), self._owner)


def _check_index(index, count, what):
    if not 0 <= index < count:
        raise IndexError(f"{what} {index} is out of range (there are {count})")


class Network:
    """A network definition. Made by Builder.create_network() or by a parser
    (ONNX: OnnxParser.get_trt_network())."""

    def __init__(self, handle):
        self._handle = handle

    def destroy(self):
        """Lets go of the network; it is freed once nothing built from it
        (tensors, blob maps) is referenced any more."""
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the network was destroyed")
        return self._handle.ptr

    def _tensor(self, ptr):
        return Tensor(ptr, self._handle) if ptr else None

    def _own(self, tensor):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"expected a Tensor, got {type(tensor).__name__}")
        if tensor._owner is not self._handle:
            raise ValueError(f"tensor '{tensor.name}' belongs to another network")
        return tensor._ptr

    def _layer(self, ptr, errors, what):
        if not ptr:
            raise errors.error(what)
        return Layer(ptr, self._handle)

    # -- inputs and outputs ------------------------------------------------

    def add_input(self, name, dtype, shape):
        """An input of `shape`; a first dimension of -1 is the batch, which
        takes the builder's max batch size."""
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_input(self._ptr(), _lib.encode(name),
                                            DataType(dtype), to_c_dims(shape))
        if not ptr:
            raise errors.error(f"cannot add input '{name}'")
        return self._tensor(ptr)

    def add_constant(self, array, name=""):
        """A constant holding a copy of `array` (a NumPy array or anything
        np.asarray takes; float64 becomes float32, as in the parsers)."""
        array = np.asarray(array, order="C")
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        dtype = DataType.from_numpy(array.dtype)
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_constant(self._ptr(), _lib.encode(name), dtype,
                                               to_c_dims(array.shape), array.ctypes.data)
        if not ptr:
            raise errors.error(f"cannot add constant '{name}'")
        return self._tensor(ptr)

    def mark_output(self, tensor):
        with _lib.capture() as errors:
            status = lib.trt_network_mark_output(self._ptr(), self._own(tensor))
        _lib.check(status, errors, f"cannot mark '{tensor.name}' as an output")

    def unmark_output(self, tensor):
        with _lib.capture() as errors:
            status = lib.trt_network_unmark_output(self._ptr(), self._own(tensor))
        _lib.check(status, errors, f"'{tensor.name}' is not an output")

    def find_tensor(self, name):
        """The tensor called `name`, or None."""
        return self._tensor(lib.trt_network_find_tensor(self._ptr(), _lib.encode(name)))

    def set_input_shape(self, tensor, shape):
        """Replaces the dims of an input (e.g. to fix symbolic dims)."""
        with _lib.capture() as errors:
            status = lib.trt_network_set_input_dims(self._ptr(), self._own(tensor),
                                                    to_c_dims(shape))
        _lib.check(status, errors, f"cannot set the shape of input '{tensor.name}'")

    def get_nb_inputs(self):
        return lib.trt_network_get_nb_inputs(self._ptr())

    def get_input(self, index):
        _check_index(index, self.get_nb_inputs(), "input")
        return self._tensor(lib.trt_network_get_input(self._ptr(), index))

    def get_nb_outputs(self):
        return lib.trt_network_get_nb_outputs(self._ptr())

    def get_output(self, index):
        _check_index(index, self.get_nb_outputs(), "output")
        return self._tensor(lib.trt_network_get_output(self._ptr(), index))

    def get_nb_layers(self):
        return lib.trt_network_get_nb_layers(self._ptr())

    def get_layer(self, index):
        _check_index(index, self.get_nb_layers(), "layer")
        return Layer(lib.trt_network_get_layer(self._ptr(), index), self._handle)

    num_inputs = property(get_nb_inputs)
    num_outputs = property(get_nb_outputs)
    num_layers = property(get_nb_layers)

    # -- layers ------------------------------------------------------------

    def add_activation(self, input, type, alpha=0.0, beta=0.0):
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_activation(self._ptr(), self._own(input),
                                                 ActivationType(type), alpha, beta)
        return self._layer(ptr, errors, "cannot add the activation")

    def add_softmax(self, input, axis=-1):
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_softmax(self._ptr(), self._own(input), axis)
        return self._layer(ptr, errors, "cannot add the softmax")

    def add_elementwise(self, a, b, op):
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_elementwise(self._ptr(), self._own(a), self._own(b),
                                                  ElementWiseOperation(op))
        return self._layer(ptr, errors, "cannot add the elementwise layer")

    def add_unary(self, input, op):
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_unary(self._ptr(), self._own(input), UnaryOperation(op))
        return self._layer(ptr, errors, "cannot add the unary layer")

    def add_concatenation(self, inputs, axis=0):
        pointers = (ctypes.c_void_p * len(inputs))(*(self._own(t) for t in inputs))
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_concat(self._ptr(), pointers, len(inputs), axis)
        return self._layer(ptr, errors, "cannot add the concatenation")

    def add_reshape(self, input, shape):
        """Reshape to `shape` (0 copies the input dim, -1 is inferred)."""
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_reshape(self._ptr(), self._own(input), to_c_dims(shape))
        return self._layer(ptr, errors, "cannot add the reshape")

    def add_transpose(self, input, perm):
        perm = (ctypes.c_int32 * len(perm))(*perm)
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_transpose(self._ptr(), self._own(input), perm, len(perm))
        return self._layer(ptr, errors, "cannot add the transpose")

    def add_matrix_multiply(self, a, b):
        """NumPy's matmul of a and b, batch dims broadcast."""
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_matmul(self._ptr(), self._own(a), self._own(b))
        return self._layer(ptr, errors, "cannot add the matrix multiply")

    def add_fully_connected(self, input, num_outputs, kernel, bias=None):
        """y = x W^T + b over the last dim of x, with W = kernel reshaped to
        [num_outputs, in] (Caffe's layout) and b = bias [num_outputs]."""
        kernel = np.asarray(kernel, dtype=np.float32)
        if kernel.size % num_outputs:
            raise ValueError(f"a kernel of {kernel.size} values has no "
                             f"{num_outputs} rows")
        weights = self.add_constant(kernel.reshape(num_outputs, -1))
        bias_ptr = None
        if bias is not None:
            bias_ptr = self.add_constant(
                np.asarray(bias, dtype=np.float32).reshape(num_outputs))._ptr
        with _lib.capture() as errors:
            ptr = lib.trt_network_add_fully_connected(self._ptr(), self._own(input),
                                                      weights._ptr, bias_ptr)
        return self._layer(ptr, errors, "cannot add the fully connected layer")
