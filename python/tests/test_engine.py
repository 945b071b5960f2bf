"""Engines, engine files and execution contexts: bindings, serialize and
load, NumPy buffers used in place, and errors on bad buffers and files."""
import gc

import numpy as np
import pytest

from conftest import CollectingLogger, REPO
import trtinfer as trt
from trtinfer import _bindings


@pytest.fixture
def mnist_input(digits):
    return (1.0 - digits[3][1].astype(np.float32) / 255).reshape(1, 1, 28, 28)


def test_bindings_describe_the_model(onnx_engine):
    e = onnx_engine
    assert e.get_nb_bindings() == e.num_bindings == 2
    assert (e.get_nb_inputs(), e.get_nb_outputs()) == (1, 1)
    assert e.get_binding_name(0) == "Input3" and e.binding_is_input(0)
    assert e.get_binding_name(1) == "Plus214_Output_0" and not e.binding_is_input(1)
    assert e.get_binding_index("Plus214_Output_0") == 1 and e.get_binding_index("nope") == -1
    assert e.get_binding_dimensions(0) == (1, 1, 28, 28)
    assert e.get_binding_dimensions(0).to_DimsCHW().H() == 28
    assert e.get_binding_dimensions(1).vol() == 10
    assert e.get_binding_data_type(1) == trt.infer.DataType.FLOAT
    assert e.input_names == ["Input3"] and e.output_names == ["Plus214_Output_0"]
    assert e.get_backend_name() in ("cpu", "cuda") and e.get_max_batch_size() == 0
    assert e.get_header("library_version") == trt.library_version
    assert e.get_header("no such key") is None
    assert "Input3" in e.describe()
    with pytest.raises(IndexError):
        e.get_binding_name(2)


def test_infer_classifies_and_accepts_other_float_types(onnx_engine, mnist_input):
    scores = onnx_engine.infer({"Input3": mnist_input})["Plus214_Output_0"]
    assert scores.shape == (1, 10) and scores.dtype == np.float32 and scores.argmax() == 3
    again = onnx_engine.infer({"Input3": mnist_input.astype(np.float64)[0]})["Plus214_Output_0"]
    np.testing.assert_array_equal(scores, again)
    with pytest.raises(TypeError, match="cannot take complex"):
        onnx_engine.infer({"Input3": mnist_input.astype(np.complex64)})
    with pytest.raises(KeyError, match="missing"):
        onnx_engine.infer({})
    with pytest.raises(KeyError, match="unknown"):
        onnx_engine.infer({"Input3": mnist_input, "extra": mnist_input})
    with pytest.raises(ValueError, match=r"takes \[1, 1, 28, 28\]"):
        onnx_engine.infer({"Input3": np.zeros((2, 28, 28), np.float32)})


def test_inputs_are_used_in_place_when_they_fit(onnx_engine, mnist_input):
    binding = onnx_engine._bindings[0]
    assert _bindings.as_input_array(binding, mnist_input) is mnist_input
    strided = np.zeros((1, 1, 28, 56), np.float32)[..., ::2]
    converted = _bindings.as_input_array(binding, strided)
    assert converted.flags.c_contiguous and not np.shares_memory(converted, strided)


def test_execute_writes_into_the_output_array(onnx_engine, mnist_input):
    context = onnx_engine.create_execution_context()
    assert context.get_engine() is onnx_engine
    out = np.full((1, 10), np.nan, np.float32)
    context.execute(1, [mnist_input, out])
    np.testing.assert_array_equal(out, onnx_engine.infer({"Input3": mnist_input})["Plus214_Output_0"])
    raw = np.zeros((1, 10), np.float32)
    context.execute(1, [mnist_input.ctypes.data, raw.ctypes.data])  # addresses as ints
    np.testing.assert_array_equal(raw, out)
    if onnx_engine.get_backend_name() == "cpu":  # enqueue runs synchronously there
        queued = np.zeros((1, 10), np.float32)
        context.enqueue(1, [mnist_input, queued], None)
        np.testing.assert_array_equal(queued, out)


