"""The examples run as a user runs them, and classify all ten digits (an
example exits with 77 when the models it needs are absent)."""
import os
import subprocess
import sys

import pytest

from conftest import PYTHON_DIR

EXAMPLES = PYTHON_DIR / "examples"


def run_example(name, *args):
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    result = subprocess.run([sys.executable, str(EXAMPLES / name), *args], env=env,
                            capture_output=True, text=True, timeout=300)
    if result.returncode == 77:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_onnx_example(tmp_path):
    out = run_example("onnx_mnist.py", "--engine", str(tmp_path / "mnist.engine"))
    assert "ONNX, built engine: 10/10 digits right" in out
    assert "ONNX, engine loaded from mnist.engine: 10/10 digits right" in out
    assert (tmp_path / "mnist.engine").stat().st_size > 20000


def test_caffe_example():
    out = run_example("caffe_mnist.py")
    assert out.count("10/10 digits right") == 3


def test_uff_example():
    out = run_example("uff_mnist.py")
    assert out.count("10/10 digits right") == 4
