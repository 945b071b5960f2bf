"""libtrtinfer through ctypes: finding the library, the C prototypes, and
turning failed calls into Python exceptions that carry the library's own
error messages.

The library is looked up, in order, at $TRTINFER_LIBRARY, in the build tree
next to this package (build/lib/libtrtinfer.so, for use from a checkout),
and then where the system's loader finds libtrtinfer.so.0 (an installed
library).
"""
import ctypes
import ctypes.util
import os
import threading
from pathlib import Path

MAX_DIMS = 8


class TrtDims(ctypes.Structure):
    _fields_ = [("nb_dims", ctypes.c_int32), ("d", ctypes.c_int64 * MAX_DIMS)]


class TrtHostTensor(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("type", ctypes.c_int),
        ("dims", TrtDims),
        ("data", ctypes.c_void_p),
        ("size", ctypes.c_size_t),
    ]


LOG_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)

_p = ctypes.c_void_p
_s = ctypes.c_char_p
_i = ctypes.c_int
_b = ctypes.c_bool
_z = ctypes.c_size_t
_dims_p = ctypes.POINTER(TrtDims)
_host_p = ctypes.POINTER(TrtHostTensor)

# name: (result type, argument types). Every pointer to an opaque object is a
# c_void_p; enums are ints.
_PROTOTYPES = {
    "trt_version_string": (_s, []),
    "trt_status_to_string": (_s, [_i]),
    "trt_data_type_size": (_z, [_i]),
    "trt_data_type_name": (_s, [_i]),
    # logger.h
    "trt_logger_new": (_p, [LOG_CALLBACK, _p, _i]),
    "trt_logger_free": (None, [_p]),
    "trt_logger_set_min_severity": (None, [_p, _i]),
    # builder.h
    "trt_backend_is_available": (_b, [_i, _i]),
    "trt_builder_new": (_p, [_p]),
    "trt_builder_free": (None, [_p]),
    "trt_builder_create_network": (_p, [_p]),
    "trt_builder_config_new": (_p, []),
    "trt_builder_config_free": (None, [_p]),
    "trt_builder_config_set_max_batch_size": (None, [_p, _i]),
    "trt_builder_config_set_max_workspace_size": (None, [_p, _z]),
    "trt_builder_config_set_precision": (None, [_p, _i]),
    "trt_builder_config_set_backend": (None, [_p, _i]),
    "trt_builder_config_set_device_id": (None, [_p, _i]),
    "trt_builder_config_set_optimization_level": (None, [_p, _i]),
    "trt_builder_config_set_model_hash": (None, [_p, _s]),
    "trt_builder_config_set_timing_cache": (None, [_p, _s]),
    "trt_builder_build_engine": (_p, [_p, _p, _p]),
    # network.h
    "trt_network_free": (None, [_p]),
    "trt_network_add_input": (_p, [_p, _s, _i, _dims_p]),
    "trt_network_add_constant": (_p, [_p, _s, _i, _dims_p, _p]),
    "trt_network_mark_output": (_i, [_p, _p]),
    "trt_network_unmark_output": (_i, [_p, _p]),
    "trt_network_find_tensor": (_p, [_p, _s]),
    "trt_network_set_input_dims": (_i, [_p, _p, _dims_p]),
    "trt_network_get_nb_inputs": (_i, [_p]),
    "trt_network_get_input": (_p, [_p, _i]),
    "trt_network_get_nb_outputs": (_i, [_p]),
    "trt_network_get_output": (_p, [_p, _i]),
    "trt_network_get_nb_layers": (_i, [_p]),
    "trt_network_get_layer": (_p, [_p, _i]),
    "trt_network_add_fully_connected": (_p, [_p, _p, _p, _p]),
    "trt_network_add_matmul": (_p, [_p, _p, _p]),
    "trt_network_add_activation": (_p, [_p, _p, _i, ctypes.c_float, ctypes.c_float]),
    "trt_network_add_softmax": (_p, [_p, _p, _i]),
    "trt_network_add_elementwise": (_p, [_p, _p, _p, _i]),
    "trt_network_add_unary": (_p, [_p, _p, _i]),
    "trt_network_add_concat": (_p, [_p, ctypes.POINTER(_p), _i, _i]),
    "trt_network_add_reshape": (_p, [_p, _p, _dims_p]),
    "trt_network_add_transpose": (_p, [_p, _p, ctypes.POINTER(ctypes.c_int32), _i]),
    "trt_tensor_get_name": (_s, [_p]),
    "trt_tensor_set_name": (_i, [_p, _s]),
    "trt_tensor_get_type": (_i, [_p]),
    "trt_tensor_get_dims": (TrtDims, [_p]),
    "trt_tensor_is_input": (_b, [_p]),
    "trt_tensor_is_output": (_b, [_p]),
    "trt_tensor_is_constant": (_b, [_p]),
    "trt_layer_get_name": (_s, [_p]),
    "trt_layer_set_name": (_i, [_p, _s]),
    "trt_layer_get_type": (_i, [_p]),
    "trt_layer_get_nb_inputs": (_i, [_p]),
    "trt_layer_get_input": (_p, [_p, _i]),
    "trt_layer_get_nb_outputs": (_i, [_p]),
    "trt_layer_get_output": (_p, [_p, _i]),
    # runtime.h
    "trt_engine_free": (None, [_p]),
    "trt_engine_get_nb_bindings": (_i, [_p]),
    "trt_engine_get_binding_index": (_i, [_p, _s]),
    "trt_engine_get_binding_name": (_s, [_p, _i]),
    "trt_engine_binding_is_input": (_b, [_p, _i]),
    "trt_engine_get_binding_dims": (TrtDims, [_p, _i]),
    "trt_engine_get_binding_type": (_i, [_p, _i]),
    "trt_engine_get_nb_inputs": (_i, [_p]),
    "trt_engine_get_nb_outputs": (_i, [_p]),
    "trt_engine_get_max_batch_size": (_i, [_p]),
    "trt_engine_get_backend_name": (_s, [_p]),
    "trt_engine_get_header": (_s, [_p, _s]),
    "trt_engine_serialize": (_i, [_p, ctypes.POINTER(_p), ctypes.POINTER(_z)]),
    "trt_engine_save": (_i, [_p, _s]),
    "trt_engine_describe": (_p, [_p]),
    "trt_runtime_new": (_p, [_p]),
    "trt_runtime_free": (None, [_p]),
    "trt_runtime_deserialize_engine": (_p, [_p, _p, _z]),
    "trt_runtime_load_engine": (_p, [_p, _s]),
    "trt_engine_create_context": (_p, [_p]),
    "trt_context_free": (None, [_p]),
    "trt_context_execute": (_i, [_p, _i, ctypes.POINTER(_p)]),
    "trt_context_enqueue": (_i, [_p, _i, ctypes.POINTER(_p), _p]),
    "trt_context_get_binding_dims": (TrtDims, [_p, _i]),
    # parsers.h: ONNX
    "trt_onnx_config_new": (_p, []),
    "trt_onnx_config_free": (None, [_p]),
    "trt_onnx_config_set_model_file_name": (None, [_p, _s]),
    "trt_onnx_config_get_model_file_name": (_s, [_p]),
    "trt_onnx_config_set_model_dtype": (None, [_p, _i]),
    "trt_onnx_config_get_model_dtype": (_i, [_p]),
    "trt_onnx_config_set_print_layer_info": (None, [_p, _b]),
    "trt_onnx_config_get_print_layer_info": (_b, [_p]),
    "trt_onnx_config_report_parsing_info": (None, [_p]),
    "trt_onnx_config_add_verbosity": (None, [_p]),
    "trt_onnx_config_reduce_verbosity": (None, [_p]),
    "trt_onnx_config_set_verbosity_level": (None, [_p, _i]),
    "trt_onnx_config_get_verbosity_level": (_i, [_p]),
    "trt_onnx_config_set_logger": (None, [_p, _p]),
    "trt_onnx_parser_new": (_p, [_p]),
    "trt_onnx_parser_free": (None, [_p]),
    "trt_onnx_parser_parse": (_i, [_p, _s, _i]),
    "trt_onnx_parser_convert_to_network": (_i, [_p]),
    "trt_onnx_parser_get_network": (_p, [_p]),
    "trt_onnx_parse_file": (_i, [_p, _s, _p]),
    "trt_onnx_read_tensor_file": (_i, [_s, _host_p, _p]),
    "trt_host_tensor_free": (None, [_host_p]),
    # parsers.h: Caffe
    "trt_caffe_parser_new": (_p, []),
    "trt_caffe_parser_free": (None, [_p]),
    "trt_caffe_parser_set_logger": (None, [_p, _p]),
    "trt_caffe_parser_parse": (_p, [_p, _s, _s, _p, _i]),
    "trt_blob_name_to_tensor_find": (_p, [_p, _s]),
    "trt_caffe_parser_parse_binary_proto": (_i, [_p, _s, _host_p]),
    # parsers.h: TensorFlow frozen graphs and UFF
    "trt_uff_parser_new": (_p, []),
    "trt_uff_parser_free": (None, [_p]),
    "trt_uff_parser_set_logger": (None, [_p, _p]),
    "trt_uff_parser_register_input": (_i, [_p, _s, _dims_p, _i]),
    "trt_uff_parser_register_output": (_i, [_p, _s]),
    "trt_uff_parser_clear": (None, [_p]),
    "trt_uff_parser_parse": (_i, [_p, _s, _p, _i]),
    "trt_uff_parser_parse_buffer": (_i, [_p, _p, _z, _p, _i]),
}


