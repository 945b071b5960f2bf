"""The PEP 517 build backend of the trtinfer Python package: a pure-Python
wheel (or sdist) made with the standard library alone, so that
`pip install ./python` needs no package index. Metadata come from
pyproject.toml's [project] table; the packages to ship from
[tool.trtinfer-build].

The wheel holds only Python code: libtrtinfer itself is found at run time
(see trtinfer/_lib.py).
"""
import base64
import hashlib
import io
import os
import tarfile
import zipfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    raise ImportError("building the trtinfer package needs Python 3.11 or newer "
                      "(tomllib); the package itself runs on 3.9") from None

ROOT = Path(__file__).resolve().parent
TAG = "py3-none-any"


def _project():
    with open(ROOT / "pyproject.toml", "rb") as f:
        data = tomllib.load(f)
    return data["project"], data["tool"]["trtinfer-build"]


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License: {project['license']['text']}",
    ]
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    readme = ROOT / project["readme"]
    text = "\n".join(lines) + "\n"
    if readme.exists():
        text += "Description-Content-Type: text/markdown\n\n" + readme.read_text()
    return text


def _package_files(tool):
    for package in tool["packages"]:
        folder = ROOT.joinpath(*package.split("."))
        for path in sorted(folder.glob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_bytes()


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"{name},sha256={digest.decode()},{len(data)}"


def _write_wheel(wheel_directory, files):
    project, _ = _project()
    dist = f"{project['name']}-{project['version']}"
    info = f"{dist}.dist-info"
    files = list(files) + [
        (f"{info}/METADATA", _metadata(project).encode()),
        (f"{info}/WHEEL", (f"Wheel-Version: 1.0\nGenerator: trtinfer_build\n"
                           f"Root-Is-Purelib: true\nTag: {TAG}\n").encode()),
    ]
    record = "\n".join(_record_line(n, d) for n, d in files) + f"\n{info}/RECORD,,\n"
    name = f"{dist}-{TAG}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                         zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(path, data)
        wheel.writestr(f"{info}/RECORD", record)
    return name


# -- PEP 517 / PEP 660 hooks ----------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _, tool = _project()
    return _write_wheel(wheel_directory, _package_files(tool))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose .pth file puts this folder on sys.path."""
    project, _ = _project()
    return _write_wheel(wheel_directory,
                        [(f"{project['name']}.pth", f"{ROOT}\n".encode())])


def build_sdist(sdist_directory, config_settings=None):
    project, tool = _project()
    dist = f"{project['name']}-{project['version']}"
    files = [("pyproject.toml", (ROOT / "pyproject.toml").read_bytes()),
             ("trtinfer_build.py", (ROOT / "trtinfer_build.py").read_bytes()),
             ("PKG-INFO", _metadata(project).encode())]
    if (ROOT / project["readme"]).exists():
        files.append((project["readme"], (ROOT / project["readme"]).read_bytes()))
    files += list(_package_files(tool))
    name = f"{dist}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for path, data in files:
            entry = tarfile.TarInfo(f"{dist}/{path}")
            entry.size = len(data)
            entry.mode = 0o644
            sdist.addfile(entry, io.BytesIO(data))
    return name
