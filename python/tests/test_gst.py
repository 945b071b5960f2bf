"""The GStreamer example reads the trtinfer element's bus messages and
region-of-interest metadata. Skipped without PyGObject or the plugin
($TRTINFER_GST_PLUGIN_PATH, else the checkout's build/gst/trtinfer)."""
import os
import re
import subprocess
import sys

import pytest

from conftest import PYTHON_DIR, REPO

pytest.importorskip("gi", reason="PyGObject (python3-gi) is not installed")
PLUGIN_PATH = os.environ.get("TRTINFER_GST_PLUGIN_PATH", str(REPO / "build" / "gst" / "trtinfer"))


def run_app(*args):
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    result = subprocess.run([sys.executable, str(PYTHON_DIR / "examples" / "gst_results.py"),
                             "--plugin-path", PLUGIN_PATH, *args],
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode == 77:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_mnist_messages_name_each_digit():
    lines = run_app().splitlines()
    labels = [re.match(r"frame (\d+): label=(\d) confidence=([0-9.]+)", line) for line in lines]
    assert [(int(m[1]), m[2]) for m in labels] == [(d, str(d)) for d in range(10)]
    assert all(float(m[3]) > 0.9 for m in labels)


def test_faces_come_as_regions_of_interest():
    out = run_app("--faces")
    detections = re.findall(r"detection face \(([0-9.]+)\) at (\d+),(\d+) (\d+)x(\d+)", out)
    rois = re.findall(r"roi \d+ 'face' at (\d+),(\d+) (\d+)x(\d+) class-id=1 "
                      r"confidence=([0-9.]+)", out)
    assert len(detections) == len(rois) == 4
    # The metadata and the message describe the same boxes.
    assert sorted(d[1:] for d in detections) == sorted(r[:4] for r in rois)
