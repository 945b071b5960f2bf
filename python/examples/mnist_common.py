"""What the MNIST examples share: where the files are, the digit images,
and the report of how many digits were classified right.

Run from a checkout, the examples use its python/ folder when trtinfer is
not installed, and the library of its build/ folder unless
TRTINFER_LIBRARY names another. Third-party models (Caffe, TensorFlow/UFF)
are read from ../shared/models next to the repository, or from
$TRTINFER_SHARED_MODELS.
"""
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_MODELS = Path(os.environ.get("TRTINFER_SHARED_MODELS", REPO.parent / "shared" / "models"))

try:
    import trtinfer  # noqa: F401  (installed)
except ImportError:
    sys.path.insert(0, str(REPO / "python"))

import numpy as np  # noqa: E402


def read_pgm(path):
    """An 8-bit binary PGM (P5) as a uint8 array [height, width]."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment
        while pos < len(data) and data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while end < len(data) and not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P5" or maxval > 255:
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    pixels = np.frombuffer(data, np.uint8, width * height, pos + 1)
    return pixels.reshape(height, width)


def digits():
    """(digit, image) for the ten images of models/mnist: dark digits on a
    white background, as TensorRT's sample PGMs."""
    return [(d, read_pgm(REPO / "models" / "mnist" / f"{d}.pgm")) for d in range(10)]


def shared_model(*parts):
    """A file of the shared models folder; exits with status 77 (skipped)
    when it is not there."""
    path = SHARED_MODELS.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} is not there", file=sys.stderr)
        sys.exit(77)
    return path


def report(title, predictions):
    """Prints one line per digit and a total; the exit status (0 when every
    digit is right)."""
    right = 0
    for digit, (predicted, confidence) in predictions:
        right += predicted == digit
        mark = "" if predicted == digit else "  <- wrong"
        print(f"  {digit}.pgm: {predicted} ({confidence:.4f}){mark}")
    print(f"{title}: {right}/10 digits right")
    return 0 if right == 10 else 1


def softmax(scores):
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    e = np.exp(scores - scores.max())
    return e / e.sum()