def _library_path():
    path = os.environ.get("TRTINFER_LIBRARY")
    if path:
        return path
    checkout = Path(__file__).resolve().parents[2] / "build" / "lib" / "libtrtinfer.so"
    if checkout.exists():
        return str(checkout)
    return ctypes.util.find_library("trtinfer") or "libtrtinfer.so.0"


def _load():
    path = _library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(
            f"trtinfer: cannot load libtrtinfer ({e}); build it (make build) and "
            "set TRTINFER_LIBRARY to the path of libtrtinfer.so, or install it"
        ) from None
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name, None)
        if fn is None:  # a part this build of the library does not have
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    return lib, path


lib, library_path = _load()
_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]
_libc.free.restype = None


def has(name):
    """Whether this build of the library exports `name`."""
    return hasattr(lib, name)


def c_free(pointer):
    """free() for buffers the library hands over with malloc."""
    _libc.free(pointer)


def encode(text):
    return os.fsencode(text) if isinstance(text, (str, os.PathLike)) else bytes(text)


def decode(raw):
    return raw.decode("utf-8", "replace") if raw is not None else None


# -- errors --------------------------------------------------------------------

class TrtError(RuntimeError):
    """A call into libtrtinfer failed. The message holds what the library
    logged about it; `status` is the TrtStatus name (e.g. "PARSE_ERROR")
    when the call returned one."""

    __module__ = "trtinfer"

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


