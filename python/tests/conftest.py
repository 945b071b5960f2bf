"""Shared fixtures of the binding's tests. The package is taken from this
checkout (python/), the library from $TRTINFER_LIBRARY or the checkout's
build/. Tests that need ../shared/models ($TRTINFER_SHARED_MODELS) skip
when it is absent."""
import os
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
SHARED_MODELS = Path(os.environ.get("TRTINFER_SHARED_MODELS", REPO.parent / "shared" / "models"))
sys.path.insert(0, str(PYTHON_DIR))

import numpy as np  # noqa: E402
import trtinfer as trt  # noqa: E402


class CollectingLogger(trt.infer.Logger):
    """Keeps every message it is shown."""

    def __init__(self, min_severity=trt.infer.LogSeverity.VERBOSE):
        trt.infer.Logger.__init__(self, min_severity)
        self.messages = []

    def log(self, severity, message):
        self.messages.append((severity, message))

    def text(self):
        return "\n".join(message for _, message in self.messages)


@pytest.fixture
def logger():
    return CollectingLogger()


def shared(*parts):
    """A path of the shared models folder; skips the test when it is absent."""
    path = SHARED_MODELS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return path


def read_pgm(path):
    """The 28x28 8-bit PGMs of models/mnist (a fixed 15-byte header)."""
    data = Path(path).read_bytes()
    assert data.startswith(b"P5\n28 28\n255\n")
    return np.frombuffer(data, np.uint8, 784, len(data) - 784).reshape(28, 28)


@pytest.fixture(scope="session")
def digits():
    """[(digit, uint8 image 28x28)] for models/mnist/0..9.pgm."""
    return [(d, read_pgm(REPO / "models" / "mnist" / f"{d}.pgm")) for d in range(10)]


@pytest.fixture(scope="session")
def onnx_engine():
    """The MNIST ONNX model built for the CPU."""
    return trt.utils.onnx_to_trt_engine(CollectingLogger(), str(REPO / "models" / "mnist.onnx"))


def build(network_filler, max_batch_size=1, logger=None):
    """An engine for the CPU from a network that network_filler(network)
    fills and marks outputs of."""
    builder = trt.infer.create_infer_builder(logger or CollectingLogger())
    builder.set_max_batch_size(max_batch_size)
    builder.set_backend("cpu")
    network = builder.create_network()
    network_filler(network)
    return builder.build_cuda_engine(network)
