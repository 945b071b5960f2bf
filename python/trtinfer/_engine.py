"""Engines (TensorRT's ICudaEngine), execution contexts and the runtime
that loads engine files."""
import ctypes

import numpy as np

from . import _bindings, _lib
from ._logger import logger_pointer
from ._types import DataType, from_c_dims

lib = _lib.lib


class Engine:
    """An optimized, immutable plan for one device. Bindings are the
    network's inputs first, then its outputs; their dims are at the max
    batch size."""

    def __init__(self, handle):
        self._handle = handle
        ptr = handle.ptr
        self._bindings = tuple(
            _bindings.Binding(
                i, _lib.decode(lib.trt_engine_get_binding_name(ptr, i)),
                bool(lib.trt_engine_binding_is_input(ptr, i)),
                from_c_dims(lib.trt_engine_get_binding_dims(ptr, i)),
                DataType(lib.trt_engine_get_binding_type(ptr, i)))
            for i in range(lib.trt_engine_get_nb_bindings(ptr)))
        self._max_batch = lib.trt_engine_get_max_batch_size(ptr)
        self._context = None

    def destroy(self):
        """Lets go of the engine; contexts made from it stay usable."""
        self._handle = None
        self._context = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the engine was destroyed")
        return self._handle.ptr

    def _binding(self, index):
        if not 0 <= index < len(self._bindings):
            raise IndexError(f"binding {index} is out of range (there are "
                             f"{len(self._bindings)})")
        return self._bindings[index]

    # -- bindings --------------------------------------------------------------

    def get_nb_bindings(self):
        return len(self._bindings)

    num_bindings = property(get_nb_bindings)

    def get_binding_index(self, name):
        """The index of the binding called `name`, or -1."""
        for binding in self._bindings:
            if binding.name == name:
                return binding.index
        return -1

    def get_binding_name(self, index):
        return self._binding(index).name

    def binding_is_input(self, index):
        return self._binding(index).is_input

    def get_binding_dimensions(self, index):
        return self._binding(index).shape

    get_binding_shape = get_binding_dimensions

    def get_binding_data_type(self, index):
        return self._binding(index).dtype

    get_binding_dtype = get_binding_data_type

    def get_nb_inputs(self):
        return sum(b.is_input for b in self._bindings)

    def get_nb_outputs(self):
        return sum(not b.is_input for b in self._bindings)

    @property
    def input_names(self):
        return [b.name for b in self._bindings if b.is_input]

    @property
    def output_names(self):
        return [b.name for b in self._bindings if not b.is_input]

    def get_max_batch_size(self):
        """The largest batch the engine runs; 0 when its inputs have no
        batch dimension."""
        return self._max_batch

    max_batch_size = property(get_max_batch_size)

    def get_backend_name(self):
        return _lib.decode(lib.trt_engine_get_backend_name(self._ptr()))

    def get_header(self, key):
        """A value of the engine file's header ("library_version",
        "device", ...), or None."""
        return _lib.decode(lib.trt_engine_get_header(self._ptr(), _lib.encode(key)))

    def describe(self):
        """The engine's layers, kernels, shapes, precision and memory plan."""
        raw = lib.trt_engine_describe(self._ptr())
        if not raw:
            raise MemoryError("trtinfer: cannot describe the engine")
        try:
            return _lib.decode(ctypes.string_at(raw))
        finally:
            _lib.c_free(raw)

    # -- files -----------------------------------------------------------------

    def serialize(self):
        """The engine file's bytes."""
        data, size = ctypes.c_void_p(), ctypes.c_size_t()
        with _lib.capture() as errors:
            status = lib.trt_engine_serialize(self._ptr(), ctypes.byref(data), ctypes.byref(size))
        _lib.check(status, errors, "cannot serialize the engine")
        try:
            return ctypes.string_at(data, size.value)
        finally:
            _lib.c_free(data)

    def save(self, path):
        with _lib.capture() as errors:
            status = lib.trt_engine_save(self._ptr(), _lib.encode(path))
        _lib.check(status, errors, f"cannot save the engine to {path}")

    # -- running ---------------------------------------------------------------

    def create_execution_context(self):
        return ExecutionContext(self)

    def infer(self, inputs):
        """Runs the engine on {input name: array} and returns {output name:
        array}; see ExecutionContext.infer."""
        if self._context is None:
            self._context = self.create_execution_context()
        return self._context.infer(inputs)