_STATUS_NAMES = [
    "OK", "INVALID_ARGUMENT", "FILE_ERROR", "PARSE_ERROR", "UNSUPPORTED",
    "SHAPE_ERROR", "OUT_OF_MEMORY", "VERSION_MISMATCH", "DEVICE_MISMATCH",
    "CORRUPT", "BACKEND_ERROR", "INTERNAL_ERROR",
]

_local = threading.local()


def record_error(message):
    """Called by the logger callbacks for every error the library logs: the
    innermost `capture()` of this thread keeps it."""
    stack = getattr(_local, "stack", None)
    if stack:
        stack[-1].append(message)


class capture:
    """Collects the errors logged during a block of calls, so that a failure
    raised after it carries the library's explanation:

        with capture() as errors:
            status = lib.trt_engine_save(engine, path)
        check(status, errors, "cannot save the engine")
    """

    def __enter__(self):
        self.messages = []
        if not hasattr(_local, "stack"):
            _local.stack = []
        _local.stack.append(self.messages)
        return self

    def __exit__(self, *exc):
        _local.stack.pop()
        return False

    def error(self, what, status=None):
        """A TrtError with the errors logged so far (they name the file,
        layer or binding), or else `what` and the status."""
        name = _STATUS_NAMES[status] if status is not None and 0 <= status < len(
            _STATUS_NAMES) else None
        if self.messages:
            return TrtError("; ".join(self.messages), name)
        reason = decode(lib.trt_status_to_string(status)) if name else "see the log"
        return TrtError(f"{what}: {reason}", name)


def check(status, errors, what):
    """Raises TrtError unless `status` is TRT_STATUS_OK."""
    if status != 0:
        raise errors.error(what, status)


# -- ownership -----------------------------------------------------------------

class Handle:
    """Owns one C object and frees it when the last Python reference to it
    goes. `keep` holds what the C object points into (its logger, its
    engine, the parser that owns it: Handles, or objects with a `_handle`),
    so those outlive it.

    Python finalizes the objects of an unreachable reference cycle in no
    particular order, so a Handle also counts the Handles that depend on
    it and frees its C object only once they have freed theirs."""

    __slots__ = ("ptr", "_free", "_keep", "_parents", "_children", "_released",
                 "__weakref__")

    def __init__(self, ptr, free=None, keep=()):
        self.ptr = ptr
        self._free = free
        self._keep = tuple(keep)
        self._parents = tuple(k if isinstance(k, Handle) else k._handle for k in self._keep
                              if isinstance(k, Handle) or isinstance(
                                  getattr(k, "_handle", None), Handle))
        self._children = 0
        self._released = False
        for parent in self._parents:
            parent._children += 1

    def __del__(self):
        self._released = True
        self._free_when_unused()

    def _free_when_unused(self):
        if not self._released or self._children or not self.ptr:
            return
        ptr, self.ptr = self.ptr, None
        if self._free is not None:
            self._free(ptr)
        for parent in self._parents:
            parent._children -= 1
            parent._free_when_unused()
