"""The builder (TensorRT's IBuilder): makes networks and optimizes them into
engines. The build settings (max batch, workspace, precision, backend) are
the builder's, as in TensorRT's original API."""
from . import _lib
from ._engine import Engine
from ._logger import logger_pointer
from ._network import Network
from ._types import Backend

lib = _lib.lib

_PRECISION_FP32, _PRECISION_FP16, _PRECISION_INT8 = 0, 1, 2


class Builder:
    def __init__(self, logger):
        ptr = lib.trt_builder_new(logger_pointer(logger))
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a builder")
        self._logger = logger
        self._handle = _lib.Handle(ptr, lib.trt_builder_free, keep=[logger])
        self._max_batch_size = 1
        self._max_workspace_size = 1 << 30
        self._fp16 = False
        self._int8 = False
        self._backend = Backend.AUTO
        self._device_id = 0
        self._optimization_level = 3
        self._timing_cache = None

    def destroy(self):
        """Lets go of the builder; networks and engines it made stay usable."""
        self._handle = None

    def _ptr(self):
        if self._handle is None:
            raise ValueError("the builder was destroyed")
        return self._handle.ptr

    def create_network(self):
        """A new, empty network whose messages go to the builder's logger."""
        ptr = lib.trt_builder_create_network(self._ptr())
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a network")
        return Network(_lib.Handle(ptr, lib.trt_network_free, keep=[self._logger]))

    # -- settings, with TensorRT's setter names and as properties ------------

    def set_max_batch_size(self, size):
        if int(size) < 1:
            raise ValueError(f"max batch size {size} is not positive")
        self._max_batch_size = int(size)

    def get_max_batch_size(self):
        return self._max_batch_size

    max_batch_size = property(get_max_batch_size, set_max_batch_size)

    def set_max_workspace_size(self, size):
        if int(size) < 0:
            raise ValueError(f"workspace size {size} is negative")
        self._max_workspace_size = int(size)

    def get_max_workspace_size(self):
        return self._max_workspace_size

    max_workspace_size = property(get_max_workspace_size, set_max_workspace_size)

    def set_fp16_mode(self, on):
        """Let layers run in half precision (float32 where they cannot)."""
        self._fp16 = bool(on)

    def get_fp16_mode(self):
        return self._fp16

    fp16_mode = property(get_fp16_mode, set_fp16_mode)
    set_half2_mode = set_fp16_mode
    get_half2_mode = get_fp16_mode

    def set_int8_mode(self, on):
        """Let layers run in int8 (they fall back to wider types per layer)."""
        self._int8 = bool(on)

    def get_int8_mode(self):
        return self._int8

    int8_mode = property(get_int8_mode, set_int8_mode)

    def set_backend(self, backend):
        """Backend.AUTO (default), CPU or CUDA, or their names."""
        if isinstance(backend, str):
            if backend.upper() not in Backend.__members__:
                raise ValueError(f"unknown backend '{backend}' (auto, cpu or cuda)")
            backend = Backend[backend.upper()]
        self._backend = Backend(backend)

    def get_backend(self):
        return self._backend

    backend = property(get_backend, set_backend)

    def set_device_id(self, device_id):
        self._device_id = int(device_id)

    def set_optimization_level(self, level):
        """0: no optimization passes (for debugging); 3 (default): all."""
        self._optimization_level = int(level)

    def set_timing_cache(self, path):
        """File where tactic timings are kept between builds (None: none)."""
        self._timing_cache = path

    # -- building ------------------------------------------------------------

    def _config(self):
        ptr = lib.trt_builder_config_new()
        if not ptr:
            raise MemoryError("trtinfer: cannot allocate a builder config")
        config = _lib.Handle(ptr, lib.trt_builder_config_free)
        precision = (_PRECISION_INT8 if self._int8 else
                     _PRECISION_FP16 if self._fp16 else _PRECISION_FP32)
        lib.trt_builder_config_set_max_batch_size(ptr, self._max_batch_size)
        lib.trt_builder_config_set_max_workspace_size(ptr, self._max_workspace_size)
        lib.trt_builder_config_set_precision(ptr, precision)
        lib.trt_builder_config_set_backend(ptr, self._backend)
        lib.trt_builder_config_set_device_id(ptr, self._device_id)
        lib.trt_builder_config_set_optimization_level(ptr, self._optimization_level)
        if self._timing_cache is not None:
            lib.trt_builder_config_set_timing_cache(ptr, _lib.encode(self._timing_cache))
        return config

    def build_cuda_engine(self, network):
        """Builds an engine for the chosen backend (the name is TensorRT's:
        without a GPU, AUTO builds for the CPU). Raises TrtError with the
        library's message when the network cannot be built."""
        if not isinstance(network, Network):
            raise TypeError(f"expected a Network, got {type(network).__name__}")
        config = self._config()
        with _lib.capture() as errors:
            ptr = lib.trt_builder_build_engine(self._ptr(), network._ptr(), config.ptr)
        if not ptr:
            raise errors.error("cannot build the engine")
        return Engine(_lib.Handle(ptr, lib.trt_engine_free, keep=[self._logger]))
