"""Engines on the GPU from Python: the same results as the CPU through host
NumPy bindings, and enqueue with device buffers (CuPy) on a CUDA stream.
Skipped where the library has no CUDA backend or no GPU answers."""
import numpy as np
import pytest

from conftest import CollectingLogger, REPO
import trtinfer as trt
from trtinfer.parsers import onnxparser

pytestmark = pytest.mark.skipif(not trt.infer.backend_is_available(trt.infer.Backend.CUDA),
                                reason="no CUDA backend or no GPU")
MNIST = str(REPO / "models" / "mnist.onnx")


def mnist_engine(backend, max_batch=1):
    builder = trt.infer.create_infer_builder(CollectingLogger())
    builder.set_backend(backend)
    builder.set_max_batch_size(max_batch)
    parser = onnxparser.create_onnxparser(onnxparser.create_onnxconfig())
    parser.parse(MNIST)
    parser.convert_to_trt_network()
    return builder.build_cuda_engine(parser.get_trt_network())


@pytest.fixture(scope="module")
def inputs(digits):
    return [(d, (1 - image.astype(np.float32) / 255).reshape(1, 1, 28, 28)) for d, image in digits]


def test_gpu_engine_matches_the_cpu_one(inputs):
    gpu, cpu = mnist_engine("cuda"), mnist_engine("cpu")
    assert gpu.get_backend_name() == "cuda"
    for digit, x in inputs:
        on_gpu = gpu.infer({"Input3": x})["Plus214_Output_0"]
        np.testing.assert_allclose(on_gpu, cpu.infer({"Input3": x})["Plus214_Output_0"],
                                   rtol=1e-3, atol=1e-3)
        assert on_gpu.argmax() == digit


def test_serialized_gpu_engine_loads_again(inputs):
    engine = mnist_engine("cuda")
    loaded = trt.infer.create_infer_runtime(CollectingLogger()).deserialize_cuda_engine(
        engine.serialize())
    assert loaded.get_backend_name() == "cuda"
    context = loaded.create_execution_context()
    out = np.zeros((1, 10), np.float32)
    for digit, x in inputs:
        context.execute(1, [x, out])
        assert out.argmax() == digit


def test_enqueue_with_device_buffers_on_a_stream(inputs):
    cupy = pytest.importorskip("cupy")
    engine = mnist_engine("cuda")
    context = engine.create_execution_context()
    stream = cupy.cuda.Stream(non_blocking=True)
    with stream:
        d_in = cupy.empty((1, 1, 28, 28), cupy.float32)
        d_out = cupy.zeros((1, 10), cupy.float32)
        for digit, x in inputs:
            d_in.set(x, stream=stream)
            context.enqueue(1, [d_in.data.ptr, d_out.data.ptr], stream.ptr)
            stream.synchronize()
            assert int(d_out.get().argmax()) == digit
    with pytest.raises(TypeError, match="device addresses"):
        context.enqueue(1, [inputs[0][1], np.zeros((1, 10), np.float32)], stream.ptr)
