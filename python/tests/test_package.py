"""The package build (trtinfer_build.py, what `pip install ./python` runs):
the wheel holds every module with a RECORD that matches, the sdist can
build it again."""
import base64
import hashlib
import importlib
import sys
import tarfile
import zipfile

import pytest

from conftest import PYTHON_DIR

pytest.importorskip("tomllib", reason="building the package needs Python 3.11")
sys.path.insert(0, str(PYTHON_DIR))
backend = importlib.import_module("trtinfer_build")


def test_wheel_holds_every_module_with_a_matching_record(tmp_path):
    name = backend.build_wheel(str(tmp_path))
    assert name == "trtinfer-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        modules = {p.relative_to(PYTHON_DIR).as_posix()
                   for p in (PYTHON_DIR / "trtinfer").rglob("*.py")}
        assert modules <= names
        metadata = wheel.read("trtinfer-0.1.0.dist-info/METADATA").decode()
        assert "Name: trtinfer" in metadata and "Requires-Dist: numpy" in metadata
        record = wheel.read("trtinfer-0.1.0.dist-info/RECORD").decode().splitlines()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            if path.endswith("RECORD"):
                continue
            data = wheel.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode() and int(size) == len(data)
        assert {line.split(",")[0] for line in record} == names


def test_sdist_builds_the_same_wheel(tmp_path):
    name = backend.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as sdist:
        if hasattr(tarfile, "data_filter"):  # Python 3.12 warns without a filter
            sdist.extractall(tmp_path / "src", filter="data")
        else:
            sdist.extractall(tmp_path / "src")
    root = tmp_path / "src" / "trtinfer-0.1.0"
    assert (root / "trtinfer" / "parsers" / "onnxparser.py").exists()
    assert (root / "PKG-INFO").read_text().startswith("Metadata-Version")


def test_editable_wheel_points_at_this_folder(tmp_path):
    name = backend.build_editable(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        assert wheel.read("trtinfer.pth").decode().strip() == str(PYTHON_DIR)
