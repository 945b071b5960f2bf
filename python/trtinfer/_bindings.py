"""NumPy arrays as engine bindings: checking them against the engine and
passing their memory to the library without copying.

Engines with a batch dimension (max batch size > 0) take the batch as the
first dimension of every input: an input of binding dims [B, C, H, W] is
fed an array [N, C, H, W] with 1 <= N <= B, or [C, H, W] for one item.
"""
from collections import namedtuple
import ctypes

import numpy as np

Binding = namedtuple("Binding", "index name is_input shape dtype")


def _strip_ones(shape):
    shape = tuple(shape)
    while shape and shape[0] == 1:
        shape = shape[1:]
    return shape


def batch_of(binding, shape, max_batch):
    """The batch size an array of `shape` has for an input binding; raises
    ValueError when the shape does not fit."""
    dims = tuple(binding.shape)
    if max_batch > 0:
        if len(shape) == len(dims) and tuple(shape[1:]) == dims[1:] and 1 <= shape[0] <= max_batch:
            return shape[0]
        if tuple(shape) == dims[1:]:
            return 1
        expected = f"[N{''.join(f', {d}' for d in dims[1:])}] with N in 1..{max_batch}"
    else:
        if tuple(shape) == dims or _strip_ones(shape) == _strip_ones(dims):
            return 1
        expected = str(list(dims))
    raise ValueError(f"input '{binding.name}' is {list(shape)}; the engine takes {expected}")


def as_input_array(binding, value):
    """`value` as a C-contiguous array of the binding's type: the same memory
    when it already is one, else a converted copy. Conversions that lose
    kind (float to int, ...) are refused."""
    array = np.asarray(value)
    target = np.dtype(binding.dtype.nptype)
    if array.dtype != target and not np.can_cast(array.dtype, target, "same_kind"):
        raise TypeError(f"input '{binding.name}' is {binding.dtype.name.lower()}; "
                        f"cannot take {array.dtype} values")
    return np.asarray(array, dtype=target, order="C")


def required_bytes(binding, batch_size, max_batch):
    """Bytes a binding needs at `batch_size`: its size at the max batch,
    scaled to the batch (the bindings of a batched engine grow with it)."""
    volume = max(binding.shape.vol(), 0)
    if max_batch > 0:
        volume = volume * batch_size // max_batch
    return volume * np.dtype(binding.dtype.nptype).itemsize


def pointer_array(bindings, buffers, batch_size, max_batch):
    """A void*[] for trt_context_execute from NumPy arrays (checked against
    the bindings) or raw addresses (ints, passed as they are)."""
    if len(buffers) != len(bindings):
        raise ValueError(f"the engine has {len(bindings)} bindings; got {len(buffers)} buffers")
    pointers = (ctypes.c_void_p * len(bindings))()
    for binding, buffer in zip(bindings, buffers):
        if isinstance(buffer, (int, np.integer)) and not isinstance(buffer, bool):
            pointers[binding.index] = int(buffer)
            continue
        if not isinstance(buffer, np.ndarray):
            raise TypeError(f"binding '{binding.name}': expected a NumPy array or an "
                            f"address, got {type(buffer).__name__}")
        if buffer.dtype != np.dtype(binding.dtype.nptype):
            raise TypeError(f"binding '{binding.name}' is {binding.dtype.name.lower()}; "
                            f"the array is {buffer.dtype}")
        if not buffer.flags.c_contiguous:
            raise ValueError(f"binding '{binding.name}': the array is not C-contiguous")
        if not binding.is_input and not buffer.flags.writeable:
            raise ValueError(f"output '{binding.name}': the array is read-only")
        need = required_bytes(binding, batch_size, max_batch)
        if buffer.nbytes < need:
            raise ValueError(f"binding '{binding.name}' needs {need} bytes at batch size "
                             f"{batch_size}; the array has {buffer.nbytes}")
        pointers[binding.index] = buffer.ctypes.data
    return pointers