class ExecutionContext:
    """Activation memory and per-run state of an engine. One context runs one
    batch at a time; make one per thread."""

    def __init__(self, engine):
        with _lib.capture() as errors:
            ptr = lib.trt_engine_create_context(engine._ptr())
        if not ptr:
            raise errors.error("cannot create an execution context")
        self._engine = engine
        self._handle = _lib.Handle(ptr, lib.trt_context_free, keep=[engine._handle])

    def destroy(self):
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the execution context was destroyed")
        return self._handle.ptr

    def get_engine(self):
        return self._engine

    engine = property(get_engine)

    def get_binding_dimensions(self, index):
        """Dims of a binding for the last batch size run (or the max batch)."""
        self._engine._binding(index)
        return from_c_dims(lib.trt_context_get_binding_dims(self._ptr(), index))

    def execute(self, batch_size, bindings):
        """Runs `batch_size` items synchronously. `bindings` lists one buffer
        per binding, in binding order: NumPy arrays (checked for type, size
        and layout, and used in place) or host addresses as ints. Raises
        TrtError with the library's message on failure."""
        engine = self._engine
        pointers = _bindings.pointer_array(engine._bindings, bindings, batch_size,
                                           engine._max_batch)
        with _lib.capture() as errors:
            status = lib.trt_context_execute(self._ptr(), int(batch_size), pointers)
        _lib.check(status, errors, "execution failed")

    def enqueue(self, batch_size, bindings, stream_handle, input_consumed=None):
        """As execute, on a CUDA stream (an int cudaStream_t) for engines on
        the GPU, whose bindings are then device addresses; CPU engines run
        synchronously. input_consumed is not supported and must be None."""
        if input_consumed is not None:
            raise ValueError("input_consumed events are not supported")
        engine = self._engine
        if engine.get_backend_name() != "cpu" and any(isinstance(b, np.ndarray) for b in bindings):
            raise TypeError(f"enqueue on a {engine.get_backend_name()} engine takes device "
                            "addresses; execute takes NumPy arrays")
        pointers = _bindings.pointer_array(engine._bindings, bindings, batch_size,
                                           engine._max_batch)
        with _lib.capture() as errors:
            status = lib.trt_context_enqueue(self._ptr(), int(batch_size), pointers,
                                             stream_handle)
        _lib.check(status, errors, "enqueue failed")

    def infer(self, inputs):
        """Runs {input name: array} and returns {output name: array}.

        Arrays that are already C-contiguous and of the input's type are
        used in place; others are converted (never across kinds, e.g. float
        to int). For engines with a batch dimension every input has the
        batch first ([N, ...], N up to the max batch size) or is one item
        without it; outputs always have the batch first."""
        engine = self._engine
        missing = [n for n in engine.input_names if n not in inputs]
        unknown = [n for n in inputs if n not in engine.input_names]
        if missing or unknown:
            raise KeyError(f"the engine's inputs are {engine.input_names}"
                           + (f"; missing {missing}" if missing else "")
                           + (f"; unknown {unknown}" if unknown else ""))
        buffers, batch_size = [], None
        for binding in engine._bindings:
            if not binding.is_input:  # at the max batch: large enough for any batch
                buffers.append(np.empty(binding.shape, binding.dtype.nptype))
                continue
            array = _bindings.as_input_array(binding, inputs[binding.name])
            n = _bindings.batch_of(binding, array.shape, engine._max_batch)
            if batch_size is not None and n != batch_size:
                raise ValueError(f"input '{binding.name}' has batch size {n}; "
                                 f"the others have {batch_size}")
            batch_size = n
            buffers.append(array)
        self.execute(batch_size or 1, buffers)
        outputs = {}
        for binding in engine._bindings:
            if binding.is_input:
                continue
            shape = self.get_binding_dimensions(binding.index)
            flat = buffers[binding.index].reshape(-1)
            outputs[binding.name] = flat[:max(shape.vol(), 0)].reshape(shape)
        return outputs


class Runtime:
    """Loads engines (TensorRT's IRuntime). Its logger receives the reasons
    an engine file is refused."""

    def __init__(self, logger):
        ptr = lib.trt_runtime_new(logger_pointer(logger))
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a runtime")
        self._logger = logger
        self._handle = _lib.Handle(ptr, lib.trt_runtime_free, keep=[logger])

    def destroy(self):
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the runtime was destroyed")
        return self._handle.ptr

    def deserialize_cuda_engine(self, data, plugin_factory=None):
        """An engine from the bytes of an engine file (bytes, bytearray,
        memoryview or a uint8 array; read in place). Raises TrtError for a
        corrupt, truncated, foreign-version or wrong-device engine."""
        if plugin_factory is not None:
            raise ValueError("plugin factories are not supported")
        buffer = np.frombuffer(data, dtype=np.uint8)
        with _lib.capture() as errors:
            ptr = lib.trt_runtime_deserialize_engine(self._ptr(), buffer.ctypes.data,
                                                     buffer.size)
        if not ptr:
            raise errors.error("cannot load the engine")
        return Engine(_lib.Handle(ptr, lib.trt_engine_free, keep=[self._logger]))

    def load_engine(self, path):
        """An engine from an engine file."""
        with _lib.capture() as errors:
            ptr = lib.trt_runtime_load_engine(self._ptr(), _lib.encode(path))
        if not ptr:
            raise errors.error(f"cannot load the engine {path}")
        return Engine(_lib.Handle(ptr, lib.trt_engine_free, keep=[self._logger]))