@pytest.mark.parametrize("bad, error, match", [
    (lambda x, o: [x, o.astype(np.float64)], TypeError, "the array is float64"),
    (lambda x, o: [x, o[:, :5]], ValueError, "needs 40 bytes"),
    (lambda x, o: [x, np.zeros((1, 20), np.float32)[:, ::2]], ValueError, "not C-contiguous"),
    (lambda x, o: [x], ValueError, "has 2 bindings"),
    (lambda x, o: [x, "out"], TypeError, "NumPy array or an address"),
])
def test_execute_refuses_bad_buffers(onnx_engine, mnist_input, bad, error, match):
    context = onnx_engine.create_execution_context()
    with pytest.raises(error, match=match):
        context.execute(1, bad(mnist_input, np.zeros((1, 10), np.float32)))


def test_execute_refuses_read_only_outputs_and_null_bindings(onnx_engine, mnist_input):
    context = onnx_engine.create_execution_context()
    out = np.zeros((1, 10), np.float32)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        context.execute(1, [mnist_input, out])
    with pytest.raises(trt.TrtError, match="binding 1 .* is NULL") as error:
        context.execute(1, [mnist_input, 0])
    assert error.value.status == "INVALID_ARGUMENT"


def test_serialize_and_load_give_the_same_results(onnx_engine, mnist_input, tmp_path):
    data = onnx_engine.serialize()
    assert isinstance(data, bytes) and len(data) > 20000
    expected = onnx_engine.infer({"Input3": mnist_input})["Plus214_Output_0"]
    logger = CollectingLogger()
    runtime = trt.infer.create_infer_runtime(logger)
    for source in (data, bytearray(data), memoryview(data), np.frombuffer(data, np.uint8)):
        loaded = runtime.deserialize_cuda_engine(source)
        np.testing.assert_array_equal(loaded.infer({"Input3": mnist_input})["Plus214_Output_0"],
                                      expected)
    path = tmp_path / "mnist.engine"
    assert trt.utils.write_engine_to_file(str(path), data)
    assert path.read_bytes() == data
    loaded = trt.utils.load_engine(logger, path)
    assert loaded.serialize() == data
    onnx_engine.save(str(tmp_path / "saved.engine"))
    assert (tmp_path / "saved.engine").read_bytes() == data


def test_bad_engine_files_raise_with_the_reason(onnx_engine, tmp_path):
    data = onnx_engine.serialize()
    runtime = trt.infer.create_infer_runtime(CollectingLogger())
    with pytest.raises(trt.TrtError) as error:
        runtime.deserialize_cuda_engine(data[: len(data) // 2])
    assert "truncated" in str(error.value) or "short" in str(error.value)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    with pytest.raises(trt.TrtError, match="checksum"):
        runtime.deserialize_cuda_engine(flipped)
    for garbage in (b"", b"\0" * 64, np.random.default_rng(5).bytes(4096)):
        with pytest.raises(trt.TrtError):
            runtime.deserialize_cuda_engine(garbage)
    with pytest.raises(trt.TrtError) as error:
        trt.utils.load_engine(CollectingLogger(), tmp_path / "missing.engine")
    assert "missing.engine" in str(error.value)
    with pytest.raises(trt.TrtError):
        runtime.load_engine(str(REPO / "models" / "mnist.onnx"))
    with pytest.raises(ValueError, match="plugin"):
        runtime.deserialize_cuda_engine(data, object())


def test_objects_outlive_what_made_them(mnist_input):
    """Contexts keep their engine, engines their logger; destroy() only lets
    go of the Python handle, and reference cycles free in any order."""
    logger = CollectingLogger()
    engine = trt.utils.onnx_to_trt_engine(logger, str(REPO / "models" / "mnist.onnx"))
    context = engine.create_execution_context()
    engine.infer({"Input3": mnist_input})  # a cached context: engine <-> context cycle
    engine.destroy()
    with pytest.raises(ValueError, match="destroyed"):
        engine.serialize()
    del engine, logger
    gc.collect()
    out = np.zeros((1, 10), np.float32)
    context.execute(1, [mnist_input, out])
    assert out.argmax() == 3
    for _ in range(5):
        e = trt.utils.onnx_to_trt_engine(CollectingLogger(), str(REPO / "models" / "mnist.onnx"))
        e.infer({"Input3": mnist_input})
        del e
        gc.collect()
